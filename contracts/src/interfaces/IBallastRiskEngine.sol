// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IBallastPolicyModule} from "./IBallastPolicyModule.sol";

/// @title IBallastRiskEngine
/// @notice The rules of one vault: which upkeep is due and the target exposure x*, from the policy in force,
/// the vault's state and the engine's own on-chain state (realized volatility, the protective orders and their
/// high-water mark, the circuit breaker). Bound to the vault's policy module, which forwards the vault's calls;
/// curators configure it here, with the vault's roles and the policy module's timelock.
/// @dev x* is the policy target reduced, in this order, by: volatility targeting (|x*| <= |x| * sigma_target /
/// sigma_hat), a fractional-Kelly cap (|x*| <= f * |mu| / sigma^2, 0 when mu disagrees with the side held), a
/// liquidation-aware cap (the largest |x| an m-sigma move over the keeper reaction horizon leaves at a venue
/// health factor >= 1), the health-factor cap of the policy (hfTarget), a fired protective order (the exit
/// target), an emergency unwind (0); while paused, while the circuit breaker is active or once an order fired,
/// x* is held no further from zero than the current exposure, so exposure is never increased. Each limit only
/// moves x* toward zero. Derivations: `contracts/docs/RISK_MATH.md`.
/// Warning: sigma_hat is estimated from oracle prices sampled at upkeeps (at least `minSampleSpacing` apart),
/// so it lags; the sample heartbeat keeps it fresh when nothing else is due.
interface IBallastRiskEngine {
    // ---------------------------------------------------------------- types

    /// @notice The engine's settings. Units: WAD = 1e18 (volatilities and variances annualised), bps, seconds.
    /// A zero switches a rule off where that is said.
    /// @param volModel 0 EWMA, 1 GARCH(1,1).
    /// @param ewmaLambdaWad EWMA decay per sample (e.g. 0.94e18).
    /// @param garchOmegaWad GARCH omega, annualised variance.
    /// @param garchAlphaWad GARCH alpha (weight of the new sample).
    /// @param garchBetaWad GARCH beta (weight of the previous estimate); alpha + beta < 1.
    /// @param initialVolWad sigma before the first return is sampled (the prior), > 0.
    /// @param minSampleSpacing Seconds between two accepted samples: a burst of updates cannot skew sigma_hat.
    /// @param sampleHeartbeat A sample-only upkeep is due this long after the last sample, and never before
    /// `minSampleSpacing` (0: none).
    /// @param volTargetWad sigma_target of volatility targeting (0: off).
    /// @param expectedReturnWad mu, expected annual excess return of the base over the quote (0: Kelly off).
    /// @param kellyFractionWad Fraction f of the Kelly exposure.
    /// @param liquidationSigmasWad m of the liquidation-aware cap (0: off).
    /// @param reactionHorizon Seconds the keepers need to react, for the liquidation-aware cap.
    /// @param maxImpactBps Largest pool price impact one trade may cause; also caps trades at the lending
    /// venue's available liquidity (0: liquidity-aware cap off).
    /// @param costAwareBand Use the cost-aware band (else the policy's fixed band).
    /// @param roundTripCostWad c, round-trip trading cost as a fraction of the traded value.
    /// @param riskAversionWad lambda, the curator's risk aversion (> 0 with the cost-aware band).
    /// @param bandMinWad Lower clamp of the cost-aware band (the upper is the policy's band).
    /// @param ripcordEnabled Whether a health factor below the policy's critical level pulls the ripcord.
    /// @param emergencySlippageBps Slippage and pool-deviation limit of ripcord trades.
    /// @param ripcordPremiumBps Keeper premium of ripcord upkeeps (instead of the policy's premium).
    /// @param maxJumpBps Price move since the last sample that trips the breaker (0: off).
    /// @param coolOff Seconds the breaker stays active after its condition cleared.
    /// @param maxSampleGap Sampling gap that trips the breaker at the next upkeep: nobody could act (oracle
    /// down, keepers out) for that long (0: off).
    /// @param exitTargetWad x* once a protective order fired, between 0 and the policy target (clamped).
    struct RiskConfig {
        uint8 volModel;
        uint64 ewmaLambdaWad;
        uint64 garchOmegaWad;
        uint64 garchAlphaWad;
        uint64 garchBetaWad;
        uint64 initialVolWad;
        uint32 minSampleSpacing;
        uint32 sampleHeartbeat;
        uint64 volTargetWad;
        int64 expectedReturnWad;
        uint64 kellyFractionWad;
        uint64 liquidationSigmasWad;
        uint32 reactionHorizon;
        uint16 maxImpactBps;
        bool costAwareBand;
        uint64 roundTripCostWad;
        uint64 riskAversionWad;
        uint64 bandMinWad;
        bool ripcordEnabled;
        uint16 emergencySlippageBps;
        uint16 ripcordPremiumBps;
        uint16 maxJumpBps;
        uint32 coolOff;
        uint32 maxSampleGap;
        int64 exitTargetWad;
    }

