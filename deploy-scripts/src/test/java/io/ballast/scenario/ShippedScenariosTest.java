package io.ballast.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.local.BallastHome;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShippedScenariosTest {
    private static final Path DIR = BallastHome.find().resolve("deploy-scripts/scenarios");

    private static double min(PricePath p) {
        return p.points().stream().mapToDouble(x -> x.price().doubleValue()).min().orElseThrow();
    }

    @Test
    void shippedCsvFilesShouldBeExactlyWhatTheGeneratorMakes() {
        for (PricePath generated : ShippedScenarios.all()) {
            PricePath shipped = PricePath.readCsv(DIR.resolve(generated.name() + ".csv"));
            assertThat(shipped.points()).as(generated.name()).isEqualTo(generated.points());
        }
    }

    @Test
    void scenariosShouldHaveTheirAdvertisedShape() {
        assertThat(ShippedScenarios.calm().realizedVolatility()).isBetween(0.2, 0.4);
        assertThat(ShippedScenarios.volatile_().realizedVolatility()).isBetween(0.9, 1.5);

        PricePath crash = ShippedScenarios.crash40();
        assertThat(min(crash) / 2000).isBetween(0.58, 0.62);
        PricePath.Point last = crash.points().getLast();
        assertThat(last.timestamp() - crash.points().getFirst().timestamp()).isEqualTo(3 * 24 * 3600);

        PricePath flash = ShippedScenarios.flashCrash();
        assertThat(min(flash)).isEqualTo(1400.0);
        assertThat(flash.points().getLast().price()).isEqualByComparingTo(new BigDecimal("1960"));
    }
}
