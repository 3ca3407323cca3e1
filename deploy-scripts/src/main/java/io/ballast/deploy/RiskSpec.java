package io.ballast.deploy;

import io.ballast.wrappers.BallastRiskEngine;
import io.ballast.wrappers.BallastVaultFactory;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A vault's risk-engine configuration in human units, mirroring the on-chain {@code IBallastRiskEngine.RiskConfig}
 * struct field by field. Volatilities, returns, exposures and fractions are decimals (0.8 = 80% a year), limits in
 * basis points, durations in seconds. A zero switches a rule off where the struct says so.
 *
 * @param garch true for GARCH(1,1), false for EWMA
 * @param ewmaLambda EWMA decay per sample
 * @param garchOmega GARCH omega (annualised variance)
 * @param garchAlpha GARCH weight of the new sample
 * @param garchBeta GARCH weight of the previous estimate
 * @param initialVol volatility assumed before the first return is sampled
 * @param minSampleSpacingSeconds shortest time between two samples
 * @param sampleHeartbeatSeconds a sample-only upkeep is due this long after the last sample (0: none)
 * @param volTarget volatility target (0: off)
 * @param expectedReturn expected annual excess return for the Kelly cap (0: off)
 * @param kellyFraction fraction of the Kelly exposure
 * @param liquidationSigmas m of the liquidation-aware cap (0: off)
 * @param reactionHorizonSeconds keeper reaction horizon of the liquidation-aware cap
 * @param maxImpactBps pool price impact limit per trade, also caps at the lender's liquidity (0: off)
 * @param costAwareBand use the cost-aware (Whalley-Wilmott) band instead of the fixed band
 * @param roundTripCost round-trip trading cost fraction of the cost-aware band
 * @param riskAversion risk aversion of the cost-aware band
 * @param bandMin lower clamp of the cost-aware band
 * @param ripcordEnabled whether a health factor below the critical level pulls the ripcord
 * @param emergencySlippageBps slippage and deviation limit of ripcord trades
 * @param ripcordPremiumBps keeper premium of ripcord upkeeps
 * @param maxJumpBps price move since the last sample that trips the circuit breaker (0: off)
 * @param coolOffSeconds how long the breaker stays on after its condition cleared
 * @param maxSampleGapSeconds sampling gap that trips the breaker (0: off)
 * @param exitTarget target exposure once a protective order fired
 */
