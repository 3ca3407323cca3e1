// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VaultFixture} from "../utils/VaultFixture.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";

contract BallastVaultTradeGuardsTest is VaultFixture {
    function setUp() public override {
        super.setUp();
        _deposit(alice, 10_000e6);
    }

    function test_trade_revertsWhenPoolDeviatesFromOracle() public {
        uni.setSpotDeviationBps(101);
        vm.expectRevert(); // VaultPriceDeviation(spot, oracle, 100): spot has sqrt rounding, checked below
        _upkeep();
        try this.upkeepAsKeeper() {
            fail();
        } catch (bytes memory err) {
            assertEq(bytes4(err), IBallastVault.VaultPriceDeviation.selector);
            (, uint256 spot, uint256 oracle, uint256 limit) =
                abi.decode(abi.encodePacked(bytes28(0), err), (bytes32, uint256, uint256, uint256));
            assertEq(oracle, 2000e18);
            assertEq(limit, 100);
            assertApproxEqRel(spot, 2020.2e18, 1e12);
        }
        uni.setSpotDeviationBps(-101);
        vm.expectRevert();
        _upkeep();
    }

    function upkeepAsKeeper() external {
        vm.prank(keeper);
        vault.performUpkeep("");
    }

    function test_trade_acceptsDeviationInsideLimit() public {
        uni.setSpotDeviationBps(40); // within the deviation limit and within the slippage limit
        _upkeep();
        uni.setSpotDeviationBps(-99); // cheaper than the oracle: fine for a buy
        _upkeep();
        assertGt(_position().netBaseValue, 0);
    }

    function test_trade_venueEnforcesMinimumOutput() public {
        uni.setSlippageBps(51);
        vm.expectRevert(bytes("Too little received"));
        _upkeep();
    }

    function test_trade_revertsWhenVenueIgnoresMinimum() public {
        uni.setSlippageBps(51);
        uni.setHonourMinimum(false);
        // first step buys with 9,500 idle: oracle out 4.75 WETH, min out 4.72625, got 4.725775
        vm.expectRevert(abi.encodeWithSelector(IBallastVault.VaultSlippageExceeded.selector, 4.72625e18, 4.725775e18));
        _upkeep();
    }

    function test_trade_acceptsSlippageAtLimit() public {
        uni.setSlippageBps(50);
        uint256 before = vault.totalAssets();
        _upkeep();
        // 50 bps of 9,500 traded = 47.5 USDC, plus the bounty
        assertGe(vault.totalAssets() + 47.5e6 + vault.bountyOwed(keeper), before);
    }

    function test_trade_revertsOnEquityLossBeyondSlippage() public {
        aave.setSupplyHaircutBps(100); // the venue keeps 1 % of every supply
        vm.expectRevert(); // equity loss, checked by selector below
        _upkeep();
        try this.upkeepAsKeeper() {
            fail();
        } catch (bytes memory err) {
            assertEq(bytes4(err), IBallastVault.VaultEquityLoss.selector);
        }
    }

    function test_trade_revertsWhenExposureDoesNotImprove() public {
        aave.setSupplyHaircutBps(10_000); // the bought base vanishes
        try this.upkeepAsKeeper() {
            fail();
        } catch (bytes memory err) {
            assertEq(bytes4(err), IBallastVault.VaultExposureNotImproved.selector);
        }
    }

    function test_trade_revertsWhenHealthEndsBelowFloor() public {
        _upkeep(); // buy base with idle: no debt yet
        _upkeep(); // first borrow, x ~ 1.7
        // the venue's own oracle values WETH 22 % lower than ours: it still lends, but borrowing to the
        // target leaves its health factor (1.23) under the floor (1.25)
        aave.setPriceOverride(address(weth), 1560e8);
        try this.upkeepAsKeeper() {
            fail();
        } catch (bytes memory err) {
            assertEq(bytes4(err), IBallastVault.VaultHealthBelowFloor.selector);
        }
    }
}
