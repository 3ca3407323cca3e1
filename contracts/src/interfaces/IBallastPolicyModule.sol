// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IBallastRiskEngine} from "./IBallastRiskEngine.sol";

/// @title IBallastPolicyModule
/// @notice One vault's risk policy: the curator's settings, the hard bounds fixed at deployment, and the
/// timelock between a risk-adding change and its effect. A change that only tightens (every field moves in
/// its safer direction, see `setPolicy`) applies at once; any other change is queued, then accepted after the
/// timelock or cancelled. Roles are the bound vault's (`CURATOR_ROLE`, `GUARDIAN_ROLE`).
interface IBallastPolicyModule {
    // ---------------------------------------------------------------- types

    /// @notice What an upkeep does, in priority order (a lower value wins). New rules append values.
    /// Sample only records an oracle sample (the volatility estimate's heartbeat) and trades nothing.
    enum Action {
        None,
        Ripcord,
        FillRedemptions,
        LiquidationBuffer,
        ProtectiveOrder,
        BandRebalance,
        Heartbeat,
        DeployIdle,
        Sample
    }

    /// @notice What the vault reports to the rules when asking what is due.
    /// @param exposureWad Current exposure x, signed WAD.
    /// @param equity Equity E, asset units (> 0).
    /// @param idleAsset Free idle asset, asset units.
    /// @param healthFactorWad Venue health factor, WAD (type(uint256).max without debt).
    /// @param ltBaseBps Liquidation threshold of the base as collateral.
    /// @param ltQuoteBps Liquidation threshold of the asset as collateral.
    /// @param pendingShares Shares escrowed in pending redemption requests.
    /// @param headRequestAssets What the first pending request would receive now, asset units.
    /// @param lastTradeAt Time of the last trade.
    /// @param lastRebalanceAt Time of the last rebalance.
    /// @param paused Whether the vault is paused.
    /// @param emergencyUnwind Whether the guardian ordered an unwind.
    /// @param priceWad The oracle price, quote per whole base (WAD).
    struct UpkeepState {
        int256 exposureWad;
        int256 equity;
        uint256 idleAsset;
        uint256 healthFactorWad;
        uint256 ltBaseBps;
        uint256 ltQuoteBps;
        uint256 pendingShares;
        uint256 headRequestAssets;
        uint256 lastTradeAt;
        uint256 lastRebalanceAt;
        bool paused;
        bool emergencyUnwind;
        uint256 priceWad;
    }

    /// @notice The risk policy. Units: WAD = 1e18; bps = 1/10,000; asset units = raw units of the vault asset
    /// (e.g. 6 decimals for USDC); seconds; wei.
    /// @param targetExposureWad x*, signed WAD: > 1e18 leveraged long, 0..1e18 unlevered, < 0 short.
    /// @param bandWad Band rebalance is due when |x - x*| exceeds it (WAD).
    /// @param minDriftWad Smallest drift |x - x*| a heartbeat acts on, and the idle excess (as a fraction of
    /// equity) worth deploying (WAD).
    /// @param hfFloorWad Health factor below which the liquidation buffer acts (WAD, e.g. 1.3e18).
    /// @param hfTargetWad Health factor the buffer restores and leverage is capped at (WAD, e.g. 1.6e18).
    /// @param hfCriticalWad Health factor of the ripcord (WAD, >= 1e18; see the risk engine's `ripcordEnabled`).
    /// @param heartbeat Seconds after the last rebalance when a heartbeat rebalance becomes due.
    /// @param minChunkSpacing Seconds between two trades (chunks) of non-emergency upkeeps.
    /// @param maxTradeAssets Largest trade per upkeep, asset units (quote value of the swap input).
    /// @param gasPriceCeilingWei Bounty gas price cap, and above it only redemptions and the buffer run.
    /// @param slippageBps Largest shortfall of a swap's output from its oracle value.
    /// @param maxDeviationBps Largest pool-spot vs oracle price difference a trade accepts.
    /// @param bountyPremiumBps Keeper premium over gas cost.
    /// @param entryFeeBps Deposit fee kept by the vault (at most 1,000).
    /// @param bountyCapPerUpkeep Largest bounty of one upkeep, asset units.
    /// @param bountyCapPerDay Largest bounty total per bounty window (1 day), asset units.
    /// @param exitFeeBps Withdrawal/redemption fee kept by the vault (at most 1,000).
    /// @param idleBufferBps Idle asset kept undeployed, as a fraction of equity.
    struct Policy {
        int128 targetExposureWad;
        uint64 bandWad;
        uint64 minDriftWad;
        uint64 hfFloorWad;
        uint64 hfTargetWad;
        uint64 hfCriticalWad;
        uint32 heartbeat;
        uint32 minChunkSpacing;
        uint128 maxTradeAssets;
        uint64 gasPriceCeilingWei;
        uint16 slippageBps;
        uint16 maxDeviationBps;
        uint16 bountyPremiumBps;
        uint16 entryFeeBps;
        uint128 bountyCapPerUpkeep;
        uint128 bountyCapPerDay;
        uint16 exitFeeBps;
        uint16 idleBufferBps;
    }

