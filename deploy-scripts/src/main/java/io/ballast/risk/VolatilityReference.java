package io.ballast.risk;

import java.util.Objects;

/**
 * Double-precision reference of the on-chain realized volatility estimator ({@code VolatilityLib.sol}), for checking
 * the chain's figures and for backtests off chain. Same units as the contract, as plain numbers instead of WAD:
 * every variance is an annualised variance (sigma^2 per year, so sigma 80 % is 0.64), every volatility an annualised
 * sigma, and both are clamped to {@link #MAX_VARIANCE} (sigma 1000 %/yr) rather than rejected.
 *
 * <p>A sample is one log return squared and divided by the time it took, expressed per year
 * ({@code ln(p1/p0)^2 * YEAR / dt}), so irregularly spaced points need no fixed step: a 1-hour and a 1-day return
 * weigh the same in variance units. The minimum spacing between samples is the risk engine's rule, applied by
 * {@link #replay}: a point closer than the minimum to the last accepted sample is skipped.
 *
 * <p>Rounding differs from the chain only below double precision: the contract rounds every step down in 18-decimal
 * fixed point, so its figures are at most about 1e-14 (relative) below these.
 */
public final class VolatilityReference {
    /** Seconds per year (365 days), the annualisation of the samples. */
    public static final double YEAR_SECONDS = 365.0 * 24 * 3600;
    /** Largest annualised variance a sample or estimate may take: 100 (sigma = 1000 %/yr). */
    public static final double MAX_VARIANCE = 100.0;

    /** The estimator's update rule; the ordinals are the contract's model ids (MODEL_EWMA = 0, MODEL_GARCH = 1). */
    public enum Model {
        /** RiskMetrics EWMA: {@code lambda * prev + (1 - lambda) * sample}. */
        EWMA,
        /** GARCH(1,1): {@code omega + alpha * sample + beta * prev}. */
        GARCH
    }

    private VolatilityReference() {}

    /**
     * Annualised variance of one log return normalised by elapsed time, {@code ln(p1/p0)^2 * YEAR / dt}, clamped to
     * {@link #MAX_VARIANCE}. The sign of the return does not matter (a fall and the reciprocal rise give the same
     * sample). As on chain, a zero price against a non-zero one, or a move in no time, gives {@link #MAX_VARIANCE}.
     *
     * @param p0 earlier price (> 0)
     * @param p1 later price (> 0)
     * @param dtSeconds seconds between the two (> 0)
     * @return the annualised variance; 0 when the prices are equal
     */
    public static double sampleVariance(double p0, double p1, double dtSeconds) {
        if (!(p0 >= 0) || !(p1 >= 0) || !(dtSeconds >= 0) || Double.isInfinite(p0) || Double.isInfinite(p1)) {
            throw new IllegalArgumentException("prices and elapsed time must be finite and non-negative, got p0="
                    + p0 + " p1=" + p1 + " dt=" + dtSeconds);
        }
        if (p0 == p1) {
            return 0;
        }
        if (p0 == 0 || p1 == 0 || dtSeconds == 0) {
            return MAX_VARIANCE;
        }
        double r = Math.log(p1 / p0);
        return Math.min(r * r * YEAR_SECONDS / dtSeconds, MAX_VARIANCE);
    }

    /**
     * EWMA (RiskMetrics) update, {@code lambda * prev + (1 - lambda) * sample}, clamped to {@link #MAX_VARIANCE}.
     *
     * @param prevVar previous estimate, annualised variance
     * @param sampleVar new sample, annualised variance
     * @param lambda weight of the previous estimate, in [0, 1] (larger values count as 1, as on chain)
     * @return the new estimate
     */
    public static double ewma(double prevVar, double sampleVar, double lambda) {
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        double l = Math.min(lambda, 1.0);
        return Math.min(l * prevVar + (1 - l) * sampleVar, MAX_VARIANCE);
    }

