package io.ballast.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.cli.BallastCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main command: the whole system on a local chain, with a report. */
class DemoTest {
    @TempDir
    Path out;

    @Test
    void demoRunsTheScenarioWithTheKeeperAndWritesTheReport() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream stream = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(stream);
            exit = BallastCli.commandLine().execute("demo", "--port", "0", "--out", out.toString());
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        System.out.println(printed.substring(printed.indexOf("running ")));

        assertThat(exit).as(printed).isZero();
        Matcher managed = Pattern.compile("(?m)^managed\\s+keeper\\s+(\\d+)\\s.*\\s(\\d+)$").matcher(printed);
        Matcher unmanaged = Pattern.compile("(?m)^unmanaged\\s+none\\s+0\\s.*\\s(\\d+)$").matcher(printed);
        assertThat(managed.find()).as("managed row in\n" + printed).isTrue();
        assertThat(unmanaged.find()).as("unmanaged row in\n" + printed).isTrue();
        assertThat(Integer.parseInt(managed.group(1))).as("upkeeps of the managed vault").isPositive();
        assertThat(Integer.parseInt(managed.group(2))).as("the managed vault was never liquidated").isZero();
        assertThat(Integer.parseInt(unmanaged.group(1))).as("the unmanaged 2x long was liquidated").isPositive();
        assertThat(printed).containsPattern("liquidations avoided by the keeper: [1-9]");
        // the guarded vault's trailing stop fired in the crash and it kept more equity than the managed one
        Matcher guarded = Pattern.compile("(?m)^guarded\\s+keeper\\s+\\d+\\s+.*protective order (\\d+).*?"
                + "\\s([\\d,]+\\.\\d+)\\s+-?[\\d.]+%.*\\s(\\d+)$").matcher(printed);
        Matcher managedEquity = Pattern.compile("(?m)^managed\\s+keeper\\s+.*\\s([\\d,]+\\.\\d+)\\s+-?[\\d.]+%")
                .matcher(printed);
        assertThat(guarded.find()).as("guarded row with protective-order upkeeps in\n" + printed).isTrue();
        assertThat(managedEquity.find()).isTrue();
        assertThat(Integer.parseInt(guarded.group(1))).as("protective order upkeeps").isPositive();
        assertThat(Integer.parseInt(guarded.group(3))).as("the guarded vault was never liquidated").isZero();
        assertThat(new java.math.BigDecimal(guarded.group(2).replace(",", "")))
                .as("guarded final equity above the managed vault's")
                .isGreaterThan(new java.math.BigDecimal(managedEquity.group(1).replace(",", "")));

        for (String chart : new String[] {"price", "exposure", "health-factor", "equity"}) {
            assertThat(ImageIO.read(out.resolve(chart + ".png").toFile())).as(chart).isNotNull();
        }
        assertThat(Files.readString(out.resolve("report.html"))).contains("Ballast demo").contains("<table>");
    }
}
