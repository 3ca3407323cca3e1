// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IBallastPolicyModule} from "./interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "./interfaces/IBallastRiskEngine.sol";
import {PolicyLib} from "./libraries/PolicyLib.sol";

/// @title BallastPolicyModule
/// @notice The risk policy of one vault, its hard bounds and its timelock, and the vault's door to its risk
/// engine (the rules). A separate contract so the vault stays small.
/// @dev Deployment: construct with the bounds, the first policy and the (unbound) risk engine, then the vault's
/// constructor calls `bindVault()` (the factory does both in one transaction, so binding cannot be
/// front-run). Role checks read the bound vault's AccessControl.
contract BallastPolicyModule is IBallastPolicyModule {
    /// @dev Same values as the vault's role constants.
    bytes32 private constant _CURATOR_ROLE = keccak256("CURATOR_ROLE");
    bytes32 private constant _GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    uint256 private constant _MIN_TIMELOCK = 1 hours;
    uint256 private constant _MAX_TIMELOCK = 30 days;

    uint256 private immutable _timelock;
    IBallastRiskEngine private immutable _engine;

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
    /// @param engine The vault's risk engine, not yet bound (this constructor binds it).
    constructor(Policy memory initial, Policy memory lo, Policy memory hi, uint256 timelock_, IBallastRiskEngine engine)
    {
        if (timelock_ < _MIN_TIMELOCK || timelock_ > _MAX_TIMELOCK) revert PolicyTimelockInvalid(timelock_);
        PolicyLib.checkBounds(lo, hi);
        PolicyLib.check(initial, lo, hi);
        _timelock = timelock_;
        _min = lo;
        _max = hi;
        _policy = initial;
        _engine = engine;
        engine.bindModule();
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
        return _engine.decide(st, _policy);
    }

    /// @inheritdoc IBallastPolicyModule
    function prepare(UpkeepState calldata st)
        external
        returns (Action action, int256 targetExposureWad, Policy memory effective)
    {
        if (msg.sender != _vault) revert PolicyNotVault(msg.sender);
        Policy memory p = _policy;
        (action, targetExposureWad,) = _engine.decide(st, p);
        // The rules decide on the state before this upkeep; the engine then records it.
        if (action != Action.None) effective = _engine.record(st, p, action);
    }

    /// @inheritdoc IBallastPolicyModule
    function targetExposure(UpkeepState calldata st) external view returns (int256) {
        return _engine.assess(st, _policy).targetWad;
    }

    /// @inheritdoc IBallastPolicyModule
    function depositsAllowed(uint256 priceWad) external view returns (bool) {
        return _engine.breaker(priceWad) == IBallastRiskEngine.BreakerReason.None;
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
    function riskEngine() external view returns (IBallastRiskEngine) {
        return _engine;
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
