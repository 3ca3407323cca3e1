// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RiskFixture} from "../utils/RiskFixture.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";

/// @notice Gas-price ceiling: above it only the ripcord, the liquidation buffer and redemptions proceed.
contract BallastRiskEngineGasCeilingTest is RiskFixture {
    uint256 internal constant CEILING = 100 gwei;

    function setUp() public override {
        _setUpMarket();
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.ripcordEnabled = true;
        r.sampleHeartbeat = 1 hours;
        _leveredVault(r);
    }

    function test_band_dueAtTheCeilingNotAboveIt() public {
        _setEthPrice(2300e8);
        vm.txGasPrice(CEILING);
        _assertAction(IBallastPolicyModule.Action.BandRebalance);
        vm.txGasPrice(CEILING + 1);
        _assertAction(IBallastPolicyModule.Action.None);
        assertEq(_reason(), "gas price");
    }

    function test_orderAndSample_waitAboveTheCeiling() public {
        vm.prank(curator);
        engine.setOrders(IBallastRiskEngine.Orders(1950e18, 0, 0));
        _setEthPrice(1950e8);
        vm.txGasPrice(CEILING + 1);
        _assertAction(IBallastPolicyModule.Action.None);
        vm.txGasPrice(CEILING);
        _assertAction(IBallastPolicyModule.Action.ProtectiveOrder);

        _setEthPrice(2000e8);
        vm.prank(curator);
        engine.setOrders(IBallastRiskEngine.Orders(0, 0, 0));
        _wait(1 hours);
        vm.txGasPrice(CEILING);
        _assertAction(IBallastPolicyModule.Action.Sample);
        vm.txGasPrice(CEILING + 1);
        _assertAction(IBallastPolicyModule.Action.None);
    }

    function test_redemptionsBufferAndRipcord_proceedAboveTheCeiling() public {
        vm.txGasPrice(1000 gwei);
        uint256 shares = vault.balanceOf(alice);
        vm.prank(alice);
        vault.requestRedeem(shares / 100, alice, alice);
        _assertAction(IBallastPolicyModule.Action.FillRedemptions);
        vm.txGasPrice(1000 gwei);
        vm.prank(keeper);
        vault.performUpkeep("");

        _setEthPrice(1500e8);
        vm.txGasPrice(1000 gwei);
        _assertAction(IBallastPolicyModule.Action.LiquidationBuffer);
        _setEthPrice(1300e8);
        vm.txGasPrice(1000 gwei);
        _assertAction(IBallastPolicyModule.Action.Ripcord);
    }
}
