package io.ballast.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code results.md}: the targets, then one table per measurement. */
final class BenchMarkdown {
    private BenchMarkdown() {}

    static String render(Benchmarks.Results r) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> m = r.machine();
        md.append("# Ballast benchmarks\n\n");
        md.append(String.format(Locale.ROOT, "`%s` (%s) on %s: %s processors, Java %s, %s. Runtime %s.%n%n",
                r.options().command(), Benchmarks.parts(r.options().parts()), m.get("date"),
                m.get("availableProcessors"), m.get("javaVersion"), m.get("chain"), runtime(r.seconds())));

        md.append("## Targets\n\n| target | measured | met |\n| --- | --- | --- |\n");
        for (Benchmarks.Target t : r.targets()) {
            md.append("| ").append(t.target()).append(" | ").append(t.figure()).append(" | ")
                    .append(t.met() == null ? "not measured" : t.met() ? "**met**" : "**not met**").append(" |\n");
        }
        r.gas().ifPresent(g -> gas(md, g));
        r.keeper().ifPresent(k -> {
            md.append("\n## Keeper\n");
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                KeeperBenchmark.printTables(out, k);
            }
            md.append(buffer.toString(StandardCharsets.UTF_8));
        });
        r.hedging().ifPresent(h -> hedging(md, h));
        return md.toString();
    }

    private static void gas(StringBuilder md, GasBenchmark.Result g) {
        md.append("\n## Gas: ERC-4626 operations against a plain OpenZeppelin ERC-4626 vault\n\n");
        md.append("Same USDC token, same operations in the same order; `BenchPlainVault` is OpenZeppelin's ERC4626 and "
                + "nothing else.\n\n");
        md.append("| operation | when | Ballast | plain ERC-4626 | ratio |\n| --- | --- | ---: | ---: | ---: |\n");
        for (GasBenchmark.VaultOpFigure o : g.vaultOps()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %.2fx |%n", o.operation(), o.note(),
                    o.ballast(), o.plainErc4626(), o.ratio()));
        }
        md.append("\n## Gas: `performUpkeep` against the venue floor\n\n");
        md.append("The venue floor is `BenchVenueReference` making the same venue calls with the same amounts (read "
                + "from the upkeep's receipt) from the same chain state, with no checks: the overhead is the oracle, "
                + "policy and risk engine, the snapshots and post-trade checks, the adapters' per-call approvals and "
                + "the bounty.\n\n");
        md.append("| upkeep | scenario | venue calls | Ballast | venue floor | overhead | ratio |\n"
                + "| --- | --- | --- | ---: | ---: | ---: | ---: |\n");
        for (GasBenchmark.UpkeepFigure u : g.upkeeps()) {
            md.append(String.format(Locale.ROOT, "| %s (`%s`) | %s | %s | %,d | %,d | %,d (+%.0f%%) | %.2fx |%n",
                    u.name(), u.action(), u.scenario(), u.venueCalls(), u.ballast(), u.venueFloor(), u.overhead(),
                    u.overheadPercent(), u.ratio()));
        }
        md.append("\n## Gas: `checkUpkeep`\n\n| vault | `eth_estimateGas` (incl. the 21,000 base) | minus 21,000 |\n"
                + "| --- | ---: | ---: |\n");
        for (GasBenchmark.CheckFigure c : g.checkUpkeep()) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d |%n", c.state(), c.estimateGas(),
                    c.minusTxBase()));
        }
        md.append("\nEvery figure is the `gasUsed` of a mined transaction on the local chain (21,000 base and calldata "
                + "included on both sides), except `checkUpkeep`, a view: its `eth_estimateGas`.\n");
    }

    private static void hedging(StringBuilder md, HedgingBenchmark.Result h) {
        HedgingBenchmark.Config c = h.config();
        md.append("\n## Hedging quality\n\n");
        md.append(String.format(Locale.ROOT, "Each path runs through the real contracts with the arbitrageur and the "
                + "liquidator, one 2x long ETH vault per policy side by side (100,000 USDC each, all starting at 2x). "
                + "GBM: %d paths, seeds %d..%d, %.0f%% volatility, %s day(s), a point every %d s. Jumps: %s, each one "
                + "step in the middle of a calm (%.0f%% vol) path. Shipped: %s.%n%n", c.gbmPaths(), c.firstSeed(),
                c.firstSeed() + c.gbmPaths() - 1, c.vol() * 100, Benchmarks.fmt(c.days()), c.stepSeconds(),
                c.jumps().isEmpty() ? "none" : String.join(", ", c.jumps().stream()
                        .map(j -> String.format(Locale.ROOT, "%+.0f%%", j * 100)).toList()), c.jumpPathVol() * 100,
                c.shipped() ? "calm, volatile, crash40, flash-crash" : "not run"));
        md.append("Policies: ");
        md.append(String.join("; ", h.policies().stream().map(p -> "**" + p.name() + "** " + p.description())
                .toList()));
        md.append(".\n\n| paths | policy | n | RMS \\|x - x*\\| (mean) | RMS \\|x - 2\\| (mean) "
                + "| trading cost, USDC (mean) | swap | gas | upkeeps (mean) | liquidations "
                + "| final equity, USDC (mean) | max drawdown (mean) |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (HedgingBenchmark.Summary s : h.summaries()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4f | %.4f | %.2f | %.2f | %.2f | %.1f | %d%s "
                    + "| %,.0f | %.1f%% |%n", s.group(), s.policy(), s.paths(), s.meanRmsExposureError(),
                    s.meanRmsErrorVsCuratorTarget(), s.meanTradingCost(),
                    s.meanSwapCost(), s.meanGasCost(), s.meanUpkeeps(), s.liquidations(),
                    s.liquidations() > 0 ? " (" + s.pathsWithLiquidation() + " paths)" : "", s.meanFinalEquity(),
                    100 * s.meanMaxDrawdown()));
        }
        List<HedgingBenchmark.PathResult> named = h.paths().stream().filter(p -> !p.group().equals("gbm")).toList();
        if (!named.isEmpty()) {
            md.append("\nPer path (jumps and shipped scenarios; every GBM path is in `results.json`):\n\n"
                    + "| path | points | policy | RMS \\|x - x*\\| | RMS \\|x - 2\\| | trading cost, USDC | upkeeps "
                    + "| liquidations | final equity, USDC | max drawdown |\n"
                    + "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (HedgingBenchmark.PathResult p : named) {
                for (HedgingBenchmark.PolicyOnPath f : p.policies()) {
                    md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.4f | %.4f | %.2f | %d | %d | %,.0f "
                            + "| %.1f%% |%n", p.path(), p.points(), f.policy(), f.rmsExposureError(),
                            f.rmsErrorVsCuratorTarget(), f.tradingCost(), f.upkeeps(),
                            f.liquidations(), f.finalEquity(), 100 * f.maxDrawdown()));
                }
            }
        }
        if (h.paths().stream().anyMatch(p -> p.group().equals("gbm"))) {
            md.append("\n![RMS exposure error against trading cost, per GBM path and policy](hedging.png)\n");
        }
        md.append(String.format(Locale.ROOT, "%nRMS |x - x*| is taken over the samples after each point (after the "
                + "keeper acted), against the vault's own x* (`targetExposure()`, as the backtest reports do); RMS "
                + "|x - 2| against the curator's target. They differ where the risk engine holds x* at the current "
                + "exposure (it may only move toward zero): the circuit breaker does so while the price is more than "
                + "10%% from the last volatility sample and for a 15-minute cool-off after the upkeep that saw it. An "
                + "unmanaged vault never samples again, so once the price has risen 10%% its x* follows its exposure "
                + "and only RMS |x - 2| shows its drift. Trading cost is swap fees and slippage against the oracle "
                + "plus upkeep gas at its effective gas price (the local node's base fee plus the keeper's 1 gwei tip) "
                + "at the ETH price. %d paths in %.0f s (setup %.0f s).%n", h.paths().size(), h.seconds(),
                h.setupSeconds()));
    }

    private static String runtime(Map<String, Double> seconds) {
        StringBuilder s = new StringBuilder();
        seconds.forEach((k, v) -> {
            if (!k.equals("total")) {
                s.append(s.isEmpty() ? "" : ", ").append(k).append(' ').append(String.format(Locale.ROOT, "%.0f s",
                        v));
            }
        });
        Double total = seconds.get("total");
        return String.format(Locale.ROOT, "%.0f s (%.1f min: %s)", total, total / 60, s);
    }
}
