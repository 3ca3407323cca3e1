// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {MockAggregator} from "../mocks/MockAggregator.sol";
import {BallastPriceModule} from "../../src/BallastPriceModule.sol";
import {IBallastPriceModule} from "../../src/interfaces/IBallastPriceModule.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";

/// @notice THREAT_MODEL row 4 at vault level: the fixture's vault on a price module with an L2 sequencer-uptime
/// feed (answer 0 up, 1 down; `startedAt` the time of the last change) and a one-hour grace period. While the
/// sequencer is down, and through the grace period after it is back (inclusive), every price the vault reads
/// fails: deposits and upkeeps close, and so do exits once the vault holds base (`lastPrice` checks the
/// sequencer too). After the grace period everything reopens and the upkeep acts on the price of that time.
contract BallastVaultSequencerTest is VaultFixture {
    uint256 internal constant GRACE = 1 hours;

    MockAggregator internal sequencer;

    function setUp() public override {
        _setUpMarket();
        sequencer = new MockAggregator(0, 0);
        sequencer.set(0, block.timestamp - 1 days, block.timestamp - 1 days); // up for a day
        IBallastPriceModule.FeedConfig memory none;
        prices = new BallastPriceModule(prices.baseFeed(), prices.quoteFeed(), none, sequencer, GRACE);
        _deployVault(_defaultPolicy());
    }

    function _sequencerDown() internal {
        sequencer.set(1, block.timestamp, block.timestamp);
    }

    function _sequencerUp() internal {
        sequencer.set(0, block.timestamp, block.timestamp);
    }

    /// @dev 10,000 USDC levered to 2x, then a 10 % drop the band must correct (due before the outage starts).
    function _leveredWithRebalanceDue() internal {
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(10, 0);
        _setEthPrice(1800e8);
        (bool due,) = vault.checkUpkeep("");
        assertTrue(due, "band rebalance due before the outage");
    }

    function _wait(uint256 dt) internal {
        vm.warp(block.timestamp + dt);
        _refreshFeeds();
    }

    function _assertClosed(bytes memory priceError) internal {
        assertEq(vault.maxDeposit(bob), 0, "maxDeposit");
        assertEq(vault.maxMint(bob), 0, "maxMint");
        assertEq(vault.maxWithdraw(alice), 0, "maxWithdraw: lastPrice checks the sequencer");
        assertEq(vault.maxRedeem(alice), 0, "maxRedeem");
        (bool due, bytes memory reason) = vault.checkUpkeep("");
        assertFalse(due);
        assertEq(string(reason), "oracle");
        vm.expectRevert(priceError);
        _upkeep();
        vm.expectRevert(priceError);
        vault.totalAssets();
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxWithdraw.selector, alice, 1e6, 0));
        vm.prank(alice);
        vault.withdraw(1e6, alice, alice);
        usdc.mint(bob, 1_000e6);
        vm.startPrank(bob);
        usdc.approve(address(vault), 1_000e6);
        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxDeposit.selector, bob, 1_000e6, 0));
        vault.deposit(1_000e6, bob);
        vm.stopPrank();
    }

    function test_sequencerDown_closesDepositsUpkeepsAndExits() public {
        _leveredWithRebalanceDue();
        uint256 aliceShares = vault.balanceOf(alice);
        _sequencerDown();
        _assertClosed(abi.encodeWithSelector(IBallastPriceModule.PriceSequencerDown.selector, sequencer, int256(1)));
        assertEq(vault.balanceOf(alice), aliceShares);
        assertApproxEqAbs(_exposureAtOracle(), 2.25e18, 0.05e18, "nothing traded during the outage");
    }

    function test_sequencerDown_idleOnlyVaultStillPaysExits() public {
        uint256 shares = _deposit(alice, 1_000e6);
        _sequencerDown();
        assertEq(vault.maxDeposit(bob), 0, "deposits need a price");
        (bool due, bytes memory reason) = vault.checkUpkeep("");
        assertFalse(due);
        assertEq(string(reason), "oracle");
        // No base to price: share prices need no oracle, so the exit stays open.
        uint256 expected = vault.previewRedeem(shares);
        assertEq(vault.maxRedeem(alice), shares);
        vm.prank(alice);
        assertEq(vault.redeem(shares, alice, alice), expected);
        assertEq(usdc.balanceOf(alice), expected);
        assertGt(expected, 997e6, "entry and exit fees only");
    }

    function test_sequencerBack_staysClosedThroughTheGracePeriodInclusive() public {
        _leveredWithRebalanceDue();
        _sequencerDown();
        _wait(30 minutes);
        _sequencerUp();
        uint256 upSince = block.timestamp;
        _wait(1);
        _assertClosed(abi.encodeWithSelector(IBallastPriceModule.PriceSequencerGracePeriod.selector, upSince, GRACE));
        _wait(GRACE - 1); // exactly `GRACE` after the restart: still inside
        assertEq(block.timestamp, upSince + GRACE);
        _assertClosed(abi.encodeWithSelector(IBallastPriceModule.PriceSequencerGracePeriod.selector, upSince, GRACE));
    }

    function test_sequencerBack_afterGrace_reopensAndUpkeepsRun() public {
        _leveredWithRebalanceDue();
        _sequencerDown();
        _wait(30 minutes);
        _setEthPrice(1750e8); // the market moved while the sequencer was down
        _sequencerUp();
        _wait(GRACE + 1);

        assertEq(vault.maxDeposit(bob), type(uint256).max, "deposits open");
        assertGt(vault.maxWithdraw(alice), 0, "exits open");
        (bool due, bytes memory data) = vault.checkUpkeep("");
        assertTrue(due);
        (IBallastPolicyModule.Action a,,,) = abi.decode(data, (IBallastPolicyModule.Action, int256, int256, uint256));
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.BandRebalance));
        vm.recordLogs();
        _upkeep();
        assertApproxEqAbs(_position().exposureWad, 2e18, 0.05e18, "rebalanced at the price after the outage");
        assertEq(_position().priceWad, 1750e18);
        uint256 shares = _deposit(bob, 1_000e6);
        assertGt(shares, 0);
        vm.prank(alice);
        vault.withdraw(100e6, alice, alice);
        assertEq(usdc.balanceOf(alice), 100e6);
    }

    /// @dev Exposure at the feed's answer, computed without the price module (which reverts while the sequencer
    /// is down).
    function _exposureAtOracle() internal view returns (int256) {
        (uint256 suppliedBase,,,) = lending.reserveState(address(vault), address(weth));
        (, uint256 borrowedAsset,,) = lending.reserveState(address(vault), address(usdc));
        (, int256 answer,,,) = ethUsd.latestRoundData();
        uint256 idle = usdc.balanceOf(address(vault));
        int256 baseValue = int256(suppliedBase * uint256(answer) / 1e20); // 18-dec base x 8-dec USD -> 6-dec
        int256 equity = int256(idle) + baseValue - int256(borrowedAsset);
        return baseValue * 1e18 / equity;
    }
}