    // ---------------------------------------------------------------- events

    /// @notice The module was bound to its vault.
    /// @param vault The vault.
    event PolicyVaultBound(address indexed vault);

    /// @notice A policy took effect (a tightening at once, or a queued change on acceptance).
    /// @param policy The policy now in force.
    event PolicyApplied(Policy policy);

    /// @notice A risk-adding change was queued.
    /// @param policy The queued policy.
    /// @param eta When it can be accepted.
    event PolicyQueued(Policy policy, uint256 eta);

    /// @notice A queued change was accepted (followed by `PolicyApplied`).
    /// @param policy The accepted policy.
    event PolicyAccepted(Policy policy);

    /// @notice A queued change was cancelled (by the curator or guardian, or replaced by a tightening).
    /// @param policy The cancelled policy.
    event PolicyCancelled(Policy policy);

    // ---------------------------------------------------------------- errors

    /// @notice A policy field is outside the hard bounds.
    /// @param field Field index in `Policy` declaration order (0 = targetExposureWad ... 17 = idleBufferBps).
    /// @param value The value.
    /// @param min Lower bound.
    /// @param max Upper bound.
    error PolicyFieldOutOfBounds(uint256 field, int256 value, int256 min, int256 max);

    /// @notice Health factors must satisfy 1e18 <= critical <= floor <= target.
    /// @param critical hfCriticalWad.
    /// @param floor hfFloorWad.
    /// @param target hfTargetWad.
    error PolicyHealthFactorsUnordered(uint256 critical, uint256 floor, uint256 target);

    /// @notice The hard bounds are inconsistent at `field` (min above max, or max above a protocol limit).
    /// @param field Field index.
    error PolicyBoundsInvalid(uint256 field);

    /// @notice The timelock is outside [1 hour, 30 days].
    /// @param timelock The timelock, seconds.
    error PolicyTimelockInvalid(uint256 timelock);

    /// @notice No change is queued.
    error PolicyNothingPending();

    /// @notice The queued change cannot be accepted before `eta`.
    /// @param eta When it can be.
    /// @param nowTime The current block time.
    error PolicyTimelockActive(uint256 eta, uint256 nowTime);

    /// @notice The caller lacks the vault role this needs.
    /// @param account The caller.
    /// @param role The role needed.
    error PolicyUnauthorized(address account, bytes32 role);

    /// @notice The module is already bound to a vault.
    /// @param vault That vault.
    error PolicyVaultAlreadyBound(address vault);

    /// @notice The module is not bound to a vault yet.
    error PolicyVaultUnbound();

    /// @notice Only the bound vault may call this.
    /// @param caller The caller.
    error PolicyNotVault(address caller);

    // ---------------------------------------------------------------- curator

