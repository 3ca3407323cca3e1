// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Multicall3} from "../../src/local/Multicall3.sol";
import {SettablePriceFeed} from "../../src/local/SettablePriceFeed.sol";

contract Multicall3Test is Test {
    Multicall3 internal multicall;
    SettablePriceFeed internal feed;

    function setUp() public {
        multicall = new Multicall3();
        feed = new SettablePriceFeed(8, "WETH / USD", 2000e8, address(this));
    }

    function test_aggregate3_reportsEachCallAndToleratesAllowedFailures() public {
        Multicall3.Call3[] memory calls = new Multicall3.Call3[](3);
        calls[0] = Multicall3.Call3(address(feed), false, abi.encodeCall(SettablePriceFeed.latestAnswer, ()));
        calls[1] = Multicall3.Call3(address(feed), true, abi.encodeCall(SettablePriceFeed.getRoundData, (uint80(9))));
        calls[2] = Multicall3.Call3(address(multicall), false, abi.encodeCall(Multicall3.getChainId, ()));
        Multicall3.Result[] memory results = multicall.aggregate3(calls);
        assertEq(results.length, 3);
        assertTrue(results[0].success);
        assertEq(abi.decode(results[0].returnData, (int256)), 2000e8);
        assertFalse(results[1].success);
        assertEq(results[1].returnData,
            abi.encodeWithSelector(SettablePriceFeed.FeedRoundNotFound.selector, uint80(9)));
        assertEq(abi.decode(results[2].returnData, (uint256)), block.chainid);
    }

    function test_aggregate3_revertsWhenACallThatMustSucceedFails() public {
        Multicall3.Call3[] memory calls = new Multicall3.Call3[](1);
        calls[0] = Multicall3.Call3(address(feed), false, abi.encodeCall(SettablePriceFeed.getRoundData, (uint80(0))));
        bytes memory inner = abi.encodeWithSelector(SettablePriceFeed.FeedRoundNotFound.selector, uint80(0));
        vm.expectRevert(abi.encodeWithSelector(Multicall3.Multicall3CallFailed.selector, 0, inner));
        multicall.aggregate3(calls);
    }

    function test_fuzz_aggregate3_returnsOneResultPerCallInOrder(uint8 count) public {
        Multicall3.Call3[] memory calls = new Multicall3.Call3[](count);
        for (uint256 i = 0; i < count; ++i) {
            calls[i] = Multicall3.Call3(address(multicall), true, abi.encodeCall(Multicall3.getBlockNumber, ()));
        }
        Multicall3.Result[] memory results = multicall.aggregate3(calls);
        assertEq(results.length, count);
        for (uint256 i = 0; i < count; ++i) {
            assertTrue(results[i].success);
            assertEq(abi.decode(results[i].returnData, (uint256)), block.number);
        }
    }
}
