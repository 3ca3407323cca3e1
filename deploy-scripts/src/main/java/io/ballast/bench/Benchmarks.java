package io.ballast.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ballast.chain.Chain;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalMarketDeployer;
import io.ballast.local.HardhatNode;
import io.ballast.report.ReportWriter;
import io.ballast.report.ScatterChart;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * All of Ballast's benchmarks in one run, on local chains started here: gas against baselines measured in the same
 * run ({@link GasBenchmark}), keeper scan throughput and reaction time ({@link KeeperBenchmark}), and hedging quality
 * over many price paths ({@link HedgingBenchmark}); then the targets, met or not. Writes {@code results.md} (also
 * printed), {@code results.json}, {@code hedging.png} and, when the keeper part ran, {@code keeper.json}.
 */
public final class Benchmarks {
    /** The parts a run can select. */
    public enum Part { GAS, KEEPER, HEDGING }

    /** Target thresholds. */
    static final double MAX_UPKEEP_OVERHEAD_PERCENT = 25;
    static final double MAX_DEPOSIT_RATIO = 1.3;
    static final long MAX_CHECK_UPKEEP_GAS = 80_000;
    static final double MAX_SCAN_MS_1000 = 1000;
    static final double MAX_COST_SHARE = 1 / 3.0;

    /**
     * What to run.
     *
     * @param parts the parts
     * @param keeperSizes vault counts of the keeper scans
     * @param hedging the hedging paths
     * @param out folder for the results
     * @param command the command line, recorded in the results
     */
    public record Options(Set<Part> parts, List<Integer> keeperSizes, HedgingBenchmark.Config hedging, Path out,
            String command) {
        public static Options defaults(Path out) {
            return new Options(EnumSet.allOf(Part.class), KeeperBenchmark.DEFAULT_SIZES,
                    HedgingBenchmark.Config.defaults(), out, "./ballast bench");
        }
    }

    /** A target: what it asks, the figure measured, and whether it is met ({@code null}: not measured in this run). */
    public record Target(String id, String target, String figure, Boolean met) {}

    /** Everything one run produced. */
    public record Results(Options options, Map<String, Object> machine, Optional<GasBenchmark.Result> gas,
            Optional<KeeperBenchmark.Report> keeper, Optional<HedgingBenchmark.Result> hedging, List<Target> targets,
            Map<String, Double> seconds, List<Path> files) {}

    private Benchmarks() {}

    /** Runs the selected parts and writes the results into {@code options.out()}. */
    public static Results run(Path home, Options options, PrintStream out) throws Exception {
        long started = System.nanoTime();
        Map<String, Object> machine = machine(home);
        Map<String, Double> seconds = new LinkedHashMap<>();
        Optional<GasBenchmark.Result> gas = Optional.empty();
        Optional<HedgingBenchmark.Result> hedging = Optional.empty();
        Optional<KeeperBenchmark.Report> keeper = Optional.empty();
        out.printf("ballast bench: %s on %s processors, Java %s%n", parts(options.parts()),
                machine.get("availableProcessors"), machine.get("javaVersion"));
        if (options.parts().contains(Part.GAS) || options.parts().contains(Part.HEDGING)) {
            // gas and hedging share one chain and market; each deploys its own vaults
            long t = System.nanoTime();
            try (HardhatNode node = HardhatNode.start(home, 0); Chain chain = Chain.connect(node.rpcUrl())) {
                Path manifest = home.resolve(".ballast/bench/market-" + node.port() + ".json");
                Files.deleteIfExists(manifest);
                LocalMarket market = new LocalMarketDeployer(chain, LocalMarketDeployer.Config.defaults())
                        .deploy(manifest);
                double marketSeconds = (System.nanoTime() - t) / 1e9;
                seconds.put("localChainAndMarket", round1(marketSeconds));
                out.printf("local chain %d at %s, market deployed in %.1f s%n", chain.chainId(), node.rpcUrl(),
                        marketSeconds);
                if (options.parts().contains(Part.GAS)) {
                    out.println("gas: ERC-4626 operations and every upkeep action against their baselines");
                    gas = Optional.of(GasBenchmark.run(market, out));
                    seconds.put("gas", round1(gas.get().seconds()));
                }
                if (options.parts().contains(Part.HEDGING)) {
                    out.println("hedging: price paths through the real contracts, one vault per policy");
                    hedging = Optional.of(HedgingBenchmark.run(market, options.hedging(), out));
                    seconds.put("hedging", round1(hedging.get().seconds()));
                }
            }
        }
        if (options.parts().contains(Part.KEEPER)) {
            out.println("keeper: scan throughput and reaction time (a local chain of its own)");
            keeper = Optional.of(KeeperBenchmark.run(home, options.keeperSizes(), out));
            seconds.put("keeper", round1(keeper.get().seconds()));
        }
        machine.put("loadAverageAtEnd", loadAverage());
        seconds.put("total", round1((System.nanoTime() - started) / 1e9));
        List<Target> targets = targets(gas, keeper, hedging, options.hedging());
        Results partial = new Results(options, machine, gas, keeper, hedging, targets, seconds, List.of());
        List<Path> files = write(partial);
        Results results = new Results(options, machine, gas, keeper, hedging, targets, seconds, files);
        out.println();
        out.print(BenchMarkdown.render(results));
        out.printf("%nwrote %s in %.0f s%n", String.join(", ", files.stream().map(Path::toString).toList()),
                seconds.get("total"));
        return results;
    }

