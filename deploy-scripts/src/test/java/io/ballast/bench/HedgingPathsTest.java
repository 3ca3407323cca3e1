package io.ballast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ballast.scenario.PricePath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paths the hedging benchmark runs, without a chain. */
class HedgingPathsTest {
    @Test
    void theDefaultsAreFiftySeededGbmPathsThreeJumpPathsAndTheShippedScenarios() {
        List<HedgingBenchmark.PathSpec> paths = HedgingBenchmark.paths(HedgingBenchmark.Config.defaults());
        assertThat(paths).hasSize(50 + 3 + 4);
        assertThat(paths.subList(0, 50)).allSatisfy(p -> {
            assertThat(p.group()).isEqualTo("gbm");
            assertThat(p.path().points()).hasSize(25);
            assertThat(p.path().points().getFirst().price()).isEqualByComparingTo("2000");
        });
        assertThat(paths.get(0).path().name()).isEqualTo("gbm-1");
        assertThat(paths.get(49).path().name()).isEqualTo("gbm-50");
        assertThat(paths.subList(50, 53)).extracting(p -> p.path().name())
                .containsExactly("jump-10%", "jump-20%", "jump+15%");
        assertThat(paths.subList(53, 57)).extracting(p -> p.path().name())
                .containsExactly("calm", "volatile", "crash40", "flash-crash");
        // the same seed gives the same path: runs are reproducible
        assertThat(HedgingBenchmark.paths(HedgingBenchmark.Config.defaults()).get(7).path())
                .isEqualTo(paths.get(7).path());
    }

    @Test
    void aJumpPathIsACalmPathMovedByTheJumpFromItsMiddlePointOn() {
        HedgingBenchmark.Config config = HedgingBenchmark.Config.defaults();
        PricePath jump = HedgingBenchmark.jumpPath(1001, -0.2, config);
        PricePath calm = PricePath.gbm(1001, config.jumpPathVol(), config.days(), config.stepSeconds(),
                HedgingBenchmark.START_PRICE, jump.points().getFirst().timestamp());
        int at = calm.points().size() / 2;
        for (int i = 0; i < calm.points().size(); i++) {
            double expected = calm.points().get(i).price().doubleValue() * (i < at ? 1 : 0.8);
            assertThat(jump.points().get(i).price().doubleValue()).isCloseTo(expected, within(1e-6));
            assertThat(jump.points().get(i).timestamp()).isEqualTo(calm.points().get(i).timestamp());
        }
        double step = jump.points().get(at).price().doubleValue() / jump.points().get(at - 1).price().doubleValue();
        assertThat(step).as("one step of about -20%").isBetween(0.75, 0.85);
    }

    @Test
    void thePoliciesAreTheFixedBandTimeBasedCostAwareAndUnmanagedVaults() {
        List<HedgingBenchmark.Policy> policies = HedgingBenchmark.policies();
        assertThat(policies).extracting(HedgingBenchmark.Policy::name)
                .containsExactly("fixed-band", "time-based", "cost-aware", "unmanaged");
        HedgingBenchmark.Policy costAware = policies.get(2);
        assertThat(costAware.policy().band()).isEqualByComparingTo("0.5");
        assertThat(costAware.risk().costAwareBand()).isTrue();
        assertThat(costAware.risk().roundTripCost()).isEqualByComparingTo("0.0015");
        assertThat(costAware.risk().bandMin()).isEqualByComparingTo("0.02");
        assertThat(policies.get(1).policy().heartbeatSeconds()).isEqualTo(3600);
        assertThat(policies.get(3).managed()).isFalse();
    }
}
