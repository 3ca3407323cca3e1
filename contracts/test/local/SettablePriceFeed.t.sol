// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {SettablePriceFeed} from "../../src/local/SettablePriceFeed.sol";

contract SettablePriceFeedTest is Test {
    SettablePriceFeed internal feed;
    address internal owner = makeAddr("owner");

    function setUp() public {
        vm.warp(1_700_000_000);
        feed = new SettablePriceFeed(8, "WETH / USD", 2000e8, owner);
    }

    function test_constructor_writesRoundOneAtDeployTime() public view {
        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            feed.latestRoundData();
        assertEq(roundId, 1);
        assertEq(answer, 2000e8);
        assertEq(startedAt, 1_700_000_000);
        assertEq(updatedAt, 1_700_000_000);
        assertEq(answeredInRound, 1);
        assertEq(feed.decimals(), 8);
        assertEq(feed.description(), "WETH / USD");
        assertEq(feed.latestAnswer(), 2000e8);
    }

    function test_setPrice_opensANewRoundStampedWithTheBlockTime() public {
        vm.warp(1_700_000_600);
        vm.prank(owner);
        feed.setPrice(1900e8);
        (uint80 roundId, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        assertEq(roundId, 2);
        assertEq(answer, 1900e8);
        assertEq(updatedAt, 1_700_000_600);
        assertEq(feed.latestRound(), 2);
        assertEq(feed.latestTimestamp(), 1_700_000_600);
        (, int256 old,, uint256 oldUpdatedAt,) = feed.getRoundData(1);
        assertEq(old, 2000e8);
        assertEq(oldUpdatedAt, 1_700_000_000);
    }

    function test_latestRoundData_goesStaleWhenLeftAlone() public {
        vm.warp(block.timestamp + 3601);
        (,,, uint256 updatedAt,) = feed.latestRoundData();
        assertGt(block.timestamp - updatedAt, 3600);
    }

    function test_setPrice_revertsForAnyoneButTheOwner() public {
        address stranger = makeAddr("stranger");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        feed.setPrice(1);
    }

    function test_getRoundData_revertsForAnUnknownRound() public {
        vm.expectRevert(abi.encodeWithSelector(SettablePriceFeed.FeedRoundNotFound.selector, uint80(2)));
        feed.getRoundData(2);
        vm.expectRevert(abi.encodeWithSelector(SettablePriceFeed.FeedRoundNotFound.selector, uint80(0)));
        feed.getRoundData(0);
    }

    function test_fuzz_setPrice_storesAnyAnswerWithHonestTimestamps(int256 answer, uint32 elapsed) public {
        uint256 at = block.timestamp + elapsed;
        vm.warp(at);
        vm.prank(owner);
        feed.setPrice(answer);
        (uint80 roundId, int256 stored,, uint256 updatedAt,) = feed.latestRoundData();
        assertEq(roundId, 2);
        assertEq(stored, answer);
        assertEq(updatedAt, at);
    }
}