    /**
     * GARCH(1,1) update, {@code omega + alpha * sample + beta * prev}, clamped to {@link #MAX_VARIANCE}. Stationarity
     * ({@code alpha + beta < 1}) is the caller's to check, as on chain; the long-run variance is then
     * {@code omega / (1 - alpha - beta)}.
     *
     * @param prevVar previous estimate, annualised variance
     * @param sampleVar new sample, annualised variance
     * @param omega constant term, annualised variance
     * @param alpha weight of the sample
     * @param beta weight of the previous estimate
     * @return the new estimate
     */
    public static double garch(double prevVar, double sampleVar, double omega, double alpha, double beta) {
        return Math.min(omega + alpha * sampleVar + beta * prevVar, MAX_VARIANCE);
    }

    /**
     * One update by model: {@link Model#EWMA} uses {@code lambda}, {@link Model#GARCH} uses {@code omega},
     * {@code alpha} and {@code beta}; the other parameters are ignored.
     */
    public static double update(Model model, double prevVar, double sampleVar, double lambda, double omega,
            double alpha, double beta) {
        return switch (Objects.requireNonNull(model, "model")) {
            case EWMA -> ewma(prevVar, sampleVar, lambda);
            case GARCH -> garch(prevVar, sampleVar, omega, alpha, beta);
        };
    }

    /** Annualised volatility {@code sqrt(var)} of an annualised variance. */
    public static double volatility(double var) {
        return Math.sqrt(var);
    }

    /**
     * Replays a price series through the estimator as the chain would see it, one update per accepted point. The
     * first point only sets the reference price and time (the estimate stays {@code initialVar}). A later point
     * closer than {@code minSpacingSeconds} to the last accepted one is skipped: the estimate, the reference price and
     * the reference time stay unchanged. Otherwise its sample against the reference is folded into the estimate and
     * it becomes the reference.
     *
     * @param model the update rule
     * @param initialVar the estimate before the first sample, annualised variance
     * @param lambda EWMA weight of the previous estimate
     * @param omega GARCH constant term, annualised variance
     * @param alpha GARCH weight of the sample
     * @param beta GARCH weight of the previous estimate
     * @param minSpacingSeconds least time between accepted samples (0 accepts every point)
     * @param timestamps unix seconds, non-decreasing
     * @param prices positive prices, one per timestamp
     * @return the annualised volatility (sqrt of the estimate) after each point, one per point
     */
    public static double[] replay(Model model, double initialVar, double lambda, double omega, double alpha,
            double beta, long minSpacingSeconds, long[] timestamps, double[] prices) {
        Objects.requireNonNull(model, "model");
        if (timestamps.length != prices.length) {
            throw new IllegalArgumentException("need one price per timestamp, got " + timestamps.length
                    + " timestamps and " + prices.length + " prices");
        }
        if (minSpacingSeconds < 0 || !(initialVar >= 0)) {
            throw new IllegalArgumentException("minimum spacing and initial variance must be >= 0, got "
                    + minSpacingSeconds + " and " + initialVar);
        }
        double[] vols = new double[prices.length];
        if (prices.length == 0) {
            return vols;
        }
        double var = initialVar;
        long refTime = timestamps[0];
        double refPrice = prices[0];
        vols[0] = volatility(var);
        for (int i = 1; i < prices.length; i++) {
            if (timestamps[i] < timestamps[i - 1]) {
                throw new IllegalArgumentException("timestamps must not decrease: " + timestamps[i] + " at index "
                        + i + " after " + timestamps[i - 1]);
            }
            long dt = timestamps[i] - refTime;
            if (dt >= minSpacingSeconds) {
                var = update(model, var, sampleVariance(refPrice, prices[i], dt), lambda, omega, alpha, beta);
                refTime = timestamps[i];
                refPrice = prices[i];
            }
            vols[i] = volatility(var);
        }
        return vols;
    }
}
