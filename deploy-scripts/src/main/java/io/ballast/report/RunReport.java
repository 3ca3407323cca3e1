package io.ballast.report;

import io.ballast.sim.InProcessKeeper;
import io.ballast.sim.ScenarioRunner;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a scenario run into the summary table and the charts of the demo and backtest reports. */
public final class RunReport {
    private RunReport() {}

    /** The summary table: one row per vault. */
    public static ReportWriter.Table summary(ScenarioRunner.Result result) {
        List<List<String>> rows = new ArrayList<>();
        for (ScenarioRunner.VaultResult v : result.vaults().values()) {
            double first = v.samples.getFirst().equity();
            double last = v.samples.getLast().equity();
            rows.add(List.of(v.track.label(), v.track.managed() ? "keeper" : "none", Integer.toString(v.upkeeps()),
                    byAction(v.upkeepsByAction), String.format("%,d", v.upkeepGas),
                    new BigDecimal(v.bountiesAccrued).movePointLeft(6).toPlainString(),
                    String.format("%,.2f", last), String.format("%+.2f%%", 100 * (last / first - 1)),
                    String.format("%.2f%%", 100 * v.maxDrawdown()), String.format("%.3f", v.rmsExposureError()),
                    Integer.toString(v.liquidations)));
        }
        return new ReportWriter.Table("Vaults over the scenario (" + result.path().name() + ", "
                + result.path().points().size() + " points)",
                List.of("vault", "keeper", "upkeeps", "by action", "upkeep gas", "bounties (USDC)",
                        "final equity (USDC)", "return", "max drawdown", "RMS |x - x*|", "liquidations"), rows);
    }

    private static String byAction(Map<InProcessKeeper.Action, Integer> counts) {
        if (counts.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        counts.forEach((action, n) -> out.append(out.isEmpty() ? "" : ", ")
                .append(action.name().toLowerCase().replace('_', ' ')).append(' ').append(n));
        return out.toString();
    }

    /** Price; exposure with target and band; health factor with floor and critical; equity of every vault. */
    public static List<Chart> charts(ScenarioRunner.Result result, double hfFloor, double hfCritical) {
        List<Long> t = result.timestamps();
        Chart.Series price = new Chart.Series("WETH price (USD)");
        for (int i = 0; i < t.size(); i++) {
            price.add(t.get(i), result.prices().get(i));
        }
        List<Chart.Series> exposure = new ArrayList<>();
        List<Chart.Series> health = new ArrayList<>();
        List<Chart.Series> equity = new ArrayList<>();
        for (ScenarioRunner.VaultResult v : result.vaults().values()) {
            Chart.Series x = new Chart.Series("exposure x, " + v.track.label());
            Chart.Series hf = new Chart.Series("health factor, " + v.track.label());
            Chart.Series e = new Chart.Series("equity, " + v.track.label());
            for (int i = 0; i < t.size(); i++) {
                ScenarioRunner.Sample s = v.samples.get(i);
                x.add(t.get(i), s.exposure());
                hf.add(t.get(i), s.healthFactor());
                e.add(t.get(i), s.equity());
            }
            exposure.add(x);
            health.add(hf);
            equity.add(e);
            if (v.track.managed()) {
                Chart.Series target = new Chart.Series("target x*, " + v.track.label());
                Chart.Series upper = new Chart.Series("band top");
                Chart.Series lower = new Chart.Series("band bottom");
                for (int i = 0; i < t.size(); i++) {
                    double tx = v.samples.get(i).target();
                    target.add(t.get(i), tx);
                    upper.add(t.get(i), tx + v.track.band());
                    lower.add(t.get(i), tx - v.track.band());
                }
                exposure.addAll(List.of(target, upper, lower));
            }
        }
        return List.of(new Chart("price", "Price", "USD per WETH", List.of(price), List.of()),
                new Chart("exposure", "Exposure against target and band", "x = N·P / E", exposure, List.of()),
                new Chart("health-factor", "Aave health factor (capped at 5)", "health factor", health,
                        List.of(new Chart.Marker("floor " + hfFloor, hfFloor),
                                new Chart.Marker("critical " + hfCritical, hfCritical),
                                new Chart.Marker("liquidation 1.0", 1.0))),
                new Chart("equity", "Equity of each vault", "USDC", equity, List.of()));
    }

    /** Prints the summary table as aligned text. */
    public static void print(ReportWriter.Table table, PrintStream out) {
        int[] widths = new int[table.header().size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = table.header().get(c).length();
            for (List<String> row : table.rows()) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        out.println(table.caption());
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            line.append(String.format("%-" + widths[c] + "s  ", table.header().get(c)));
        }
        out.println(line.toString().stripTrailing());
        for (List<String> row : table.rows()) {
            line.setLength(0);
            for (int c = 0; c < widths.length; c++) {
                line.append(String.format((c == 0 || c == 3 ? "%-" : "%") + widths[c] + "s  ", row.get(c)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Writes the HTML page and PNGs into {@code dir}. */
    public static List<Path> write(Path dir, String title, ScenarioRunner.Result result, double hfFloor,
            double hfCritical) {
        return ReportWriter.write(dir, title, List.of(summary(result)), charts(result, hfFloor, hfCritical));
    }
}
