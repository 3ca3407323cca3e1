// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RiskFixture} from "../utils/RiskFixture.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";
import {IBallastVault} from "../../src/interfaces/IBallastVault.sol";
import {VolatilityLib} from "../../src/libraries/VolatilityLib.sol";

/// @notice Realized volatility is sampled from the oracle inside every upkeep, at least `minSampleSpacing`
/// apart; a sample-only upkeep keeps it fresh when nothing else is due; volatility targeting shrinks x*.
contract BallastRiskEngineVolatilityTest is RiskFixture {
    function setUp() public override {
        _setUpMarket();
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.minSampleSpacing = 10 minutes;
        r.sampleHeartbeat = 1 hours;
        _leveredVault(r);
    }

    function test_upkeep_samplesTheOracleReturn() public {
        IBallastRiskEngine.RiskState memory s0 = engine.riskState();
        assertEq(s0.lastPriceWad, 2000e18, "the first upkeep set the reference");
        _wait(1 hours);
        _setEthPrice(2300e8);
        _upkeep();
        IBallastRiskEngine.RiskState memory s1 = engine.riskState();
        uint256 sample = VolatilityLib.sampleVariance(2000e18, 2300e18, 1 hours);
        assertEq(s1.varianceWad, VolatilityLib.ewma(s0.varianceWad, sample, 0.94e18));
        assertEq(s1.samples, s0.samples + 1);
        assertEq(s1.lastPriceWad, 2300e18);
    }

    function test_sample_skippedInsideTheMinimumSpacing() public {
        _wait(10 minutes - 1);
        _setEthPrice(2300e8);
        IBallastRiskEngine.RiskState memory s0 = engine.riskState();
        _upkeep(); // band rebalance, too soon to sample
        IBallastRiskEngine.RiskState memory s1 = engine.riskState();
        assertEq(s1.varianceWad, s0.varianceWad, "a burst of updates does not move the estimate");
        assertEq(s1.lastPriceWad, s0.lastPriceWad);
        _wait(1);
        _setEthPrice(2000e8);
        _upkeep();
        assertEq(engine.riskState().samples, s0.samples + 1, "sampled at the spacing");
    }

    function test_sampleOnlyUpkeep_dueAtTheHeartbeat() public {
        _wait(1 hours - 1);
        _assertAction(IBallastPolicyModule.Action.None);
        _wait(1);
        _assertAction(IBallastPolicyModule.Action.Sample);
        IBallastVault.Position memory before = _position();
        _upkeep();
        IBallastVault.Position memory afterSample = _position();
        assertEq(afterSample.netBaseValue, before.netBaseValue, "a sample trades nothing");
        assertEq(engine.riskState().lastSampleAt, block.timestamp);
        assertGt(vault.bountyOwed(keeper), 0, "and is paid");
        _assertAction(IBallastPolicyModule.Action.None);
    }

    function test_sampleOnlyUpkeep_neverDueBeforeTheSpacing() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.minSampleSpacing = 30 minutes;
        r.sampleHeartbeat = 10 minutes; // shorter than the spacing: the spacing wins
        _leveredVault(r);
        _wait(10 minutes);
        _assertAction(IBallastPolicyModule.Action.None);
        _wait(20 minutes - 1);
        _assertAction(IBallastPolicyModule.Action.None);
        _wait(1);
        _assertAction(IBallastPolicyModule.Action.Sample);
        uint256 samples = engine.riskState().samples;
        _upkeep();
        assertEq(engine.riskState().samples, samples + 1, "a paid sample upkeep samples");
        _assertAction(IBallastPolicyModule.Action.None);
    }

    function test_volTarget_shrinksTargetOnlyAboveTheTarget() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.volTargetWad = 0.5e18; // == the 50 % prior: not binding
        _leveredVault(r);
        assertEq(_assess().targetWad, 2e18);
        r.volTargetWad = 0.5e18 - 1; // just under sigma_hat: binding, barely
        _leveredVault(r);
        assertLt(_assess().targetWad, 2e18);
        assertApproxEqRel(_assess().targetWad, 2e18, 1e-15 * 1e18);
        r.volTargetWad = 0.25e18; // half of sigma_hat: half the target
        _leveredVault(r);
        assertApproxEqAbs(_assess().targetWad, 1e18, 1);
    }

    function test_volTarget_volatilitySpikeShrinksExposure() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.volTargetWad = 0.5e18;
        r.minSampleSpacing = 10 minutes;
        _leveredVault(r);
        int256 x0 = _position().exposureWad;
        // Hourly 8 % swings: realized volatility far above the 50 % target.
        for (uint256 i; i < 6; ++i) {
            _wait(1 hours);
            _setEthPrice(i % 2 == 0 ? int256(2160e8) : int256(2000e8));
            _upkeepUntilIdle(5, 0);
        }
        assertGt(engine.volatility(), 1e18);
        assertLt(_assess().targetWad, 1e18);
        assertLt(_position().exposureWad, x0 / 2, "exposure cut as sigma_hat rose");
    }
}