    /// @notice Proposes a new policy. When every field is equal or tighter (smaller |x*| with the same sign or
    /// zero; lower band, drift, heartbeat, trade size, gas ceiling, slippage, deviation, premium, bounty caps and
    /// fees; higher health factors, spacing and idle buffer) it applies at once and cancels any queued change;
    /// otherwise it replaces the queued change and becomes acceptable after the timelock. Only CURATOR.
    /// @param newPolicy The proposed policy; must be within the hard bounds.
    /// @return applied True when it took effect at once.
    function setPolicy(Policy calldata newPolicy) external returns (bool applied);

    /// @notice Applies the queued change once its timelock is over. Only CURATOR.
    function acceptPolicy() external;

    /// @notice Drops the queued change. CURATOR or GUARDIAN.
    function cancelPolicy() external;

    /// @notice Binds the module to the calling vault; callable once, by the vault's constructor.
    function bindVault() external;

    // ---------------------------------------------------------------- rules

    /// @notice The highest-priority due action for a vault in state `st` under the policy in force; the rules
    /// are the risk engine's (see `IBallastRiskEngine.decide`).
    /// @dev The gas-price ceiling is compared with `tx.gasprice`, which is 0 in a plain `eth_call`.
    /// @param st The vault's state.
    /// @return action The due action, or None.
    /// @return targetExposureWad x* now (see `targetExposure`).
    /// @return reason When None: "spacing", "gas price" or "nothing due".
    function decide(UpkeepState calldata st)
        external
        view
        returns (Action action, int256 targetExposureWad, bytes memory reason);

    /// @notice Decides the upkeep for `st`, then has the risk engine record it (volatility sample, breaker,
    /// orders) and returns the policy its trades run under (see `IBallastRiskEngine.record`). Only the bound
    /// vault, from `performUpkeep`.
    /// @param st The vault's state before the upkeep.
    /// @return action The due action (None: the vault reverts).
    /// @return targetExposureWad x*.
    /// @return effective The policy for this upkeep.
    function prepare(UpkeepState calldata st)
        external
        returns (Action action, int256 targetExposureWad, Policy memory effective);

    /// @notice The target exposure for state `st`: the policy target reduced by every sizing limit of the risk
    /// engine (see `IBallastRiskEngine`); each limit only ever brings it toward zero.
    /// @param st The vault's state.
    /// @return x* signed WAD.
    function targetExposure(UpkeepState calldata st) external view returns (int256);

    /// @notice Whether deposits are open as far as the circuit breaker goes, at oracle price `priceWad`.
    /// @param priceWad The current oracle price.
    /// @return True when the breaker is not active.
    function depositsAllowed(uint256 priceWad) external view returns (bool);

    // ---------------------------------------------------------------- views

    /// @notice The policy in force.
    /// @return The policy.
    function policy() external view returns (Policy memory);

    /// @notice The queued change and when it can be accepted (eta 0 when none).
    /// @return pending The queued policy.
    /// @return eta Its acceptance time.
    function pendingPolicy() external view returns (Policy memory pending, uint256 eta);

    /// @notice The hard lower bounds, fixed at deployment.
    /// @return The lower bounds.
    function minPolicy() external view returns (Policy memory);

    /// @notice The hard upper bounds, fixed at deployment.
    /// @return The upper bounds.
    function maxPolicy() external view returns (Policy memory);

    /// @notice Seconds between queueing a risk-adding change and accepting it.
    /// @return The timelock.
    function timelock() external view returns (uint256);

    /// @notice The risk engine this module consults (bound to it at construction).
    /// @return The engine.
    function riskEngine() external view returns (IBallastRiskEngine);

    /// @notice The vault whose roles govern this module.
    /// @return The vault, address(0) before binding.
    function vault() external view returns (address);

    /// @notice Whether `next` only tightens `current` (see `setPolicy`).
    /// @param current The policy in force.
    /// @param next The proposed policy.
    /// @return True when every field is equal or safer.
    function isTightening(Policy calldata current, Policy calldata next) external pure returns (bool);
}