    // ------------------------------------------------------------------ targets

    static List<Target> targets(Optional<GasBenchmark.Result> gas, Optional<KeeperBenchmark.Report> keeper,
            Optional<HedgingBenchmark.Result> hedging, HedgingBenchmark.Config config) {
        List<Target> targets = new ArrayList<>();
        String overheadTarget = "performUpkeep overhead <= 25% above the venue floor, every action";
        String depositTarget = "deposit <= 1.3x a plain ERC-4626 deposit";
        String checkTarget = "checkUpkeep <= 80,000 gas";
        if (gas.isPresent()) {
            GasBenchmark.Result g = gas.get();
            var byOverhead = java.util.Comparator.comparingDouble(GasBenchmark.UpkeepFigure::overheadPercent);
            GasBenchmark.UpkeepFigure worst = g.upkeeps().stream().max(byOverhead).orElseThrow();
            GasBenchmark.UpkeepFigure best = g.upkeeps().stream().min(byOverhead).orElseThrow();
            targets.add(new Target("upkeepOverhead", overheadTarget, String.format(Locale.ROOT,
                    "+%.0f%% (%s) to +%.0f%% (%s)", best.overheadPercent(), best.name(), worst.overheadPercent(),
                    worst.name()), worst.overheadPercent() <= MAX_UPKEEP_OVERHEAD_PERCENT));
            List<GasBenchmark.VaultOpFigure> deposits = g.vaultOps().stream()
                    .filter(o -> o.operation().startsWith("deposit")).toList();
            double worstDeposit = deposits.stream().mapToDouble(GasBenchmark.VaultOpFigure::ratio).max().orElseThrow();
            targets.add(new Target("depositRatio", depositTarget, String.join(", ", deposits.stream()
                    .map(o -> String.format(Locale.ROOT, "%s %.2fx (%,d vs %,d)", o.operation(), o.ratio(),
                            o.ballast(), o.plainErc4626())).toList()), worstDeposit <= MAX_DEPOSIT_RATIO));
            GasBenchmark.CheckFigure check = g.checkUpkeep().stream()
                    .max(java.util.Comparator.comparingLong(GasBenchmark.CheckFigure::estimateGas)).orElseThrow();
            targets.add(new Target("checkUpkeepGas", checkTarget, String.format(Locale.ROOT,
                    "%,d incl. the 21,000 base (%,d without), %s", check.estimateGas(), check.minusTxBase(),
                    check.state()), check.estimateGas() <= MAX_CHECK_UPKEEP_GAS));
        } else {
            targets.add(new Target("upkeepOverhead", overheadTarget, "not measured (gas part not run)", null));
            targets.add(new Target("depositRatio", depositTarget, "not measured (gas part not run)", null));
            targets.add(new Target("checkUpkeepGas", checkTarget, "not measured (gas part not run)", null));
        }
        String scanTarget = "1,000 vaults checked in <= 1 s, batched";
        Optional<KeeperBenchmark.ScanFigure> scan = keeper.flatMap(k -> k.scans().stream()
                .filter(f -> f.vaults() == 1000 && f.addedLatencyMs() == 0 && f.mode().equals("batched")).findFirst());
        if (scan.isPresent()) {
            Optional<KeeperBenchmark.ScanFigure> remote = keeper.flatMap(k -> k.scans().stream()
                    .filter(f -> f.vaults() == 1000 && f.addedLatencyMs() > 0 && f.mode().equals("batched"))
                    .findFirst());
            targets.add(new Target("scan1000", scanTarget, String.format(Locale.ROOT,
                    "%,.0f ms on the local node (%,.0f vaults/s)%s", scan.get().medianScanMs(),
                    scan.get().vaultsPerSecond(), remote.map(r -> String.format(Locale.ROOT,
                            "; %,.0f ms with +%d ms per request", r.medianScanMs(), r.addedLatencyMs())).orElse("")),
                    scan.get().medianScanMs() <= MAX_SCAN_MS_1000));
        } else {
            targets.add(new Target("scan1000", scanTarget, "not measured (keeper part not run at 1,000 vaults)", null));
        }
        String costTarget = "cost-aware band reaches the RMS error of hourly time-based rebalancing at <= 1/3 of its "
                + "cost (GBM paths)";
        String liquidationTarget = "no liquidation of a managed vault in any shipped scenario";
        Optional<HedgingBenchmark.Summary> costAware = summary(hedging, "gbm", "cost-aware");
        Optional<HedgingBenchmark.Summary> timeBased = summary(hedging, "gbm", "time-based");
        if (costAware.isPresent() && timeBased.isPresent()) {
            HedgingBenchmark.Summary c = costAware.get();
            HedgingBenchmark.Summary t = timeBased.get();
            double share = c.meanTradingCost() / t.meanTradingCost();
            targets.add(new Target("costAwareBand", costTarget, String.format(Locale.ROOT,
                    "RMS %.4f vs %.4f; cost %.2f vs %.2f USDC (%.2fx) over %d paths", c.meanRmsExposureError(),
                    t.meanRmsExposureError(), c.meanTradingCost(), t.meanTradingCost(), share, c.paths()),
                    c.meanRmsExposureError() <= t.meanRmsExposureError() && share <= MAX_COST_SHARE));
        } else {
            targets.add(new Target("costAwareBand", costTarget, "not measured (no GBM paths run)", null));
        }
        List<HedgingBenchmark.PathResult> shipped = hedging.map(h -> h.paths().stream()
                .filter(p -> p.group().equals("shipped")).toList()).orElse(List.of());
        if (!shipped.isEmpty()) {
            int managed = 0;
            int unmanaged = 0;
            List<String> where = new ArrayList<>();
            for (HedgingBenchmark.PathResult p : shipped) {
                for (HedgingBenchmark.PolicyOnPath f : p.policies()) {
                    if (f.policy().equals(HedgingBenchmark.UNMANAGED)) {
                        unmanaged += f.liquidations();
                    } else if (f.liquidations() > 0) {
                        managed += f.liquidations();
                        where.add(f.policy() + " in " + p.path());
                    }
                }
            }
            targets.add(new Target("noManagedLiquidation", liquidationTarget, String.format(Locale.ROOT,
                    "%d liquidations of managed vaults over %s%s (unmanaged: %d)", managed,
                    String.join(", ", shipped.stream().map(HedgingBenchmark.PathResult::path).toList()),
                    where.isEmpty() ? "" : " (" + String.join(", ", where) + ")", unmanaged), managed == 0));
        } else {
            targets.add(new Target("noManagedLiquidation", liquidationTarget,
                    "not measured (shipped scenarios not run)", null));
        }
        return targets;
    }

