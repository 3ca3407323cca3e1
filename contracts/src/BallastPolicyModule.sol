// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IBallastPolicyModule} from "./interfaces/IBallastPolicyModule.sol";
import {PolicyLib} from "./libraries/PolicyLib.sol";
import {ExposureMath} from "./libraries/ExposureMath.sol";

/// @title BallastPolicyModule
/// @notice The risk policy of one vault, its hard bounds and its timelock. A separate contract so the vault
/// stays small and later risk rules (volatility target, Kelly cap, protective orders) can grow here.
/// @dev Deployment: construct with the bounds and the first policy, then the vault's constructor calls
/// `bindVault()` (the factory does both in one transaction, so binding cannot be front-run). Role checks
/// read the bound vault's AccessControl.
contract BallastPolicyModule is IBallastPolicyModule {
    /// @dev Same values as the vault's role constants.
    bytes32 private constant _CURATOR_ROLE = keccak256("CURATOR_ROLE");
    bytes32 private constant _GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    uint256 private constant _MIN_TIMELOCK = 1 hours;
    uint256 private constant _MAX_TIMELOCK = 30 days;
    uint256 private constant _WAD = 1e18;
    uint256 private constant _BPS = 10_000;

    uint256 private immutable _timelock;

    // ---------------------------------------------------------------- storage

    Policy private _min;
    Policy private _max;
    Policy private _policy;
    Policy private _pending;
    uint256 private _eta;
    address private _vault;

    /// @param initial The first policy; must be within the bounds.
    /// @param lo Hard lower bounds per field, never changeable.
    /// @param hi Hard upper bounds per field, never changeable.
    /// @param timelock_ Seconds a risk-adding change waits, within [1 hour, 30 days].
    constructor(Policy memory initial, Policy memory lo, Policy memory hi, uint256 timelock_) {
        if (timelock_ < _MIN_TIMELOCK || timelock_ > _MAX_TIMELOCK) revert PolicyTimelockInvalid(timelock_);
        PolicyLib.checkBounds(lo, hi);
        PolicyLib.check(initial, lo, hi);
        _timelock = timelock_;
        _min = lo;
        _max = hi;
        _policy = initial;
        emit PolicyApplied(initial);
    }

    // ---------------------------------------------------------------- binding

    /// @inheritdoc IBallastPolicyModule
    function bindVault() external {
        if (_vault != address(0)) revert PolicyVaultAlreadyBound(_vault);
        _vault = msg.sender;
        emit PolicyVaultBound(msg.sender);
    }

    // ---------------------------------------------------------------- curator

    /// @inheritdoc IBallastPolicyModule
    function setPolicy(Policy calldata newPolicy) external returns (bool applied) {
        _checkRole(_CURATOR_ROLE);
        PolicyLib.check(newPolicy, _min, _max);
        if (PolicyLib.isTightening(_policy, newPolicy)) {
            // A tightening supersedes whatever was queued: accepting an older loosening later would undo it.
            if (_eta != 0) _cancel();
            _policy = newPolicy;
            emit PolicyApplied(newPolicy);
            return true;
        }
        uint256 eta = block.timestamp + _timelock;
        _pending = newPolicy;
        _eta = eta;
        emit PolicyQueued(newPolicy, eta);
        return false;
    }

    /// @inheritdoc IBallastPolicyModule
    function acceptPolicy() external {
        _checkRole(_CURATOR_ROLE);
        uint256 eta = _eta;
        if (eta == 0) revert PolicyNothingPending();
        if (block.timestamp < eta) revert PolicyTimelockActive(eta, block.timestamp);
        Policy memory accepted = _pending;
        delete _pending;
        delete _eta;
        _policy = accepted;
        emit PolicyAccepted(accepted);
        emit PolicyApplied(accepted);
    }

    /// @inheritdoc IBallastPolicyModule
    function cancelPolicy() external {
        if (!_hasRole(_CURATOR_ROLE, msg.sender) && !_hasRole(_GUARDIAN_ROLE, msg.sender)) {
            revert PolicyUnauthorized(msg.sender, _GUARDIAN_ROLE);
        }
        if (_eta == 0) revert PolicyNothingPending();
        _cancel();
    }

    // ---------------------------------------------------------------- rules

    /// @inheritdoc IBallastPolicyModule
    function decide(UpkeepState calldata st)
        external
        view
        returns (Action action, int256 targetExposureWad, bytes memory reason)
    {
        Policy memory p = _policy;
        targetExposureWad = _targetExposure(st, p);
        bool spaced = _elapsed(st.lastTradeAt, p.minChunkSpacing);
        reason = bytes("nothing due");
        if (st.pendingShares != 0) {
            // Filling from idle funds needs no trade; an unwind waits for the spacing.
            if (spaced || !(st.idleAsset < st.headRequestAssets)) {
                return (Action.FillRedemptions, targetExposureWad, reason);
            }
            reason = bytes("spacing");
        }
        if (st.healthFactorWad < p.hfFloorWad) return (Action.LiquidationBuffer, targetExposureWad, reason);
        if (tx.gasprice > p.gasPriceCeilingWei) return (Action.None, targetExposureWad, bytes("gas price"));

        uint256 drift = ExposureMath.distance(st.exposureWad, targetExposureWad);
        uint256 equity = st.equity > 0 ? uint256(st.equity) : 0;
        uint256 buffer = equity * p.idleBufferBps / _BPS;
        uint256 idleExcess = st.idleAsset > buffer ? st.idleAsset - buffer : 0;
        if (drift > p.bandWad) action = Action.BandRebalance;
        else if (_elapsed(st.lastRebalanceAt, p.heartbeat) && drift > p.minDriftWad) action = Action.Heartbeat;
        else if (!st.paused && idleExcess * _WAD > p.minDriftWad * equity) action = Action.DeployIdle;
        if (action != Action.None && !spaced) return (Action.None, targetExposureWad, bytes("spacing"));
        return (action, targetExposureWad, reason);
    }

    /// @inheritdoc IBallastPolicyModule
    function targetExposure(UpkeepState calldata st) external view returns (int256) {
        return _targetExposure(st, _policy);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IBallastPolicyModule
    function policy() external view returns (Policy memory) {
        return _policy;
    }

    /// @inheritdoc IBallastPolicyModule
    function pendingPolicy() external view returns (Policy memory pending, uint256 eta) {
        return (_pending, _eta);
    }

    /// @inheritdoc IBallastPolicyModule
    function minPolicy() external view returns (Policy memory) {
        return _min;
    }

    /// @inheritdoc IBallastPolicyModule
    function maxPolicy() external view returns (Policy memory) {
        return _max;
    }

    /// @inheritdoc IBallastPolicyModule
    function timelock() external view returns (uint256) {
        return _timelock;
    }

    /// @inheritdoc IBallastPolicyModule
    function vault() external view returns (address) {
        return _vault;
    }

    /// @inheritdoc IBallastPolicyModule
    function isTightening(Policy calldata current, Policy calldata next) external pure returns (bool) {
        return PolicyLib.isTightening(current, next);
    }

    // ---------------------------------------------------------------- internal

    /// @dev The sizing hook: each limit may only bring the target toward zero.
    function _targetExposure(UpkeepState calldata st, Policy memory p) private pure returns (int256 x) {
        x = ExposureMath.healthCap(p.targetExposureWad, p.hfTargetWad, st.ltBaseBps, st.ltQuoteBps, p.idleBufferBps);
        if (st.emergencyUnwind) x = 0;
        if (st.paused) x = ExposureMath.towardZero(x, st.exposureWad);
    }

    /// @dev Whether `period` seconds have passed since `since` (inclusive).
    function _elapsed(uint256 since, uint256 period) private view returns (bool) {
        return block.timestamp + 1 > since + period;
    }

    function _cancel() private {
        Policy memory cancelled = _pending;
        delete _pending;
        delete _eta;
        emit PolicyCancelled(cancelled);
    }

    function _checkRole(bytes32 role) private view {
        if (!_hasRole(role, msg.sender)) revert PolicyUnauthorized(msg.sender, role);
    }

    function _hasRole(bytes32 role, address account) private view returns (bool) {
        address v = _vault;
        if (v == address(0)) revert PolicyVaultUnbound();
        return IAccessControl(v).hasRole(role, account);
    }
}
