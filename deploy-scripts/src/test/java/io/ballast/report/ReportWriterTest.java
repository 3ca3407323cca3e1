package io.ballast.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteEachChartAsPngAndOneHtmlPageEmbeddingThemWithTheTables() throws Exception {
        Chart.Series price = new Chart.Series("price");
        Chart.Series hf = new Chart.Series("health factor");
        for (int i = 0; i < 50; i++) {
            price.add(1_767_225_600L + i * 3600L, 2000 + 10 * Math.sin(i / 5.0));
            hf.add(1_767_225_600L + i * 3600L, 1.5 - i / 200.0);
        }
        List<Path> files = ReportWriter.write(dir, "Demo <report>",
                List.of(new ReportWriter.Table("Summary", List.of("policy", "upkeeps"),
                        List.of(List.of("fixed band", "12")))),
                List.of(new Chart("price", "Price", "USD", List.of(price), List.of()),
                        new Chart("health-factor", "Health factor", "HF", List.of(hf),
                                List.of(new Chart.Marker("floor", 1.3), new Chart.Marker("critical", 1.1)))));

        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("price.png", "health-factor.png", "report.html");
        BufferedImage image = ImageIO.read(dir.resolve("price.png").toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(420);
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Demo &lt;report&gt;").contains("<td>fixed band</td>")
                .contains("data:image/png;base64,");
        assertThat(html.split("data:image/png;base64,")).hasSize(3);
    }

    @Test
    void shouldRefuseAChartIdThatIsNotAFileNameStem() {
        assertThatThrownBy(() -> new Chart("../x", "t", "y", List.of(), List.of()))
                .hasMessageContaining("chart id");
    }
}