    static Optional<HedgingBenchmark.Summary> summary(Optional<HedgingBenchmark.Result> hedging, String group,
            String policy) {
        return hedging.flatMap(h -> h.summaries().stream()
                .filter(s -> s.group().equals(group) && s.policy().equals(policy)).findFirst());
    }

    // ------------------------------------------------------------------ output

    private static List<Path> write(Results results) throws IOException {
        Path dir = results.options().out();
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        Path png = null;
        if (results.hedging().isPresent() && results.hedging().get().paths().stream()
                .anyMatch(p -> p.group().equals("gbm"))) {
            png = ReportWriter.writePng(dir, scatter(results.hedging().get()));
        }
        Path md = dir.resolve("results.md");
        Files.writeString(md, BenchMarkdown.render(results), StandardCharsets.UTF_8);
        files.add(md);
        Path json = dir.resolve("results.json");
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.writeValue(json.toFile(), json(results));
        files.add(json);
        if (png != null) {
            files.add(png);
        }
        if (results.keeper().isPresent()) {
            Path keeper = dir.resolve("keeper.json");
            mapper.writeValue(keeper.toFile(), KeeperBenchmark.json(results.keeper().get()));
            files.add(keeper);
        }
        return files;
    }

    /** RMS exposure error against trading cost, one mark per GBM path and policy, and each policy's mean. */
    static ScatterChart scatter(HedgingBenchmark.Result hedging) {
        List<ScatterChart.Series> points = new ArrayList<>();
        List<ScatterChart.Series> means = new ArrayList<>();
        List<HedgingBenchmark.Policy> policies = hedging.policies();
        long paths = hedging.paths().stream().filter(p -> p.group().equals("gbm")).count();
        for (int i = 0; i < policies.size(); i++) {
            String name = policies.get(i).name();
            ScatterChart.Series s = new ScatterChart.Series(name + " (each path)", i, false);
            for (HedgingBenchmark.PathResult p : hedging.paths()) {
                if (p.group().equals("gbm")) {
                    p.policies().stream().filter(f -> f.policy().equals(name))
                            .forEach(f -> s.add(f.tradingCost(), f.rmsExposureError()));
                }
            }
            points.add(s);
            int colour = i;
            summary(Optional.of(hedging), "gbm", name).ifPresent(m -> means.add(new ScatterChart.Series(
                    name + " (mean)", colour, true).add(m.meanTradingCost(), m.meanRmsExposureError())));
        }
        List<ScatterChart.Series> all = new ArrayList<>(points);
        all.addAll(means);
        HedgingBenchmark.Config c = hedging.config();
        return new ScatterChart("hedging", String.format(Locale.ROOT,
                "Error against cost, 2x long ETH: %d GBM paths, %.0f%% vol, %s day(s), a point every %d s", paths,
                c.vol() * 100, fmt(c.days()), c.stepSeconds()),
                "trading cost per path (USDC: swap fees and slippage against the oracle, plus gas)",
                "RMS |x - x*| over the path", all);
    }