public record RiskSpec(boolean garch, BigDecimal ewmaLambda, BigDecimal garchOmega, BigDecimal garchAlpha,
        BigDecimal garchBeta, BigDecimal initialVol, long minSampleSpacingSeconds, long sampleHeartbeatSeconds,
        BigDecimal volTarget, BigDecimal expectedReturn, BigDecimal kellyFraction, BigDecimal liquidationSigmas,
        long reactionHorizonSeconds, int maxImpactBps, boolean costAwareBand, BigDecimal roundTripCost,
        BigDecimal riskAversion, BigDecimal bandMin, boolean ripcordEnabled, int emergencySlippageBps,
        int ripcordPremiumBps, int maxJumpBps, long coolOffSeconds, long maxSampleGapSeconds, BigDecimal exitTarget) {

    /**
     * The defaults: EWMA (lambda 0.97, prior 80%) sampled at least 5 minutes apart, with a sample-only upkeep after 6
     * hours without one;
     * liquidation-aware cap at 3 sigmas over a 1-hour reaction horizon; trades within 1% pool impact; fixed band;
     * ripcord on (3% emergency slippage, 50% premium); breaker on a 10% jump with a 15-minute cool-off; exit to 0.
     * Volatility targeting and Kelly are off until a curator sets them.
     */
    public static RiskSpec defaults() {
        return new RiskSpec(false, new BigDecimal("0.97"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                new BigDecimal("0.8"), 300, 21_600, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                new BigDecimal("3"), 3600, 100, false, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, true, 300,
                5000, 1000, 900, 0, BigDecimal.ZERO);
    }

    /** The same configuration with volatility targeting at {@code target}. */
    public RiskSpec withVolTarget(BigDecimal target) {
        return new RiskSpec(garch, ewmaLambda, garchOmega, garchAlpha, garchBeta, initialVol, minSampleSpacingSeconds,
                sampleHeartbeatSeconds, target, expectedReturn, kellyFraction, liquidationSigmas,
                reactionHorizonSeconds, maxImpactBps, costAwareBand, roundTripCost, riskAversion, bandMin,
                ripcordEnabled, emergencySlippageBps, ripcordPremiumBps, maxJumpBps, coolOffSeconds,
                maxSampleGapSeconds, exitTarget);
    }

    /** The same configuration with the ripcord on or off. */
    public RiskSpec withRipcord(boolean enabled) {
        return new RiskSpec(garch, ewmaLambda, garchOmega, garchAlpha, garchBeta, initialVol, minSampleSpacingSeconds,
                sampleHeartbeatSeconds, volTarget, expectedReturn, kellyFraction, liquidationSigmas,
                reactionHorizonSeconds, maxImpactBps, costAwareBand, roundTripCost, riskAversion, bandMin, enabled,
                emergencySlippageBps, ripcordPremiumBps, maxJumpBps, coolOffSeconds, maxSampleGapSeconds,
                exitTarget);
    }

    /**
     * The same configuration with the cost-aware band: round-trip cost {@code cost}, risk aversion {@code lambda},
     * clamped below at {@code min} (above at the policy's band).
     */
    public RiskSpec withCostAwareBand(BigDecimal cost, BigDecimal lambda, BigDecimal min) {
        return new RiskSpec(garch, ewmaLambda, garchOmega, garchAlpha, garchBeta, initialVol, minSampleSpacingSeconds,
                sampleHeartbeatSeconds, volTarget, expectedReturn, kellyFraction, liquidationSigmas,
                reactionHorizonSeconds, maxImpactBps, true, cost, lambda, min, ripcordEnabled, emergencySlippageBps,
                ripcordPremiumBps, maxJumpBps, coolOffSeconds, maxSampleGapSeconds, exitTarget);
    }

    /** The same configuration with the circuit breaker's jump limit and cool-off. */
    public RiskSpec withBreaker(int jumpBps, long coolOff) {
        return new RiskSpec(garch, ewmaLambda, garchOmega, garchAlpha, garchBeta, initialVol, minSampleSpacingSeconds,
                sampleHeartbeatSeconds, volTarget, expectedReturn, kellyFraction, liquidationSigmas,
                reactionHorizonSeconds, maxImpactBps, costAwareBand, roundTripCost, riskAversion, bandMin,
                ripcordEnabled, emergencySlippageBps, ripcordPremiumBps, jumpBps, coolOff, maxSampleGapSeconds,
                exitTarget);
    }

    /** The same configuration with the sampling gap that trips the circuit breaker (0: off). */
    public RiskSpec withMaxSampleGap(long maxGap) {
        return new RiskSpec(garch, ewmaLambda, garchOmega, garchAlpha, garchBeta, initialVol, minSampleSpacingSeconds,
                sampleHeartbeatSeconds, volTarget, expectedReturn, kellyFraction, liquidationSigmas,
                reactionHorizonSeconds, maxImpactBps, costAwareBand, roundTripCost, riskAversion, bandMin,
                ripcordEnabled, emergencySlippageBps, ripcordPremiumBps, maxJumpBps, coolOffSeconds, maxGap,
                exitTarget);
    }

    /** The same configuration with the estimator's sample spacing and heartbeat. */
    public RiskSpec withSampling(long minSpacing, long heartbeat) {
        return new RiskSpec(garch, ewmaLambda, garchOmega, garchAlpha, garchBeta, initialVol, minSpacing, heartbeat,
                volTarget, expectedReturn, kellyFraction, liquidationSigmas, reactionHorizonSeconds, maxImpactBps,
                costAwareBand, roundTripCost, riskAversion, bandMin, ripcordEnabled, emergencySlippageBps,
                ripcordPremiumBps, maxJumpBps, coolOffSeconds, maxSampleGapSeconds, exitTarget);
    }

    /** The struct as the generated factory wrapper takes it. */
    public BallastVaultFactory.RiskConfig toFactoryRisk() {
        return new BallastVaultFactory.RiskConfig(BigInteger.valueOf(garch ? 1 : 0), wad(ewmaLambda), wad(garchOmega),
                wad(garchAlpha), wad(garchBeta), wad(initialVol), BigInteger.valueOf(minSampleSpacingSeconds),
                BigInteger.valueOf(sampleHeartbeatSeconds), wad(volTarget), wad(expectedReturn), wad(kellyFraction),
                wad(liquidationSigmas), BigInteger.valueOf(reactionHorizonSeconds), BigInteger.valueOf(maxImpactBps),
                costAwareBand, wad(roundTripCost), wad(riskAversion), wad(bandMin), ripcordEnabled,
                BigInteger.valueOf(emergencySlippageBps), BigInteger.valueOf(ripcordPremiumBps),
                BigInteger.valueOf(maxJumpBps), BigInteger.valueOf(coolOffSeconds),
                BigInteger.valueOf(maxSampleGapSeconds), wad(exitTarget));
    }

    /** The struct as the generated risk-engine wrapper takes it. */
    public BallastRiskEngine.RiskConfig toEngineRisk() {
        BallastVaultFactory.RiskConfig r = toFactoryRisk();
        return new BallastRiskEngine.RiskConfig(r.volModel, r.ewmaLambdaWad, r.garchOmegaWad, r.garchAlphaWad,
                r.garchBetaWad, r.initialVolWad, r.minSampleSpacing, r.sampleHeartbeat, r.volTargetWad,
                r.expectedReturnWad, r.kellyFractionWad, r.liquidationSigmasWad, r.reactionHorizon, r.maxImpactBps,
                r.costAwareBand, r.roundTripCostWad, r.riskAversionWad, r.bandMinWad, r.ripcordEnabled,
                r.emergencySlippageBps, r.ripcordPremiumBps, r.maxJumpBps, r.coolOff, r.maxSampleGap,
                r.exitTargetWad);
    }

    /** The configuration a risk engine reports. */
    public static RiskSpec of(BallastRiskEngine.RiskConfig r) {
        return new RiskSpec(r.volModel.signum() != 0, fromWad(r.ewmaLambdaWad), fromWad(r.garchOmegaWad),
                fromWad(r.garchAlphaWad), fromWad(r.garchBetaWad), fromWad(r.initialVolWad),
                r.minSampleSpacing.longValueExact(), r.sampleHeartbeat.longValueExact(), fromWad(r.volTargetWad),
                fromWad(r.expectedReturnWad), fromWad(r.kellyFractionWad), fromWad(r.liquidationSigmasWad),
                r.reactionHorizon.longValueExact(), r.maxImpactBps.intValueExact(), r.costAwareBand,
                fromWad(r.roundTripCostWad), fromWad(r.riskAversionWad), fromWad(r.bandMinWad), r.ripcordEnabled,
                r.emergencySlippageBps.intValueExact(), r.ripcordPremiumBps.intValueExact(),
                r.maxJumpBps.intValueExact(), r.coolOff.longValueExact(), r.maxSampleGap.longValueExact(),
                fromWad(r.exitTargetWad));
    }

    private static BigInteger wad(BigDecimal value) {
        return PolicySpec.wad(value);
    }

    private static BigDecimal fromWad(BigInteger wad) {
        return new BigDecimal(wad).movePointLeft(18).stripTrailingZeros();
    }
}
