package io.ballast.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ballast.risk.VolatilityReference.Model;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VolatilityReferenceTest {
    private static final long HOUR = 3600;
    /** ln(1.01)^2 * 8760, the sample of a 1 % hourly move (VolatilityLib.t.sol checks the chain against it). */
    private static final double ONE_PERCENT_HOURLY = 0.867319576606575927;

    @Test
    void sampleShouldBeTheSquaredLogReturnPerYear() {
        assertThat(VolatilityReference.sampleVariance(2000, 2020, HOUR)).isCloseTo(ONE_PERCENT_HOURLY, within(1e-14));
        assertThat(VolatilityReference.sampleVariance(1, 2, VolatilityReference.YEAR_SECONDS))
                .isCloseTo(0.480453013918201424, within(1e-14));
        assertThat(VolatilityReference.sampleVariance(2020, 2000, HOUR))
                .isEqualTo(VolatilityReference.sampleVariance(2000, 2020, HOUR));
        assertThat(VolatilityReference.sampleVariance(2000, 2020, 2 * HOUR)).isCloseTo(ONE_PERCENT_HOURLY / 2,
                within(1e-14));
        assertThat(VolatilityReference.sampleVariance(2000, 2000, HOUR)).isZero();
    }

    @Test
    void sampleAndEstimatesShouldClampAtTheMaximumVariance() {
        assertThat(VolatilityReference.sampleVariance(1, 2, 1)).isEqualTo(VolatilityReference.MAX_VARIANCE);
        assertThat(VolatilityReference.sampleVariance(0, 2000, HOUR)).isEqualTo(VolatilityReference.MAX_VARIANCE);
        assertThat(VolatilityReference.sampleVariance(2000, 2020, 0)).isEqualTo(VolatilityReference.MAX_VARIANCE);
        assertThat(VolatilityReference.ewma(200, 0, 0.9)).isEqualTo(VolatilityReference.MAX_VARIANCE);
        assertThat(VolatilityReference.garch(0, 0, 150, 0.1, 0.85)).isEqualTo(VolatilityReference.MAX_VARIANCE);
        assertThatThrownBy(() -> VolatilityReference.sampleVariance(-1, 2000, HOUR))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ewmaAndGarchShouldMatchTheContractsExamples() {
        // the same figures as VolatilityLib.t.sol
        assertThat(VolatilityReference.ewma(0.64, 1, 0.94)).isCloseTo(0.6616, within(1e-14));
        assertThat(VolatilityReference.ewma(0.64, 0.9, 0)).isEqualTo(0.9);
        assertThat(VolatilityReference.ewma(0.64, 0.9, 1)).isEqualTo(0.64);
        assertThat(VolatilityReference.ewma(0.64, 0.9, 2)).isEqualTo(0.64);
        assertThat(VolatilityReference.garch(0.64, 1, 0.01, 0.1, 0.85)).isCloseTo(0.654, within(1e-14));
        assertThat(VolatilityReference.garch(0.64, 0.64, 0.032, 0.1, 0.85)).isCloseTo(0.64, within(1e-14));
        assertThat(VolatilityReference.update(Model.EWMA, 0.64, 1, 0.94, 0.01, 0.1, 0.85))
                .isCloseTo(0.6616, within(1e-14));
        assertThat(VolatilityReference.update(Model.GARCH, 0.64, 1, 0.94, 0.01, 0.1, 0.85))
                .isCloseTo(0.654, within(1e-14));
        assertThat(Model.EWMA.ordinal()).as("MODEL_EWMA").isZero();
        assertThat(Model.GARCH.ordinal()).as("MODEL_GARCH").isEqualTo(1);
    }

    @Test
    void replayShouldGiveTheHandComputedValuesForThreePoints() {
        long[] t = {0, HOUR, 2 * HOUR};
        double[] p = {2000, 2020, 1980};
        // s1 = ln(2020/2000)^2 * 8760 = 0.8673195766, s2 = ln(1980/2020)^2 * 8760 = 3.5042336179
        // EWMA(0.94) from 0.64: v1 = 0.94 * 0.64 + 0.06 * s1 = 0.6536391746, v2 = 0.94 * v1 + 0.06 * s2 = 0.8246748412
        assertThat(VolatilityReference.replay(Model.EWMA, 0.64, 0.94, 0, 0, 0, HOUR, t, p))
                .containsExactly(new double[] {0.8, 0.8084795449461877, 0.9081160945579918}, within(1e-12));
        // GARCH(0.01, 0.1, 0.85) from 0.64: g1 = 0.01 + 0.1 s1 + 0.85 * 0.64 = 0.6407319577,
        // g2 = 0.01 + 0.1 s2 + 0.85 g1 = 0.9050455258
        assertThat(VolatilityReference.replay(Model.GARCH, 0.64, 0, 0.01, 0.1, 0.85, HOUR, t, p))
                .containsExactly(new double[] {0.8, 0.8004573428113817, 0.9513388070517464}, within(1e-12));
    }

    @Test
    void replayShouldSkipPointsCloserThanTheMinimumSpacingToTheLastAcceptedSample() {
        long[] t = {0, 600, HOUR, HOUR + 100, 2 * HOUR};
        double[] p = {2000, 2100, 2020, 1500, 2000};
        double[] vols = VolatilityReference.replay(Model.EWMA, 0.64, 0.94, 0, 0, 0, HOUR, t, p);
        // 600 s: skipped; 3600 s: sample 2000 -> 2020 over an hour; 3700 s: skipped (100 s after the last accepted);
        // 7200 s: sample 2020 -> 2000 over an hour, against the accepted 2020 at 3600 s, not the skipped 1500
        double v1 = 0.94 * 0.64 + 0.06 * ONE_PERCENT_HOURLY;
        double v2 = 0.94 * v1 + 0.06 * ONE_PERCENT_HOURLY;
        assertThat(vols).containsExactly(new double[] {0.8, 0.8, Math.sqrt(v1), Math.sqrt(v1), Math.sqrt(v2)},
                within(1e-12));
        // without the rule every point counts, and the 1500 spike dominates
        double[] all = VolatilityReference.replay(Model.EWMA, 0.64, 0.94, 0, 0, 0, 0, t, p);
        assertThat(all[1]).isGreaterThan(0.8);
        assertThat(all[4]).isGreaterThan(3 * vols[4]);
    }

    @Test
    void replayShouldRejectMismatchedOrUnorderedInput() {
        assertThatThrownBy(() -> VolatilityReference.replay(Model.EWMA, 0.64, 0.94, 0, 0, 0, HOUR, new long[] {0, 1},
                new double[] {1})).hasMessageContaining("one price per timestamp");
        assertThatThrownBy(() -> VolatilityReference.replay(Model.EWMA, 0.64, 0.94, 0, 0, 0, 0, new long[] {5, 4},
                new double[] {1, 2})).hasMessageContaining("must not decrease");
        assertThat(VolatilityReference.replay(Model.EWMA, 0.64, 0.94, 0, 0, 0, 0, new long[0], new double[0]))
                .isEmpty();
    }

    @Test
    void estimatesShouldTrackTheVolatilityOfAConstantVolatilityPath() {
        double sigma = 0.8;
        int n = 2000;
        long[] t = new long[n];
        double[] p = new double[n];
        Random random = new Random(42);
        double dtYears = HOUR / VolatilityReference.YEAR_SECONDS;
        p[0] = 2000;
        for (int i = 1; i < n; i++) {
            t[i] = i * HOUR;
            p[i] = p[i - 1] * Math.exp(-0.5 * sigma * sigma * dtYears + sigma * Math.sqrt(dtYears)
                    * random.nextGaussian());
        }
        // start far off (sigma 20 %) so the estimate has to move to the path's volatility
        double[] ewma = VolatilityReference.replay(Model.EWMA, 0.04, 0.97, 0, 0, 0, HOUR, t, p);
        assertThat(ewma[n - 1]).isCloseTo(sigma, within(0.15 * sigma));
        // GARCH with long-run variance omega / (1 - alpha - beta) = 0.64
        double[] garch = VolatilityReference.replay(Model.GARCH, 0.04, 0, 0.64 * 0.05, 0.05, 0.90, HOUR, t, p);
        assertThat(garch[n - 1]).isCloseTo(sigma, within(0.15 * sigma));
        // the mean over the second half is tighter (within 6 % for seeds 1 to 10 as well)
        assertThat(mean(ewma, n / 2, n)).isCloseTo(sigma, within(0.07 * sigma));
        assertThat(mean(garch, n / 2, n)).isCloseTo(sigma, within(0.07 * sigma));
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