    static Map<String, Object> json(Results r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "ballast");
        root.put("command", r.options().command());
        root.put("parts", r.options().parts().stream().map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
        root.put("machine", r.machine());
        root.put("runtimeSeconds", r.seconds());
        root.put("targets", r.targets());
        r.gas().ifPresent(g -> {
            Map<String, Object> gas = new LinkedHashMap<>();
            gas.put("note", "gasUsed of mined transactions on the local Hardhat node, the 21,000 base and calldata "
                    + "included on both sides; ratio = ballast / baseline, overhead = ballast - venueFloor");
            gas.put("vaultOps", g.vaultOps());
            gas.put("upkeeps", g.upkeeps());
            gas.put("checkUpkeep", g.checkUpkeep());
            gas.put("seconds", round1(g.seconds()));
            root.put("gas", gas);
        });
        r.keeper().ifPresent(k -> root.put("keeper", KeeperBenchmark.json(k)));
        r.hedging().ifPresent(h -> {
            Map<String, Object> hedging = new LinkedHashMap<>();
            hedging.put("config", h.config());
            hedging.put("policies", h.policies().stream().map(p -> Map.of("name", p.name(), "description",
                    p.description(), "managed", p.managed())).toList());
            hedging.put("note", "rmsExposureError: root mean square of x - x* over the samples taken after each "
                    + "point; tradingCost = swapCost (fees and slippage against the oracle) + gasCost (upkeep gas at "
                    + "its effective gas price, at the ETH price), USDC; every vault starts at 2x with 100,000 USDC");
            hedging.put("summaries", h.summaries());
            hedging.put("paths", h.paths());
            hedging.put("setupSeconds", round1(h.setupSeconds()));
            hedging.put("seconds", round1(h.seconds()));
            root.put("hedging", hedging);
        });
        return root;
    }

    private static Map<String, Object> machine(Path home) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        m.put("javaVersion", System.getProperty("java.version"));
        m.put("javaVendor", System.getProperty("java.vendor"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("chain", "local Hardhat node (EDR), chain 31337, automine" + hardhatVersion(home));
        m.put("loadAverageAtStart", loadAverage());
        return m;
    }

    private static String hardhatVersion(Path home) {
        try {
            var tree = new ObjectMapper().readTree(home.resolve("contracts/node_modules/hardhat/package.json")
                    .toFile());
            return ", hardhat " + tree.get("version").asText();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static String parts(Set<Part> parts) {
        return String.join(", ", parts.stream().map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
