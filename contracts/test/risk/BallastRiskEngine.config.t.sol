// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RiskFixture} from "../utils/RiskFixture.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";

/// @notice Risk configuration changes wait the policy module's timelock; limits are checked field by field.
contract BallastRiskEngineConfigTest is RiskFixture {
    function test_propose_waitsTheTimelockThenApplies() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.volTargetWad = 0.4e18;
        vm.prank(curator);
        engine.proposeRiskConfig(r);
        (IBallastRiskEngine.RiskConfig memory pending, uint256 eta) = engine.pendingRiskConfig();
        assertEq(pending.volTargetWad, 0.4e18);
        assertEq(eta, block.timestamp + TIMELOCK);
        vm.prank(curator);
        vm.expectRevert(abi.encodeWithSelector(IBallastRiskEngine.RiskTimelockActive.selector, eta));
        engine.acceptRiskConfig();
        vm.warp(eta);
        vm.prank(curator);
        engine.acceptRiskConfig();
        assertEq(engine.riskConfig().volTargetWad, 0.4e18);
        (, eta) = engine.pendingRiskConfig();
        assertEq(eta, 0);
    }

    function test_cancel_byGuardianOrCurator() public {
        vm.prank(curator);
        engine.proposeRiskConfig(_riskConfig());
        vm.prank(guardian);
        engine.cancelRiskConfig();
        vm.expectRevert(IBallastRiskEngine.RiskNothingPending.selector);
        vm.prank(curator);
        engine.acceptRiskConfig();
        vm.expectRevert(
            abi.encodeWithSelector(IBallastRiskEngine.RiskUnauthorized.selector, alice, keccak256("GUARDIAN_ROLE"))
        );
        vm.prank(alice);
        engine.cancelRiskConfig();
    }

    function test_cancel_revertsWhenNothingPending() public {
        vm.expectRevert(IBallastRiskEngine.RiskNothingPending.selector);
        vm.prank(guardian);
        engine.cancelRiskConfig();
    }

    function test_roles_noneBeforeTheEngineIsBound() public {
        // an engine no policy module has bound yet: nobody holds a role, not even the vault's curator
        IBallastRiskEngine unbound = _newEngine(_riskConfig());
        vm.expectRevert(
            abi.encodeWithSelector(IBallastRiskEngine.RiskUnauthorized.selector, curator, keccak256("CURATOR_ROLE"))
        );
        vm.prank(curator);
        unbound.proposeRiskConfig(_riskConfig());
    }

    function test_propose_onlyCurator() public {
        vm.expectRevert(
            abi.encodeWithSelector(IBallastRiskEngine.RiskUnauthorized.selector, alice, keccak256("CURATOR_ROLE"))
        );
        vm.prank(alice);
        engine.proposeRiskConfig(_riskConfig());
    }

    function test_record_onlyThePolicyModule() public {
        IBallastPolicyModule.UpkeepState memory st = _state();
        IBallastPolicyModule.Policy memory p = policyModule.policy();
        vm.expectRevert(abi.encodeWithSelector(IBallastRiskEngine.RiskNotPolicyModule.selector, alice));
        vm.prank(alice);
        engine.record(st, p, IBallastPolicyModule.Action.Sample);
    }

    function test_check_rejectsEachFieldBeyondItsLimit() public {
        IBallastRiskEngine.RiskConfig memory r;
        r = _riskConfig(); r.volModel = 2; _expectInvalid(r, 0);
        r = _riskConfig(); r.ewmaLambdaWad = 1e18 + 1; _expectInvalid(r, 1);
        r = _riskConfig(); r.garchAlphaWad = 0.5e18; r.garchBetaWad = 0.5e18; _expectInvalid(r, 4);
        r = _riskConfig(); r.initialVolWad = 0; _expectInvalid(r, 5);
        r = _riskConfig(); r.minSampleSpacing = 1 days + 1; _expectInvalid(r, 6);
        r = _riskConfig(); r.sampleHeartbeat = 30 days + 1; _expectInvalid(r, 7);
        r = _riskConfig(); r.volTargetWad = 10e18 + 1; _expectInvalid(r, 8);
        r = _riskConfig(); r.expectedReturnWad = -5e18 - 1; _expectInvalid(r, 9);
        r = _riskConfig(); r.kellyFractionWad = 1e18 + 1; _expectInvalid(r, 10);
        r = _riskConfig(); r.liquidationSigmasWad = 10e18 + 1; _expectInvalid(r, 11);
        r = _riskConfig(); r.reactionHorizon = 7 days + 1; _expectInvalid(r, 12);
        r = _riskConfig(); r.maxImpactBps = 5001; _expectInvalid(r, 13);
        r = _riskConfig(); r.roundTripCostWad = 0.1e18 + 1; _expectInvalid(r, 15);
        r = _riskConfig(); r.costAwareBand = true; _expectInvalid(r, 16);
        r = _riskConfig(); r.bandMinWad = 0.5e18 + 1; _expectInvalid(r, 17);
        r = _riskConfig(); r.emergencySlippageBps = 2001; _expectInvalid(r, 19);
        r = _riskConfig(); r.ripcordPremiumBps = 10_001; _expectInvalid(r, 20);
        r = _riskConfig(); r.maxJumpBps = 5001; _expectInvalid(r, 21);
        r = _riskConfig(); r.coolOff = 7 days + 1; _expectInvalid(r, 22);
        r = _riskConfig(); r.maxSampleGap = 30 days + 1; _expectInvalid(r, 23);
        r = _riskConfig(); r.exitTargetWad = 5e18 + 1; _expectInvalid(r, 24);
    }

    function _expectInvalid(IBallastRiskEngine.RiskConfig memory r, uint256 field) internal {
        vm.expectRevert(abi.encodeWithSelector(IBallastRiskEngine.RiskConfigInvalid.selector, field));
        vm.prank(curator);
        engine.proposeRiskConfig(r);
    }

    function test_accept_resetsThePriorBeforeAnySample() public {
        IBallastRiskEngine.RiskConfig memory r = _riskConfig();
        r.initialVolWad = 0.9e18;
        vm.prank(curator);
        engine.proposeRiskConfig(r);
        vm.warp(block.timestamp + TIMELOCK);
        vm.prank(curator);
        engine.acceptRiskConfig();
        assertEq(engine.volatility(), 0.9e18);
    }
}
