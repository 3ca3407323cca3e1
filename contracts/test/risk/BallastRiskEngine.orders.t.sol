// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RiskFixture} from "../utils/RiskFixture.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";

/// @notice Protective orders: stop-loss, take-profit and trailing stop move x* to the exit target until
/// re-armed; each fires at its price and not one tick before.
contract BallastRiskEngineOrdersTest is RiskFixture {
    function setUp() public override {
        _setUpMarket();
        _leveredVault(_riskConfig());
    }

    function _setOrders(uint128 stop, uint128 take, uint16 trail) internal {
        vm.prank(curator);
        engine.setOrders(IBallastRiskEngine.Orders(stop, take, trail));
    }

    function _order() internal view returns (IBallastRiskEngine.OrderKind) {
        return _assess().order;
    }

    function test_stopLoss_firesAtItsPriceNotAbove() public {
        _setOrders(1800e18, 0, 0);
        _setEthPrice(1800.00000001e8);
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.None));
        _setEthPrice(1800e8);
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.StopLoss));
        assertEq(_assess().targetWad, 0, "exit target 0");
        _assertAction(IBallastPolicyModule.Action.ProtectiveOrder);
    }

    function test_takeProfit_firesAtItsPriceNotBelow() public {
        _setOrders(0, 2200e18, 0);
        _setEthPrice(2199.99999999e8);
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.None));
        _setEthPrice(2200e8);
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.TakeProfit));
    }

    function test_trailingStop_followsTheHighWaterMark() public {
        _setOrders(0, 0, 1000); // 10 % under the high
        _setEthPrice(2400e8);
        _wait(1 hours);
        _upkeep(); // band rebalance at 2400: records the high
        assertEq(engine.riskState().waterMarkWad, 2400e18);
        _setEthPrice(2160.00000001e8); // just above 90 % of 2400
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.None));
        _setEthPrice(2160e8);
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.TrailingStop));
    }

    function test_setOrders_restartsTheWaterMarkSoAnOldHighCannotFireIt() public {
        _setEthPrice(2400e8);
        _wait(1 hours);
        _upkeep(); // the mark follows prices even with no order armed
        _setEthPrice(2200e8);
        _wait(1 hours);
        _upkeep();
        assertEq(engine.riskState().waterMarkWad, 2400e18);
        _setOrders(0, 0, 500); // 5 % trailing, armed at 2200: 2200 is 8 % under the old high
        assertEq(engine.riskState().waterMarkWad, 2200e18, "restarted at the price when armed");
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.None), "measured from 2200, not from 2400");
        _setEthPrice(2090.00000001e8);
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.None));
        _setEthPrice(2090e8); // exactly 5 % under 2200
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.TrailingStop));
    }

    function test_order_exitsThenHoldsUntilRearmed() public {
        _setOrders(1900e18, 0, 0);
        _setEthPrice(1850e8);
        vm.expectEmit(address(engine));
        emit IBallastRiskEngine.OrderTriggered(IBallastRiskEngine.OrderKind.StopLoss, 1850e18, 2000e18);
        _upkeep();
        assertEq(uint8(engine.riskState().fired), uint8(IBallastRiskEngine.OrderKind.StopLoss), "latched");
        _upkeepUntilIdle(20, 0);
        assertLt(_position().exposureWad, 0.02e18, "exited to the exit target");
        // The price comes back above the stop: the order stays fired and x* stays at the exit target.
        _setEthPrice(2100e8);
        assertEq(_assess().targetWad, 0);
        assertEq(uint8(_action()), uint8(IBallastPolicyModule.Action.None));
        vm.expectEmit(address(engine));
        emit IBallastRiskEngine.OrdersRearmed();
        vm.prank(curator);
        engine.rearm();
        assertEq(_assess().targetWad, 2e18, "the policy's target again");
        _assertAction(IBallastPolicyModule.Action.BandRebalance);
    }

    function test_order_exitTargetIsClampedBetweenZeroAndTheTarget() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.exitTargetWad = 0.5e18;
        _leveredVault(r);
        _setOrders(1900e18, 0, 0);
        _setEthPrice(1850e8);
        assertEq(_assess().targetWad, 0.5e18);

        r.exitTargetWad = 4e18; // above the policy target: clamped to it, never adds exposure
        _leveredVault(r);
        _setOrders(1900e18, 0, 0);
        _setEthPrice(1850e8);
        int256 x = _position().exposureWad;
        assertLe(_assess().targetWad, x, "no further from zero than now");
    }

    function test_order_neverAddsExposureOnceFired() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.exitTargetWad = 1e18;
        _leveredVault(r);
        _setOrders(1900e18, 0, 0);
        _setEthPrice(1850e8);
        _upkeepUntilIdle(20, 0);
        int256 x = _position().exposureWad;
        assertApproxEqAbs(x, 1e18, 0.02e18);
        // Falling further lowers x below the exit target; the vault does not buy it back.
        _setEthPrice(1500e8);
        assertLe(_assess().targetWad, _position().exposureWad);
    }

    /// @dev A fresh vault held at a 1x short (x* = -1), deployed.
    function _shortVault() internal {
        _deployVaultWithRisk(_riskConfig());
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = -1e18;
        _setPolicy(p);
        _deposit(alice, 10_000e6);
        _upkeepUntilIdle(20, 0);
    }

    function test_orders_shortMirrorsDirections() public {
        _shortVault();
        assertLt(_position().exposureWad, -0.9e18);
        _setOrders(2200e18, 1800e18, 0);
        _setEthPrice(2199e8);
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.None));
        _setEthPrice(2200e8);
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.StopLoss), "a short stops out on a rise");
        _setEthPrice(1800e8);
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.TakeProfit), "and takes profit on a fall");
    }

    function test_trailingStop_shortFollowsTheLowWaterMark() public {
        _shortVault();
        _setOrders(0, 0, 1000); // 10 % over the low
        _setEthPrice(1600e8);
        _wait(1 hours);
        _upkeep(); // records the low
        assertEq(engine.riskState().waterMarkWad, 1600e18);
        _setEthPrice(1759.99999999e8); // just under 110 % of 1600
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.None));
        _setEthPrice(1760e8);
        assertEq(uint8(_order()), uint8(IBallastRiskEngine.OrderKind.TrailingStop), "a short trails a rise");
    }

    function test_setOrders_withTheOracleDownArmsWithoutAMark() public {
        _setEthPrice(2400e8);
        _wait(1 hours);
        _upkeep(); // records a high of 2400
        assertEq(engine.riskState().waterMarkWad, 2400e18);
        vm.warp(block.timestamp + FEED_STALENESS + 1); // the feeds go stale: the vault's price() reverts
        vm.expectRevert();
        prices.price();
        _setOrders(1500e18, 2500e18, 700);
        assertEq(engine.riskState().waterMarkWad, 0, "no price to arm at: the mark restarts at the next upkeep");
        IBallastRiskEngine.Orders memory o = engine.orders();
        assertEq(o.stopLossWad, 1500e18);
        assertEq(o.takeProfitWad, 2500e18);
        assertEq(o.trailingStopBps, 700);
        _setEthPrice(2000e8);
        _wait(1 hours);
        _upkeep();
        assertEq(engine.riskState().waterMarkWad, 2000e18, "restarted at the first price seen after arming, not 2400");
        assertEq(uint8(engine.riskState().fired), uint8(IBallastRiskEngine.OrderKind.None), "2000 is within 7 %");
    }

    function test_setOrders_onlyCuratorAndValidTrail() public {
        vm.expectRevert(
            abi.encodeWithSelector(IBallastRiskEngine.RiskUnauthorized.selector, alice, keccak256("CURATOR_ROLE"))
        );
        vm.prank(alice);
        engine.setOrders(IBallastRiskEngine.Orders(1, 0, 0));
        vm.expectRevert(abi.encodeWithSelector(IBallastRiskEngine.RiskOrdersInvalid.selector, 10_000));
        _setOrders(0, 0, 10_000);
    }

    function test_rearm_revertsWhenNothingFired() public {
        vm.expectRevert(IBallastRiskEngine.RiskNotFired.selector);
        vm.prank(curator);
        engine.rearm();
    }
}
