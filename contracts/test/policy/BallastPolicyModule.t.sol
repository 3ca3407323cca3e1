// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {VaultFixture} from "../utils/VaultFixture.sol";
import {BallastPolicyModule} from "../../src/BallastPolicyModule.sol";
import {IBallastPolicyModule} from "../../src/interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "../../src/interfaces/IBallastRiskEngine.sol";

contract BallastPolicyModuleTest is VaultFixture {
    bytes32 internal constant CURATOR_ROLE = keccak256("CURATOR_ROLE");
    bytes32 internal constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    function _assertPolicy(IBallastPolicyModule.Policy memory a, IBallastPolicyModule.Policy memory b) internal pure {
        assertEq(keccak256(abi.encode(a)), keccak256(abi.encode(b)));
    }

    // ---------------------------------------------------------------- setPolicy

    function test_setPolicy_tighteningAppliesAtOnce() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = 1.5e18;
        p.hfFloorWad = 1.3e18;
        p.slippageBps = 30;
        vm.expectEmit(address(policyModule));
        emit IBallastPolicyModule.PolicyApplied(p);
        vm.prank(curator);
        assertTrue(policyModule.setPolicy(p));
        _assertPolicy(policyModule.policy(), p);
    }

    function test_setPolicy_looseningIsQueued() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = 2.5e18;
        vm.expectEmit(address(policyModule));
        emit IBallastPolicyModule.PolicyQueued(p, block.timestamp + TIMELOCK);
        vm.prank(curator);
        assertFalse(policyModule.setPolicy(p));
        _assertPolicy(policyModule.policy(), _defaultPolicy());
        (IBallastPolicyModule.Policy memory pending, uint256 eta) = policyModule.pendingPolicy();
        _assertPolicy(pending, p);
        assertEq(eta, block.timestamp + TIMELOCK);
    }

    function test_setPolicy_mixedChangeIsQueued() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = 1e18; // tighter
        p.exitFeeBps = 20; // looser (costs depositors)
        vm.prank(curator);
        assertFalse(policyModule.setPolicy(p));
    }

    function test_setPolicy_revertsForNonCurator() public {
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyUnauthorized.selector, alice, CURATOR_ROLE));
        vm.prank(alice);
        policyModule.setPolicy(_defaultPolicy());
    }

    function test_setPolicy_revertsOutOfBounds() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = 3e18 + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IBallastPolicyModule.PolicyFieldOutOfBounds.selector, 0, int256(3e18 + 1), int256(-3e18), int256(3e18))
        );
        vm.prank(curator);
        policyModule.setPolicy(p);

        p = _defaultPolicy();
        p.maxTradeAssets = 1e6 - 1;
        vm.expectRevert(
            abi.encodeWithSelector(IBallastPolicyModule.PolicyFieldOutOfBounds.selector, 8, int256(1e6 - 1), int256(1e6), int256(100_000_000e6))
        );
        vm.prank(curator);
        policyModule.setPolicy(p);
    }

    function test_setPolicy_acceptsExactBounds() public {
        vm.prank(curator);
        policyModule.setPolicy(_maxBoundsOrdered());
    }

    function _maxBoundsOrdered() internal pure returns (IBallastPolicyModule.Policy memory p) {
        p = _maxBounds();
        p.hfCriticalWad = 2e18;
        p.hfFloorWad = 3e18;
        p.hfTargetWad = 5e18;
    }

    function test_setPolicy_revertsWhenHealthFactorsUnordered() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.hfFloorWad = 1.6e18; // above target 1.5
        vm.expectRevert(
            abi.encodeWithSelector(IBallastPolicyModule.PolicyHealthFactorsUnordered.selector, 1.1e18, 1.6e18, 1.5e18)
        );
        vm.prank(curator);
        policyModule.setPolicy(p);
    }

    function test_setPolicy_tighteningCancelsQueuedChange() public {
        IBallastPolicyModule.Policy memory loose = _defaultPolicy();
        loose.bandWad = 0.2e18;
        vm.prank(curator);
        policyModule.setPolicy(loose);
        IBallastPolicyModule.Policy memory tight = _defaultPolicy();
        tight.bandWad = 0.05e18;
        vm.expectEmit(address(policyModule));
        emit IBallastPolicyModule.PolicyCancelled(loose);
        vm.prank(curator);
        policyModule.setPolicy(tight);
        (, uint256 eta) = policyModule.pendingPolicy();
        assertEq(eta, 0);
    }

    // ---------------------------------------------------------------- accept / cancel

    function test_acceptPolicy_appliesAfterTimelock() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.maxTradeAssets = 20_000_000e6;
        vm.prank(curator);
        policyModule.setPolicy(p);
        vm.warp(block.timestamp + TIMELOCK - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IBallastPolicyModule.PolicyTimelockActive.selector, block.timestamp + 1, block.timestamp)
        );
        vm.prank(curator);
        policyModule.acceptPolicy();
        vm.warp(block.timestamp + 1);
        vm.expectEmit(address(policyModule));
        emit IBallastPolicyModule.PolicyAccepted(p);
        vm.prank(curator);
        policyModule.acceptPolicy();
        _assertPolicy(policyModule.policy(), p);
        (, uint256 eta) = policyModule.pendingPolicy();
        assertEq(eta, 0);
    }

    function test_acceptPolicy_revertsWhenNothingPending() public {
        vm.expectRevert(IBallastPolicyModule.PolicyNothingPending.selector);
        vm.prank(curator);
        policyModule.acceptPolicy();
    }

    function test_acceptPolicy_onlyCurator() public {
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyUnauthorized.selector, guardian, CURATOR_ROLE));
        vm.prank(guardian);
        policyModule.acceptPolicy();
    }

    function test_cancelPolicy_byGuardianOrCurator() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.entryFeeBps = 50;
        vm.prank(curator);
        policyModule.setPolicy(p);
        vm.expectEmit(address(policyModule));
        emit IBallastPolicyModule.PolicyCancelled(p);
        vm.prank(guardian);
        policyModule.cancelPolicy();
        vm.expectRevert(IBallastPolicyModule.PolicyNothingPending.selector);
        vm.prank(curator);
        policyModule.cancelPolicy();
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyUnauthorized.selector, alice, GUARDIAN_ROLE));
        vm.prank(alice);
        policyModule.cancelPolicy();
    }

    // ---------------------------------------------------------------- construction and binding

    function test_constructor_revertsOnTimelockOutOfRange() public {
        IBallastRiskEngine e = _newEngine(_riskConfig());
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyTimelockInvalid.selector, 1 hours - 1));
        new BallastPolicyModule(_defaultPolicy(), _minBounds(), _maxBounds(), 1 hours - 1, e);
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyTimelockInvalid.selector, 30 days + 1));
        new BallastPolicyModule(_defaultPolicy(), _minBounds(), _maxBounds(), 30 days + 1, e);
    }

    function test_constructor_revertsOnInvalidBounds() public {
        IBallastRiskEngine e = _newEngine(_riskConfig());
        IBallastPolicyModule.Policy memory lo = _minBounds();
        lo.bandWad = 0.6e18; // above max 0.5
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyBoundsInvalid.selector, 1));
        new BallastPolicyModule(_defaultPolicy(), lo, _maxBounds(), TIMELOCK, e);

        IBallastPolicyModule.Policy memory hi = _maxBounds();
        hi.entryFeeBps = 1001;
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyBoundsInvalid.selector, 13));
        new BallastPolicyModule(_defaultPolicy(), _minBounds(), hi, TIMELOCK, e);

        hi = _maxBounds();
        hi.exitFeeBps = 1001; // the hard cap on fees, MAX_FEE_BPS = 1000, holds for the exit fee too
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyBoundsInvalid.selector, 16));
        new BallastPolicyModule(_defaultPolicy(), _minBounds(), hi, TIMELOCK, e);

        hi = _maxBounds();
        hi.slippageBps = 10_001;
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyBoundsInvalid.selector, 10));
        new BallastPolicyModule(_defaultPolicy(), _minBounds(), hi, TIMELOCK, e);

        lo = _minBounds();
        lo.hfCriticalWad = 0.99e18;
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyBoundsInvalid.selector, 5));
        new BallastPolicyModule(_defaultPolicy(), lo, _maxBounds(), TIMELOCK, e);
    }

    function test_bindVault_onlyOnce() public {
        assertEq(policyModule.vault(), address(vault));
        vm.expectRevert(abi.encodeWithSelector(IBallastPolicyModule.PolicyVaultAlreadyBound.selector, address(vault)));
        policyModule.bindVault();
    }

    function test_setPolicy_revertsBeforeBinding() public {
        BallastPolicyModule m =
            new BallastPolicyModule(_defaultPolicy(), _minBounds(), _maxBounds(), TIMELOCK, _newEngine(_riskConfig()));
        vm.expectRevert(IBallastPolicyModule.PolicyVaultUnbound.selector);
        m.setPolicy(_defaultPolicy());
    }

    function test_views_returnBoundsAndTimelock() public view {
        _assertPolicy(policyModule.minPolicy(), _minBounds());
        _assertPolicy(policyModule.maxPolicy(), _maxBounds());
        assertEq(policyModule.timelock(), TIMELOCK);
    }

    // ---------------------------------------------------------------- isTightening

    function test_isTightening_targetExposureTowardZeroOnly() public view {
        IBallastPolicyModule.Policy memory a = _defaultPolicy();
        IBallastPolicyModule.Policy memory b = _defaultPolicy();
        assertTrue(policyModule.isTightening(a, b), "equal");
        b.targetExposureWad = 0;
        assertTrue(policyModule.isTightening(a, b), "to zero");
        b.targetExposureWad = -0.1e18;
        assertFalse(policyModule.isTightening(a, b), "flip side");
        a.targetExposureWad = -1e18;
        b.targetExposureWad = -0.5e18;
        assertTrue(policyModule.isTightening(a, b), "smaller short");
        b.targetExposureWad = -1.5e18;
        assertFalse(policyModule.isTightening(a, b), "bigger short");
    }

    function test_isTightening_eachFieldDirection() public view {
        IBallastPolicyModule.Policy memory a = _defaultPolicy();
        IBallastPolicyModule.Policy memory b;
        // higher is safer: health factors, spacing, idle buffer
        b = _defaultPolicy(); b.hfFloorWad += 1; assertTrue(policyModule.isTightening(a, b));
        b = _defaultPolicy(); b.hfTargetWad -= 1; assertFalse(policyModule.isTightening(a, b));
        b = _defaultPolicy(); b.hfCriticalWad -= 1; assertFalse(policyModule.isTightening(a, b));
        b = _defaultPolicy(); b.minChunkSpacing += 1; assertTrue(policyModule.isTightening(a, b));
        b = _defaultPolicy(); b.idleBufferBps -= 1; assertFalse(policyModule.isTightening(a, b));
        // lower is safer: everything else
        b = _defaultPolicy(); b.bandWad += 1; assertFalse(policyModule.isTightening(a, b));
        b = _defaultPolicy(); b.heartbeat -= 1; assertTrue(policyModule.isTightening(a, b));
        b = _defaultPolicy(); b.gasPriceCeilingWei += 1; assertFalse(policyModule.isTightening(a, b));
        b = _defaultPolicy(); b.bountyCapPerDay -= 1; assertTrue(policyModule.isTightening(a, b));
        b = _defaultPolicy(); b.entryFeeBps += 1; assertFalse(policyModule.isTightening(a, b));
    }

    // ---------------------------------------------------------------- rules

    function _state() internal view returns (IBallastPolicyModule.UpkeepState memory st) {
        st.lastRebalanceAt = block.timestamp;
        st.exposureWad = 2e18;
        st.equity = 10_000e6;
        st.idleAsset = 500e6;
        st.healthFactorWad = 1.6e18;
        st.ltBaseBps = 8250;
        st.ltQuoteBps = 7800;
    }

    function test_targetExposure_isCappedForHealthFactor() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.targetExposureWad = 3e18;
        _setPolicy(p);
        // cap = 1.5 * 0.95 / (1.5 - 0.825) = 2.1111...
        assertEq(policyModule.targetExposure(_state()), 2111111111111111111);
        p.targetExposureWad = -3e18;
        _setPolicy(p);
        // short cap = 0.95 * 0.78 / (1.5 - 0.78) = 1.02916...
        assertEq(policyModule.targetExposure(_state()), -1029166666666666666);
    }

    function test_targetExposure_zeroUnderEmergencyAndClampedWhenPaused() public view {
        IBallastPolicyModule.UpkeepState memory st = _state();
        st.emergencyUnwind = true;
        assertEq(policyModule.targetExposure(st), 0);
        st.emergencyUnwind = false;
        st.paused = true;
        st.exposureWad = 1e18;
        assertEq(policyModule.targetExposure(st), 1e18, "paused: never above current");
        st.exposureWad = 2.5e18;
        assertEq(policyModule.targetExposure(st), 2e18, "paused: de-risking allowed");
    }

    function test_decide_priorityOrder() public {
        IBallastPolicyModule.UpkeepState memory st = _state();
        st.exposureWad = 1e18; // band breached
        st.healthFactorWad = 1.2e18; // below floor
        st.pendingShares = 1;
        (IBallastPolicyModule.Action a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.FillRedemptions));
        st.pendingShares = 0;
        (a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.LiquidationBuffer));
        st.healthFactorWad = 1.6e18;
        (a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.BandRebalance));
        st.exposureWad = 1.95e18; // within band, above min drift
        (a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.None));
        vm.warp(block.timestamp + 1 days);
        (a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.Heartbeat));
        st.exposureWad = 2e18;
        st.lastRebalanceAt = block.timestamp;
        st.idleAsset = 800e6; // buffer 500, excess 300 = 3 % > 2 % min drift
        (a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.DeployIdle));
        st.paused = true;
        bytes memory reason;
        (a,, reason) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.None));
        assertEq(string(reason), "nothing due");
    }

    function test_decide_bandBoundaryIsExclusive() public view {
        IBallastPolicyModule.UpkeepState memory st = _state();
        st.exposureWad = 1.9e18; // exactly the band
        (IBallastPolicyModule.Action a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.None));
        st.exposureWad = 1.9e18 - 1;
        (a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.BandRebalance));
    }

    function test_decide_gasPriceAboveCeilingBlocksOnlyRebalances() public {
        IBallastPolicyModule.UpkeepState memory st = _state();
        st.exposureWad = 1e18;
        vm.txGasPrice(100 gwei + 1);
        (IBallastPolicyModule.Action a,, bytes memory reason) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.None));
        assertEq(string(reason), "gas price");
        st.healthFactorWad = 1.2e18;
        (a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.LiquidationBuffer));
        vm.txGasPrice(100 gwei);
        st.healthFactorWad = 1.6e18;
        (a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.BandRebalance), "ceiling inclusive");
    }

    function test_decide_spacingDelaysTradesButNotIdleFills() public {
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.minChunkSpacing = 600;
        _setPolicy(p);
        IBallastPolicyModule.UpkeepState memory st = _state();
        st.exposureWad = 1e18;
        st.lastTradeAt = block.timestamp - 599;
        (IBallastPolicyModule.Action a,, bytes memory reason) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.None));
        assertEq(string(reason), "spacing");
        st.pendingShares = 1;
        st.headRequestAssets = 500e6; // idle covers it exactly
        (a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.FillRedemptions));
        st.headRequestAssets = 500e6 + 1;
        (a,, reason) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.None));
        assertEq(string(reason), "spacing");
        st.lastTradeAt = block.timestamp - 600;
        (a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.FillRedemptions));
    }

    function test_decide_heartbeatNeedsMinDrift() public {
        IBallastPolicyModule.UpkeepState memory st = _state();
        vm.warp(block.timestamp + 1 days);
        st.exposureWad = 2e18 - 0.02e18; // exactly min drift
        (IBallastPolicyModule.Action a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.None));
        st.exposureWad -= 1;
        (a,,) = policyModule.decide(st);
        assertEq(uint8(a), uint8(IBallastPolicyModule.Action.Heartbeat));
    }

    function test_events_everyStepRecorded() public {
        vm.recordLogs();
        IBallastPolicyModule.Policy memory p = _defaultPolicy();
        p.bandWad = 0.3e18;
        vm.prank(curator);
        policyModule.setPolicy(p);
        vm.warp(block.timestamp + TIMELOCK);
        vm.prank(curator);
        policyModule.acceptPolicy();
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 3, "queued, accepted, applied");
        assertEq(logs[0].topics[0], IBallastPolicyModule.PolicyQueued.selector);
        assertEq(logs[1].topics[0], IBallastPolicyModule.PolicyAccepted.selector);
        assertEq(logs[2].topics[0], IBallastPolicyModule.PolicyApplied.selector);
    }
}
