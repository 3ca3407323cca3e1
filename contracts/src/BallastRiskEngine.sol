// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IBallastPolicyModule} from "./interfaces/IBallastPolicyModule.sol";
import {IBallastRiskEngine} from "./interfaces/IBallastRiskEngine.sol";
import {IBallastVault} from "./interfaces/IBallastVault.sol";
import {ILendingAdapter} from "./interfaces/ILendingAdapter.sol";
import {ExposureMath} from "./libraries/ExposureMath.sol";
import {RiskMath} from "./libraries/RiskMath.sol";
import {VolatilityLib} from "./libraries/VolatilityLib.sol";

/// @title BallastRiskEngine
/// @notice The upkeep rules of one vault and the state they need: realized volatility from oracle samples,
/// the protective orders with their water mark, and the circuit breaker's cool-off. See `IBallastRiskEngine`.
/// @dev Deployment: construct with the first configuration, then the policy module's constructor calls
/// `bindModule()` (the factory does all three, engine, module and vault, in one transaction); the module is its
/// only caller for `record`. Roles are the module's vault's. Compiled with the IR pipeline (see
/// hardhat.config.ts): the legacy pipeline's code does not fit in EIP-170.
contract BallastRiskEngine is IBallastRiskEngine {
    bytes32 private constant _CURATOR_ROLE = keccak256("CURATOR_ROLE");
    bytes32 private constant _GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    uint256 private constant _WAD = 1e18;
    uint256 private constant _BPS = 10_000;

    // ---------------------------------------------------------------- storage

    IBallastPolicyModule private _module;

    RiskConfig private _config;
    RiskConfig private _pending;
    uint256 private _eta;
    Orders private _orders;
    RiskState private _state;

    /// @param initial The first configuration; checked against the protocol limits.
    constructor(RiskConfig memory initial) {
        _check(initial);
        _config = initial;
        _state.varianceWad = _prior(initial);
        emit RiskConfigApplied(initial);
    }

    /// @inheritdoc IBallastRiskEngine
    function bindModule() external {
        if (address(_module) != address(0)) revert RiskModuleAlreadyBound(address(_module));
        _module = IBallastPolicyModule(msg.sender);
    }

    // ================================================================ rules

    /// @inheritdoc IBallastRiskEngine
    function decide(IBallastPolicyModule.UpkeepState calldata st, IBallastPolicyModule.Policy calldata p)
        external
        view
        returns (IBallastPolicyModule.Action action, int256 targetExposureWad, bytes memory reason)
    {
        RiskConfig memory c = _config;
        Assessment memory a = _assess(st, p, c);
        targetExposureWad = a.targetWad;
        bool spaced = _elapsed(st.lastTradeAt, p.minChunkSpacing);
        reason = bytes("nothing due");
        if (c.ripcordEnabled && st.healthFactorWad < p.hfCriticalWad) {
            return (IBallastPolicyModule.Action.Ripcord, targetExposureWad, reason);
        }
        if (st.pendingShares != 0) {
            // Filling from idle funds needs no trade; an unwind waits for the spacing.
            if (spaced || !(st.idleAsset < st.headRequestAssets)) {
                return (IBallastPolicyModule.Action.FillRedemptions, targetExposureWad, reason);
            }
            reason = bytes("spacing");
        }
        if (st.healthFactorWad < p.hfFloorWad) {
            return (IBallastPolicyModule.Action.LiquidationBuffer, targetExposureWad, reason);
        }
        if (tx.gasprice > p.gasPriceCeilingWei) return (action, targetExposureWad, bytes("gas price"));

        uint256 drift = ExposureMath.distance(st.exposureWad, targetExposureWad);
        uint256 equity = st.equity > 0 ? uint256(st.equity) : 0;
        uint256 buffer = equity * p.idleBufferBps / _BPS;
        uint256 idleExcess = st.idleAsset > buffer ? st.idleAsset - buffer : 0;
        bool mayAddRisk = !st.paused && a.breaker == BreakerReason.None && a.order == OrderKind.None;
        if (a.order != OrderKind.None && drift > p.minDriftWad) action = IBallastPolicyModule.Action.ProtectiveOrder;
        else if (drift > a.bandWad) action = IBallastPolicyModule.Action.BandRebalance;
        else if (_elapsed(st.lastRebalanceAt, p.heartbeat) && drift > p.minDriftWad) {
            action = IBallastPolicyModule.Action.Heartbeat;
        } else if (mayAddRisk && idleExcess * _WAD > p.minDriftWad * equity) {
            action = IBallastPolicyModule.Action.DeployIdle;
        }
        if (action != IBallastPolicyModule.Action.None && !spaced) {
            action = IBallastPolicyModule.Action.None;
            reason = bytes("spacing");
        }
        // A sample trades nothing, so it needs no spacing.
        if (action == IBallastPolicyModule.Action.None && a.sampleDue) action = IBallastPolicyModule.Action.Sample;
    }

    /// @inheritdoc IBallastRiskEngine
    function record(
        IBallastPolicyModule.UpkeepState calldata st,
        IBallastPolicyModule.Policy calldata p,
        IBallastPolicyModule.Action action
    ) external returns (IBallastPolicyModule.Policy memory effective) {
        if (msg.sender != address(_module)) revert RiskNotPolicyModule(msg.sender);
        RiskConfig memory c = _config;
        RiskState memory s = _state;
        uint256 price = st.priceWad;

        BreakerReason trip = _trip(s, c, price);
        if (trip != BreakerReason.None) {
            s.breakerUntil = uint64(block.timestamp + c.coolOff);
            emit BreakerTripped(trip, price, s.breakerUntil);
        }
        bool long = p.targetExposureWad > -1;
        s.waterMarkWad = uint128(_mark(s.waterMarkWad, price, long));
        if (s.fired == OrderKind.None) {
            OrderKind kind = _triggered(price, s.waterMarkWad, long);
            if (kind != OrderKind.None) {
                s.fired = kind;
                emit OrderTriggered(kind, price, s.waterMarkWad);
            }
        }
        _sample(s, c, price);
        _state = s;

        effective = p;
        if (action == IBallastPolicyModule.Action.Ripcord) {
            // The ripcord trades whatever restores health, within the wider emergency limits.
            effective.slippageBps = uint16(Math.max(p.slippageBps, c.emergencySlippageBps));
            effective.maxDeviationBps = uint16(Math.max(p.maxDeviationBps, c.emergencySlippageBps));
            effective.bountyPremiumBps = c.ripcordPremiumBps;
        } else if (c.maxImpactBps != 0) {
            effective.maxTradeAssets = uint128(Math.min(p.maxTradeAssets, _liquidityCap(p, price, c.maxImpactBps)));
        }
    }

    /// @inheritdoc IBallastRiskEngine
    function assess(IBallastPolicyModule.UpkeepState calldata st, IBallastPolicyModule.Policy calldata p)
        external
        view
        returns (Assessment memory)
    {
        return _assess(st, p, _config);
    }

    /// @inheritdoc IBallastRiskEngine
    function breaker(uint256 priceWad) external view returns (BreakerReason) {
        return _breaker(_state, _config, priceWad);
    }

    // ================================================================ curator

    /// @inheritdoc IBallastRiskEngine
    function setOrders(Orders calldata newOrders) external {
        _checkRole(_CURATOR_ROLE);
        if (newOrders.trailingStopBps > _BPS - 1) revert RiskOrdersInvalid(newOrders.trailingStopBps);
        _orders = newOrders;
        // A new trailing stop measures from the price when it is armed, not from a high seen before it.
        if (_state.fired == OrderKind.None) _state.waterMarkWad = uint128(_oraclePrice());
        emit OrdersSet(newOrders);
    }

    /// @inheritdoc IBallastRiskEngine
    function rearm() external {
        _checkRole(_CURATOR_ROLE);
        if (_state.fired == OrderKind.None) revert RiskNotFired();
        _state.fired = OrderKind.None;
        _state.waterMarkWad = 0;
        emit OrdersRearmed();
    }

    /// @inheritdoc IBallastRiskEngine
    function proposeRiskConfig(RiskConfig calldata config) external {
        _checkRole(_CURATOR_ROLE);
        _check(config);
        uint256 eta = block.timestamp + _module.timelock();
        _pending = config;
        _eta = eta;
        emit RiskConfigQueued(config, eta);
    }

    /// @inheritdoc IBallastRiskEngine
    function acceptRiskConfig() external {
        _checkRole(_CURATOR_ROLE);
        uint256 eta = _eta;
        if (eta == 0) revert RiskNothingPending();
        if (block.timestamp < eta) revert RiskTimelockActive(eta);
        RiskConfig memory accepted = _pending;
        delete _pending;
        delete _eta;
        _config = accepted;
        // Before any return was sampled the estimate is the prior, which follows the configuration.
        if (_state.samples == 0) _state.varianceWad = _prior(accepted);
        emit RiskConfigApplied(accepted);
    }

    /// @inheritdoc IBallastRiskEngine
    function cancelRiskConfig() external {
        if (!_hasRole(_CURATOR_ROLE, msg.sender) && !_hasRole(_GUARDIAN_ROLE, msg.sender)) {
            revert RiskUnauthorized(msg.sender, _GUARDIAN_ROLE);
        }
        if (_eta == 0) revert RiskNothingPending();
        RiskConfig memory cancelled = _pending;
        delete _pending;
        delete _eta;
        emit RiskConfigCancelled(cancelled);
    }

    // ================================================================ views

    /// @inheritdoc IBallastRiskEngine
    function riskConfig() external view returns (RiskConfig memory) {
        return _config;
    }

    /// @inheritdoc IBallastRiskEngine
    function pendingRiskConfig() external view returns (RiskConfig memory config, uint256 eta) {
        return (_pending, _eta);
    }

    /// @inheritdoc IBallastRiskEngine
    function orders() external view returns (Orders memory) {
        return _orders;
    }

    /// @inheritdoc IBallastRiskEngine
    function riskState() external view returns (RiskState memory) {
        return _state;
    }

    /// @inheritdoc IBallastRiskEngine
    function volatility() external view returns (uint256) {
        return VolatilityLib.volatility(_state.varianceWad);
    }

    /// @inheritdoc IBallastRiskEngine
    function policyModule() external view returns (IBallastPolicyModule) {
        return _module;
    }

    // ================================================================ internal

    /// @dev x* and everything else the rules read, in the order of `IBallastRiskEngine`'s sizing chain.
    function _assess(
        IBallastPolicyModule.UpkeepState calldata st,
        IBallastPolicyModule.Policy calldata p,
        RiskConfig memory c
    ) private view returns (Assessment memory a) {
        RiskState memory s = _state;
        a.sigmaWad = VolatilityLib.volatility(s.varianceWad);
        int256 x = p.targetExposureWad;
        x = RiskMath.volTargetCap(x, c.volTargetWad, a.sigmaWad);
        x = RiskMath.kellyCap(x, c.expectedReturnWad, c.kellyFractionWad, s.varianceWad);
        x = RiskMath.liquidationCap(
            x, a.sigmaWad, c.reactionHorizon, c.liquidationSigmasWad, st.ltBaseBps, st.ltQuoteBps, p.idleBufferBps
        );
        x = ExposureMath.healthCap(x, p.hfTargetWad, st.ltBaseBps, st.ltQuoteBps, p.idleBufferBps);
        bool long = p.targetExposureWad > -1;
        a.order = s.fired != OrderKind.None
            ? s.fired
            : _triggered(st.priceWad, _mark(s.waterMarkWad, st.priceWad, long), long);
        // The exit target lies between 0 and the capped target: an order only ever reduces risk.
        if (a.order != OrderKind.None) x = ExposureMath.towardZero(c.exitTargetWad, x);
        if (st.emergencyUnwind) x = 0;
        a.breaker = _breaker(s, c, st.priceWad);
        if (st.paused || a.breaker != BreakerReason.None || a.order != OrderKind.None) {
            x = ExposureMath.towardZero(x, st.exposureWad);
        }
        a.targetWad = x;
        a.bandWad = c.costAwareBand
            ? RiskMath.costAwareBand(
                x, c.roundTripCostWad, c.riskAversionWad, Math.min(c.bandMinWad, p.bandWad), p.bandWad
            )
            : p.bandWad;
        // Never due before the spacing allows a sample: a sample upkeep that samples nothing would still be paid.
        a.sampleDue = c.sampleHeartbeat != 0
            && _elapsed(s.lastSampleAt, Math.max(c.sampleHeartbeat, Math.max(c.minSampleSpacing, 1)));
    }

    /// @dev The breaker: a cool-off running, or a condition that trips it at the next upkeep.
    function _breaker(RiskState memory s, RiskConfig memory c, uint256 price) private view returns (BreakerReason) {
        if (block.timestamp < s.breakerUntil) return BreakerReason.CoolOff;
        return _trip(s, c, price);
    }

    /// @dev A sampling gap longer than allowed (nobody could act: oracle down or keepers out), or a price move
    /// beyond the jump limit since the last sample.
    function _trip(RiskState memory s, RiskConfig memory c, uint256 price) private view returns (BreakerReason) {
        if (s.lastSampleAt != 0 && c.maxSampleGap != 0 && block.timestamp > s.lastSampleAt + c.maxSampleGap) {
            return BreakerReason.SampleGap;
        }
        uint256 last = s.lastPriceWad;
        uint256 move = ExposureMath.distance(int256(price), int256(last));
        if (c.maxJumpBps != 0 && last != 0 && move * _BPS > last * c.maxJumpBps) return BreakerReason.PriceJump;
        return BreakerReason.None;
    }

    /// @dev Samples the return since the last accepted sample, at least `minSampleSpacing` after it; the first
    /// call only sets the reference.
    function _sample(RiskState memory s, RiskConfig memory c, uint256 price) private {
        uint256 last = s.lastSampleAt;
        if (last != 0) {
            if (block.timestamp < last + Math.max(c.minSampleSpacing, 1)) return;
            uint256 dt = block.timestamp - last;
            uint256 sampleVar = VolatilityLib.sampleVariance(s.lastPriceWad, price, dt);
            s.varianceWad = uint128(
                VolatilityLib.update(
                    c.volModel,
                    s.varianceWad,
                    sampleVar,
                    c.ewmaLambdaWad,
                    c.garchOmegaWad,
                    c.garchAlphaWad,
                    c.garchBetaWad
                )
            );
            ++s.samples;
            emit VolatilitySampled(price, s.varianceWad, dt);
        }
        s.lastPriceWad = uint128(price);
        s.lastSampleAt = uint64(block.timestamp);
    }

    /// @dev The water mark moved by `price`: the high for a long, the low for a short (0 restarts it).
    function _mark(uint256 mark, uint256 price, bool long) private pure returns (uint256) {
        if (mark == 0) return price;
        return long ? Math.max(mark, price) : Math.min(mark, price);
    }

    /// @dev The first armed order that fires at `price` with water mark `mark`.
    function _triggered(uint256 price, uint256 mark, bool long) private view returns (OrderKind) {
        Orders memory o = _orders;
        if (long) {
            if (o.stopLossWad != 0 && price < o.stopLossWad + 1) return OrderKind.StopLoss;
            if (o.takeProfitWad != 0 && price + 1 > o.takeProfitWad) return OrderKind.TakeProfit;
            if (o.trailingStopBps != 0 && price * _BPS < mark * (_BPS - o.trailingStopBps) + 1) {
                return OrderKind.TrailingStop;
            }
        } else {
            if (o.stopLossWad != 0 && price + 1 > o.stopLossWad) return OrderKind.StopLoss;
            if (o.takeProfitWad != 0 && price < o.takeProfitWad + 1) return OrderKind.TakeProfit;
            if (o.trailingStopBps != 0 && price * _BPS + 1 > mark * (_BPS + o.trailingStopBps)) {
                return OrderKind.TrailingStop;
            }
        }
        return OrderKind.None;
    }

    /// @dev Largest trade (quote value) the pool takes within `impactBps` in either direction, and no larger
    /// than what the lending venue can lend of the token the position borrows.
    function _liquidityCap(IBallastPolicyModule.Policy calldata p, uint256 price, uint256 impactBps)
        private
        view
        returns (uint256 cap)
    {
        IBallastVault v = IBallastVault(_module.vault());
        address base = v.base();
        address quote = v.asset();
        (uint160 sqrtPriceX96, uint128 liquidity) = v.swapAdapter().poolLiquidity(base, quote);
        bool baseIsToken0 = base < quote;
        cap = RiskMath.poolInputCap(sqrtPriceX96, liquidity, !baseIsToken0, impactBps);
        uint256 baseIn = RiskMath.poolInputCap(sqrtPriceX96, liquidity, baseIsToken0, impactBps);
        cap = Math.min(cap, _baseValue(baseIn, price, base, quote));
        ILendingAdapter lending = v.lendingAdapter();
        uint256 lendable = p.targetExposureWad > -1
            ? lending.availableLiquidity(quote)
            : _baseValue(lending.availableLiquidity(base), price, base, quote);
        cap = Math.min(cap, lendable);
    }

    /// @dev Quote value of `amount` base at `price`, rounded down.
    function _baseValue(uint256 amount, uint256 price, address base, address quote) private view returns (uint256) {
        uint256 baseUnit = 10 ** IERC20Metadata(base).decimals();
        uint256 quoteUnit = 10 ** IERC20Metadata(quote).decimals();
        return ExposureMath.toQuote(amount, price, baseUnit, quoteUnit, Math.Rounding.Floor);
    }

    /// @dev The vault's oracle price now, or 0 (the water mark then restarts at the next upkeep).
    function _oraclePrice() private view returns (uint256) {
        try IBallastVault(_module.vault()).priceModule().price() returns (uint256 priceWad) {
            return priceWad;
        } catch {
            return 0;
        }
    }

    /// @dev The prior variance: initialVol^2.
    function _prior(RiskConfig memory c) private pure returns (uint128) {
        return uint128(uint256(c.initialVolWad) * c.initialVolWad / _WAD);
    }

    /// @dev Protocol limits of a configuration, field by field (indices as in `RiskConfig`).
    function _check(RiskConfig memory c) private pure {
        uint256 field = type(uint256).max;
        if (c.volModel > VolatilityLib.MODEL_GARCH) field = 0;
        else if (c.ewmaLambdaWad > _WAD) field = 1;
        else if (uint256(c.garchAlphaWad) + c.garchBetaWad > _WAD - 1) field = 4;
        else if (c.initialVolWad == 0 || c.initialVolWad > 10e18) field = 5;
        else if (c.minSampleSpacing > 1 days) field = 6;
        else if (c.sampleHeartbeat > 30 days) field = 7;
        else if (c.volTargetWad > 10e18) field = 8;
        else if (c.expectedReturnWad > 5e18 || c.expectedReturnWad < -5e18) field = 9;
        else if (c.kellyFractionWad > _WAD) field = 10;
        else if (c.liquidationSigmasWad > 10e18) field = 11;
        else if (c.reactionHorizon > 7 days) field = 12;
        else if (c.maxImpactBps > 5000) field = 13;
        else if (c.roundTripCostWad > 0.1e18) field = 15;
        else if (c.costAwareBand && c.riskAversionWad == 0) field = 16;
        else if (c.bandMinWad > 0.5e18) field = 17;
        else if (c.emergencySlippageBps > 2000) field = 19;
        else if (c.ripcordPremiumBps > _BPS) field = 20;
        else if (c.maxJumpBps > 5000) field = 21;
        else if (c.coolOff > 7 days) field = 22;
        else if (c.maxSampleGap > 30 days) field = 23;
        else if (c.exitTargetWad > 5e18 || c.exitTargetWad < -5e18) field = 24;
        if (field != type(uint256).max) revert RiskConfigInvalid(field);
    }

    /// @dev Whether `period` seconds have passed since `since` (inclusive).
    function _elapsed(uint256 since, uint256 period) private view returns (bool) {
        return block.timestamp + 1 > since + period;
    }

    function _checkRole(bytes32 role) private view {
        if (!_hasRole(role, msg.sender)) revert RiskUnauthorized(msg.sender, role);
    }

    function _hasRole(bytes32 role, address account) private view returns (bool) {
        if (address(_module) == address(0)) return false;
        address v = _module.vault();
        return v != address(0) && IAccessControl(v).hasRole(role, account);
    }
}
