// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {RiskFixture} from "../utils/RiskFixture.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";

/// @notice Ripcord: a health factor below the critical level deleverages at once, ignoring chunk spacing and
/// the gas-price ceiling, with the emergency slippage limit and the ripcord premium.
contract BallastRiskEngineRipcordTest is RiskFixture {
    function setUp() public override {
        _setUpMarket();
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.ripcordEnabled = true;
        _leveredVault(r);
    }

    /// @dev Sets the critical health factor to `critical` (the floor and target stay above it).
    function _setCritical(uint256 critical) internal {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.hfCriticalWad = uint64(critical);
        _setPolicy(p);
    }

    function test_ripcord_dueJustBelowCriticalNotAtIt() public {
        _setEthPrice(1350e8); // HF about 1.06: below the 1.25 floor
        uint256 hf = vault.healthFactor();
        assertLt(hf, 1.25e18);
        _setCritical(hf); // HF == critical: not below it
        _assertAction(IBallastPolicyModule.Action.LiquidationBuffer);
        _setCritical(hf + 1); // HF one wei below critical
        _assertAction(IBallastPolicyModule.Action.Ripcord);
    }

    function test_ripcord_disabledFallsBackToTheBuffer() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.ripcordEnabled = false;
        _leveredVault(r);
        _setEthPrice(1300e8);
        assertLt(vault.healthFactor(), 1.1e18);
        _assertAction(IBallastPolicyModule.Action.LiquidationBuffer);
    }

    function test_ripcord_tradesWithinTheEmergencyLimitsWhereTheBufferCannot() public {
        _setEthPrice(1300e8);
        assertLt(vault.healthFactor(), 1.1e18);
        // The pool 2 % under the oracle: beyond the 1 % deviation and 0.5 % slippage of normal trades, within
        // the 3 % emergency limit.
        uni.setSpotDeviationBps(-200);

        IBallastRiskEngine.RiskConfig memory off = _riskConfig();
        off.ripcordEnabled = false;
        _applyRiskConfig(off);
        // The buffer repays from idle, then its deleverage trade fails the deviation guard: the upkeep reverts.
        vm.expectRevert();
        _upkeep();

        IBallastRiskEngine.RiskConfig memory on = _riskConfig();
        on.ripcordEnabled = true;
        _applyRiskConfig(on);
        _assertAction(IBallastPolicyModule.Action.Ripcord);
        _upkeep();
        assertGe(vault.healthFactor(), 1.1e18, "above the critical level in one upkeep");
    }

    function test_ripcord_ignoresSpacingAndGasCeiling() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.minChunkSpacing = 1 days;
        _setPolicy(p);
        _upkeepUntilIdle(10, 1 days);
        _setEthPrice(1300e8);
        // A trade just happened: the spacing has not elapsed; and gas is far above the 100 gwei ceiling.
        (uint256 lastTradeAt,) = vault.upkeepTimes();
        assertGt(lastTradeAt, block.timestamp - 1 days);
        vm.txGasPrice(500 gwei);
        vm.prank(keeper);
        vault.performUpkeep("");
        assertGe(vault.healthFactor(), 1.1e18, "above the critical level at once");
    }

    function test_ripcord_paysTheRipcordPremium() public {
        _setEthPrice(1300e8);
        vm.recordLogs();
        _upkeep();
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 amount;
        uint256 gasUsed;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IBallastVault.BountyAccrued.selector) {
                (amount, gasUsed,) = abi.decode(logs[i].data, (uint256, uint256, uint256));
            }
        }
        // gas x 10 gwei x (1 + 50 %) at 1300 USDC per ETH, in USDC units (6 decimals); the normal premium is 20 %
        uint256 expected = gasUsed * GAS_PRICE * 15_000 / 10_000 * 1300 / 1e12;
        assertApproxEqAbs(amount, expected, 2, "ripcord premium (50 %), not the policy's 20 %");
    }
}
