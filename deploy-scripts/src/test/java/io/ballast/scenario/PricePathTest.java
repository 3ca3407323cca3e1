package io.ballast.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricePathTest {
    @TempDir
    Path dir;

    @Test
    void shouldParseAValidCsvSkippingCommentsAndBlankLines() {
        PricePath path = PricePath.parse("s", List.of("# a comment", "timestamp,price", "100,2000", "", "160,1999.5"));
        assertThat(path.points()).containsExactly(new PricePath.Point(100, new BigDecimal("2000")),
                new PricePath.Point(160, new BigDecimal("1999.5")));
    }

    @Test
    void shouldNameTheLineAndTheProblemOfAnInvalidCsv() {
        assertThatThrownBy(() -> PricePath.parse("s", List.of("time,price", "1,2")))
                .hasMessageContaining("line 1").hasMessageContaining("header 'timestamp,price'");
        assertThatThrownBy(() -> PricePath.parse("s", List.of("timestamp,price", "1,2", "1,3")))
                .hasMessageContaining("line 3").hasMessageContaining("must increase");
        assertThatThrownBy(() -> PricePath.parse("s", List.of("timestamp,price", "1,2", "2,-3")))
                .hasMessageContaining("line 3").hasMessageContaining("positive");
        assertThatThrownBy(() -> PricePath.parse("s", List.of("timestamp,price", "1.5,2", "2,3")))
                .hasMessageContaining("line 2").hasMessageContaining("unix seconds");
        assertThatThrownBy(() -> PricePath.parse("s", List.of("timestamp,price", "1,2,3")))
                .hasMessageContaining("2 fields");
        assertThatThrownBy(() -> PricePath.parse("s", List.of("timestamp,price", "1,2")))
                .hasMessageContaining("at least two points");
    }

    @Test
    void gbmShouldBeReproducibleFromItsSeedAndHaveRoughlyItsVolatility() {
        PricePath a = PricePath.gbm(7, 0.8, 30, 3600, new BigDecimal("2000"), 1_700_000_000L);
        PricePath b = PricePath.gbm(7, 0.8, 30, 3600, new BigDecimal("2000"), 1_700_000_000L);
        PricePath c = PricePath.gbm(8, 0.8, 30, 3600, new BigDecimal("2000"), 1_700_000_000L);
        assertThat(a).isEqualTo(b);
        assertThat(a.points()).isNotEqualTo(c.points());
        assertThat(a.points()).hasSize(30 * 24 + 1);
        assertThat(a.realizedVolatility()).isBetween(0.7, 0.9);
    }

    @Test
    void shouldRoundTripThroughCsv() {
        PricePath path = PricePath.gbm(1, 0.5, 1, 600, new BigDecimal("2000"), 0);
        Path file = dir.resolve("p.csv");
        path.writeCsv(file);
        assertThat(PricePath.readCsv(file).points()).isEqualTo(path.points());
    }
}