    /// @notice Protective orders, in oracle prices (quote per whole base, WAD; 0: off). For a long vault (policy
    /// target >= 0) the stop-loss fires at or below its price, the take-profit at or above, the trailing stop
    /// at or below the high-water mark less `trailingStopBps`; for a short, every direction is mirrored (the
    /// trailing stop follows the low-water mark).
    /// @param stopLossWad Stop-loss price.
    /// @param takeProfitWad Take-profit price.
    /// @param trailingStopBps Trailing distance from the water mark (0: off, < 10,000).
    struct Orders {
        uint128 stopLossWad;
        uint128 takeProfitWad;
        uint16 trailingStopBps;
    }

    /// @notice Which order fired.
    enum OrderKind {
        None,
        StopLoss,
        TakeProfit,
        TrailingStop
    }

    /// @notice Why the circuit breaker is active (the first that holds).
    enum BreakerReason {
        None,
        CoolOff,
        SampleGap,
        PriceJump
    }

    /// @notice The engine's state. Prices WAD; variance annualised WAD.
    /// @param lastPriceWad Oracle price of the last accepted sample (0 before the first).
    /// @param lastSampleAt Time of the last accepted sample (0 before the first).
    /// @param varianceWad Current variance estimate.
    /// @param samples Returns sampled so far.
    /// @param waterMarkWad High-water mark (long) or low-water mark (short) since the orders were armed.
    /// @param breakerUntil End of the current cool-off.
    /// @param fired The order that fired, until re-armed.
    struct RiskState {
        uint128 lastPriceWad;
        uint64 lastSampleAt;
        uint128 varianceWad;
        uint64 samples;
        uint128 waterMarkWad;
        uint64 breakerUntil;
        OrderKind fired;
    }

    /// @notice What the rules make of a vault state now (see `assess`).
    /// @param targetWad x*.
    /// @param bandWad Band in force (fixed or cost-aware).
    /// @param sigmaWad sigma_hat.
    /// @param breaker Why the breaker is active (None when it is not).
    /// @param order The order that fired or fires at this price (None when none).
    /// @param sampleDue Whether the sample heartbeat is due.
    struct Assessment {
        int256 targetWad;
        uint256 bandWad;
        uint256 sigmaWad;
        BreakerReason breaker;
        OrderKind order;
        bool sampleDue;
    }

    // ---------------------------------------------------------------- events

    /// @notice A return was sampled into the estimate.
    /// @param priceWad The oracle price sampled.
    /// @param varianceWad The new variance estimate.
    /// @param elapsed Seconds since the previous sample.
    event VolatilitySampled(uint256 priceWad, uint256 varianceWad, uint256 elapsed);

    /// @notice The circuit breaker tripped and cools off until `until`.
    /// @param reason What tripped it.
    /// @param priceWad The oracle price.
    /// @param until End of the cool-off.
    event BreakerTripped(BreakerReason reason, uint256 priceWad, uint256 until);

    /// @notice A protective order fired; x* is the exit target until re-armed.
    /// @param kind The order.
    /// @param priceWad The oracle price.
    /// @param waterMarkWad The water mark at that moment.
    event OrderTriggered(OrderKind kind, uint256 priceWad, uint256 waterMarkWad);

    /// @notice The curator set the protective orders.
    /// @param orders The orders now armed.
    event OrdersSet(Orders orders);

    /// @notice The curator re-armed the orders (the water mark restarts at the next upkeep).
    event OrdersRearmed();

    /// @notice A risk configuration took effect (at creation, or on acceptance).
    /// @param config The configuration.
    event RiskConfigApplied(RiskConfig config);

    /// @notice A configuration change was queued behind the policy module's timelock.
    /// @param config The queued configuration.
    /// @param eta When it can be accepted.
    event RiskConfigQueued(RiskConfig config, uint256 eta);

    /// @notice The queued configuration change was dropped.
    /// @param config The dropped configuration.
    event RiskConfigCancelled(RiskConfig config);

    // ---------------------------------------------------------------- errors

    /// @notice A configuration field is outside the protocol's limits.
    /// @param field Field index in `RiskConfig` declaration order (0 = volModel ... 24 = exitTargetWad).
    error RiskConfigInvalid(uint256 field);

    /// @notice The trailing stop distance must be below 10,000 bps.
    /// @param trailingStopBps The value given.
    error RiskOrdersInvalid(uint256 trailingStopBps);

    /// @notice The caller lacks the vault role this needs.
    /// @param account The caller.
    /// @param role The role needed.
    error RiskUnauthorized(address account, bytes32 role);

    /// @notice Only the policy module (on behalf of its vault) may record upkeeps.
    /// @param caller The caller.
    error RiskNotPolicyModule(address caller);

    /// @notice No configuration change is queued.
    error RiskNothingPending();

    /// @notice The queued change cannot be accepted before `eta`.
    /// @param eta When it can be.
    error RiskTimelockActive(uint256 eta);

    /// @notice There is no fired order to re-arm.
    error RiskNotFired();

    /// @notice The engine is already bound to a policy module.
    /// @param module That module.
    error RiskModuleAlreadyBound(address module);

    // ---------------------------------------------------------------- binding

    /// @notice Binds the engine to the calling policy module; callable once, by the module's constructor.
    function bindModule() external;

    // ---------------------------------------------------------------- rules (called through the policy module)

    /// @notice The highest-priority due action, under `p`, for a vault in state `st`: 1 ripcord (enabled and
    /// health factor below hfCritical); 2 fill redemptions; 3 liquidation buffer; then, only at or below the
    /// gas-price ceiling and after the chunk spacing: 4 protective order (fired, and |x - x*| above the
    /// minimum drift); 5 band (|x - x*| > band); 6 heartbeat; 7 deploy idle (not paused, no breaker, no
    /// fired order); and, when nothing else is due, 8 a sample-only upkeep (sample heartbeat, no spacing).
    /// @param st The vault's state.
    /// @param p The policy in force.
    /// @return action The due action, or None.
    /// @return targetExposureWad x*.
    /// @return reason When None: "spacing", "gas price" or "nothing due".
    function decide(IBallastPolicyModule.UpkeepState calldata st, IBallastPolicyModule.Policy calldata p)
        external
        view
        returns (IBallastPolicyModule.Action action, int256 targetExposureWad, bytes memory reason);

    /// @notice Records an upkeep at the oracle price: trips the breaker (price jump, sampling gap), latches a
    /// triggered order, moves the water mark and samples the return. Then returns the policy the upkeep trades
    /// under: trade size capped by the pool's impact limit and the lending venue's available liquidity; for a
    /// ripcord the emergency slippage and deviation limits and the ripcord premium. Only the policy module.
    /// @param st The vault's state before the upkeep (its price is sampled).
    /// @param p The policy in force.
    /// @param action The action decided for this upkeep.
    /// @return effective The policy for this upkeep's trades and bounty.
    function record(
        IBallastPolicyModule.UpkeepState calldata st,
        IBallastPolicyModule.Policy calldata p,
        IBallastPolicyModule.Action action
    ) external returns (IBallastPolicyModule.Policy memory effective);

    /// @notice What the rules make of state `st` under policy `p` now: x*, band, sigma_hat, breaker, orders.
    /// @param st The vault's state.
    /// @param p The policy.
    /// @return The assessment.
    function assess(IBallastPolicyModule.UpkeepState calldata st, IBallastPolicyModule.Policy calldata p)
        external
        view
        returns (Assessment memory);

    /// @notice Why the circuit breaker is active at oracle price `priceWad` (None when it is not). Deposits are
    /// closed while it is.
    /// @param priceWad The current oracle price.
    /// @return The reason.
    function breaker(uint256 priceWad) external view returns (BreakerReason);

    // ---------------------------------------------------------------- curator

    /// @notice Sets the protective orders at once (they only ever reduce risk). Does not re-arm a fired order; while
    /// none has fired, the water mark restarts at the current oracle price (at the next upkeep if the oracle fails).
    /// Only CURATOR.
    /// @param orders The orders.
    function setOrders(Orders calldata orders) external;

    /// @notice Re-arms the orders after one fired: x* returns to the policy's rules and the water mark restarts
    /// at the next upkeep. Only CURATOR.
    function rearm() external;

    /// @notice Queues a configuration change, acceptable after the policy module's timelock. Only CURATOR.
    /// @param config The new configuration (checked now).
    function proposeRiskConfig(RiskConfig calldata config) external;

    /// @notice Applies the queued configuration once its timelock is over. Only CURATOR.
    function acceptRiskConfig() external;

    /// @notice Drops the queued configuration. CURATOR or GUARDIAN.
    function cancelRiskConfig() external;

    // ---------------------------------------------------------------- views

    /// @notice The configuration in force.
    /// @return The configuration.
    function riskConfig() external view returns (RiskConfig memory);

    /// @notice The queued configuration and when it can be accepted (eta 0 when none).
    /// @return config The queued configuration.
    /// @return eta Its acceptance time.
    function pendingRiskConfig() external view returns (RiskConfig memory config, uint256 eta);

    /// @notice The protective orders armed.
    /// @return The orders.
    function orders() external view returns (Orders memory);

    /// @notice The engine's state.
    /// @return The state.
    function riskState() external view returns (RiskState memory);

    /// @notice sigma_hat, annualised WAD (the prior before the first sample).
    /// @return The volatility estimate.
    function volatility() external view returns (uint256);

    /// @notice The policy module this engine is bound to (address(0) before binding).
    /// @return The module.
    function policyModule() external view returns (IBallastPolicyModule);
}
