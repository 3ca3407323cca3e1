package io.ballast.bench;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.RiskSpec;
import io.ballast.deploy.Units;
import io.ballast.scenario.PricePath;
import io.ballast.scenario.ShippedScenarios;
import io.ballast.sim.InProcessKeeper;
import io.ballast.sim.MarketSimulator;
import io.ballast.sim.ScenarioRunner;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;

/**
 * Hedging quality through the real contracts: seeded GBM paths, jump paths and the shipped scenarios, each run with
 * one 2x long vault per policy side by side (fixed band, hourly time-based, cost-aware band, unmanaged), the
 * arbitrageur and the liquidator running, by {@link ScenarioRunner}.
 *
 * <p>All paths start at 2000 USD. The market and the four vaults are deployed and levered to 2x once; the chain is
 * snapshotted there and reverted to that snapshot before every path, so every path starts each policy from the same
 * fresh, levered vault (same estimator state, same position) without redeploying anything.
 */
public final class HedgingBenchmark {
    private static final Credentials ADMIN = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
    private static final Credentials KEEPER = HardhatAccounts.account(HardhatAccounts.FIRST_FREE);
    private static final Credentials DEPOSITOR = HardhatAccounts.account(HardhatAccounts.FIRST_FREE + 1);
    static final BigDecimal START_PRICE = new BigDecimal("2000");
    private static final long START = 1_767_225_600L;
    static final String UNMANAGED = "unmanaged";

    /** One policy: a 2x long vault with {@code policy} and {@code risk}, kept by the keeper unless unmanaged. */
    public record Policy(String name, String description, PolicySpec policy, RiskSpec risk, boolean managed) {}

    /**
     * The policies compared: fixed band ({@link PolicySpec#long2x()}, band 0.1), time-based (hourly heartbeat, band
     * at its widest bound), cost-aware (band at its widest bound 0.5 as the clamp, the cost-aware band on with a
     * round-trip cost of 0.15%, risk aversion 1 and a lower clamp of 0.02) and the unmanaged baseline (levered to 2x
     * once, then left alone).
     */
    public static List<Policy> policies() {
        PolicySpec fixed = PolicySpec.long2x();
        PolicySpec p = fixed;
        PolicySpec wide = new PolicySpec(p.targetExposure(), new BigDecimal("0.5"), p.minDrift(), p.hfFloor(),
                p.hfTarget(), p.hfCritical(), p.heartbeatSeconds(), p.minChunkSpacingSeconds(), p.maxTradeAssets(),
                p.gasPriceCeilingWei(), p.slippageBps(), p.maxDeviationBps(), p.bountyPremiumBps(), p.entryFeeBps(),
                p.bountyCapPerUpkeep(), p.bountyCapPerDay(), p.exitFeeBps(), p.idleBufferBps());
        return List.of(
                new Policy("fixed-band", "band 0.1 around x* = 2", fixed, RiskSpec.defaults(), true),
                new Policy("time-based", "back to x* every hour once 0.005 off (band 0.5)", fixed.timeBased(),
                        RiskSpec.defaults(), true),
                new Policy("cost-aware", "cost-aware band (c 0.15%, lambda 1, clamp 0.02..0.5)", wide,
                        RiskSpec.defaults().withCostAwareBand(new BigDecimal("0.0015"), BigDecimal.ONE,
                                new BigDecimal("0.02")), true),
                new Policy(UNMANAGED, "levered to 2x once, then left alone", fixed, RiskSpec.defaults(), false));
    }

    /**
     * What to run.
     *
     * @param gbmPaths number of GBM paths (seeds {@code firstSeed .. firstSeed + gbmPaths - 1})
     * @param firstSeed seed of the first GBM path
     * @param vol annualised volatility of the GBM paths
     * @param days length of the GBM and jump paths
     * @param stepSeconds spacing of their points
     * @param jumps single-step jumps (fractions: -0.1 is -10%), each in its own calm path
     * @param jumpPathVol volatility of the calm paths around the jumps
     * @param shipped whether to run the shipped scenarios too
     */
    public record Config(int gbmPaths, long firstSeed, double vol, double days, long stepSeconds, List<Double> jumps,
            double jumpPathVol, boolean shipped) {
        public static Config defaults() {
            return new Config(50, 1, 0.8, 1, 3600, List.of(-0.10, -0.20, 0.15), 0.3, true);
        }
    }

    /** A path to run and the group it belongs to ({@code gbm}, {@code jump} or {@code shipped}). */
    public record PathSpec(String group, PricePath path) {}

    /**
     * One policy on one path. {@code rmsExposureError} is against the vault's own x* ({@code targetExposure()}, as in
     * the backtest reports); {@code rmsErrorVsCuratorTarget} against the curator's target (2), which differs where the
     * risk engine holds x* (the circuit breaker after a move of more than 10% since the last volatility sample).
     */
    public record PolicyOnPath(String policy, int upkeeps, double rmsExposureError, double rmsErrorVsCuratorTarget,
            double tradingCost,
            double swapCost, double gasCost, int liquidations, double finalEquity, double maxDrawdown) {}

    /** One path: its figures per policy. */
    public record PathResult(String group, String path, int points, double realizedVol, double wallSeconds,
            List<PolicyOnPath> policies) {}

    /** A policy over a group of paths: means (and the liquidations summed). */
    public record Summary(String group, String policy, int paths, double meanRmsExposureError,
            double meanRmsErrorVsCuratorTarget, double meanTradingCost,
            double meanSwapCost, double meanGasCost, double meanUpkeeps, int liquidations, int pathsWithLiquidation,
            double meanFinalEquity, double meanMaxDrawdown) {}

    /** The hedging part's figures. */
    public record Result(Config config, List<Policy> policies, List<PathResult> paths, List<Summary> summaries,
            double setupSeconds, double seconds) {}

    private HedgingBenchmark() {}

    /** The paths {@code config} names, in the order they run. */
    public static List<PathSpec> paths(Config config) {
        List<PathSpec> paths = new ArrayList<>();
        for (int i = 0; i < config.gbmPaths(); i++) {
            long seed = config.firstSeed() + i;
            PricePath gbm = PricePath.gbm(seed, config.vol(), config.days(), config.stepSeconds(), START_PRICE, START);
            paths.add(new PathSpec("gbm", new PricePath("gbm-" + seed, gbm.points())));
        }
        for (int i = 0; i < config.jumps().size(); i++) {
            double jump = config.jumps().get(i);
            paths.add(new PathSpec("jump", jumpPath(1000 + i, jump, config)));
        }
        if (config.shipped()) {
            for (PricePath shipped : ShippedScenarios.all()) {
                paths.add(new PathSpec("shipped", shipped));
            }
        }
        return paths;
    }

    /** A calm GBM path with every price from its middle point on moved by {@code jump} (one step). */
    static PricePath jumpPath(long seed, double jump, Config config) {
        PricePath calm = PricePath.gbm(seed, config.jumpPathVol(), config.days(), config.stepSeconds(), START_PRICE,
                START);
        int at = calm.points().size() / 2;
        List<PricePath.Point> points = new ArrayList<>();
        for (int i = 0; i < calm.points().size(); i++) {
            PricePath.Point p = calm.points().get(i);
            BigDecimal price = i < at ? p.price()
                    : p.price().multiply(BigDecimal.valueOf(1 + jump)).setScale(8, RoundingMode.HALF_EVEN);
            points.add(new PricePath.Point(p.timestamp(), price));
        }
        String name = String.format(java.util.Locale.ROOT, "jump%+.0f%%", jump * 100);
        return new PricePath(name, points);
    }

    /** Runs every path of {@code config} on {@code market} (a fresh local market). */
    public static Result run(LocalMarket market, Config config, PrintStream log) throws Exception {
        long started = System.nanoTime();
        Chain chain = market.chain();
        List<Policy> policies = policies();
        MarketSimulator setupSimulator = new MarketSimulator(market, 5);
        setupSimulator.setWethPrice(START_PRICE);
        setupSimulator.arbitrageur().arbitrageAll();
        BallastDeployer deployer = new BallastDeployer(market);
        Map<Policy, LocalVault> vaults = new LinkedHashMap<>();
        InProcessKeeper setupKeeper = new InProcessKeeper(KEEPER, setupSimulator);
        for (Policy policy : policies) {
            LocalVault vault = deployer.deployVault("bH-" + policy.name(), policy.policy(), policy.risk(),
                    List.of(KEEPER.getAddress()));
            market.usdc(ADMIN).mint(DEPOSITOR.getAddress(), Units.raw("100000", 6)).send();
            market.usdc(DEPOSITOR).approve(vault.vault(), Units.MAX_UINT256).send();
            vault.vault(DEPOSITOR).deposit(Units.raw("100000", 6), DEPOSITOR.getAddress()).send();
            setupKeeper.serve(vault, 40);
            vaults.put(policy, vault);
        }
        // A wide band stops the lever-up from idle short of x* (the time-based and cost-aware vaults stop near 1.7 and
        // 1.8, inside their bands): a day later their heartbeat takes them to x*, so every vault, the unmanaged one
        // too, starts every path from the same 2x position.
        chain.advanceTime(86_400);
        setupSimulator.setWethPrice(START_PRICE);
        setupSimulator.setUsdcPrice(BigDecimal.ONE);
        setupSimulator.arbitrageur().arbitrageAll();
        for (LocalVault vault : vaults.values()) {
            setupKeeper.serve(vault, 40);
        }
        List<String> start = new ArrayList<>();
        for (Map.Entry<Policy, LocalVault> e : vaults.entrySet()) {
            double x = new BigDecimal(e.getValue().vault(ADMIN).position().send().exposureWad).movePointLeft(18)
                    .doubleValue();
            if (Math.abs(x - 2) > 0.02) {
                throw new IllegalStateException(e.getKey().name() + " starts at x = " + x + ", not at 2");
            }
            start.add(String.format(java.util.Locale.ROOT, "%s %.4f", e.getKey().name(), x));
        }
        log.printf("  hedging: start exposures %s%n", String.join(", ", start));
        String snapshot = chain.snapshot();
        double setupSeconds = (System.nanoTime() - started) / 1e9;
        List<PathSpec> specs = paths(config);
        log.printf("  hedging: %d vaults levered to 2x in %.1f s; %d paths (%d points) to run%n", vaults.size(),
                setupSeconds, specs.size(), specs.stream().mapToInt(s -> s.path().points().size()).sum());

        List<PathResult> results = new ArrayList<>();
        for (int n = 0; n < specs.size(); n++) {
            PathSpec spec = specs.get(n);
            if (n > 0) {
                if (!chain.revert(snapshot)) {
                    throw new IllegalStateException("evm_revert to the levered snapshot failed");
                }
                snapshot = chain.snapshot();
            }
            // a fresh simulator per path: the arbitrageur's and liquidator's approvals were reverted with the chain
            MarketSimulator simulator = new MarketSimulator(market, 5);
            ScenarioRunner runner = new ScenarioRunner(market, simulator, new InProcessKeeper(KEEPER, simulator));
            List<ScenarioRunner.Track> tracks = new ArrayList<>();
            vaults.forEach((policy, vault) -> tracks.add(new ScenarioRunner.Track(policy.name(), vault,
                    policy.managed(), policy.policy().band().doubleValue())));
            ScenarioRunner.Result run = runner.run(spec.path(), tracks, i -> {});
            List<PolicyOnPath> figures = new ArrayList<>();
            for (ScenarioRunner.VaultResult v : run.vaults().values()) {
                double curator = policies.stream().filter(p -> p.name().equals(v.track.label())).findFirst()
                        .orElseThrow().policy().targetExposure().doubleValue();
                double vsCurator = Math.sqrt(v.samples.stream().mapToDouble(s -> Math.pow(s.exposure() - curator, 2))
                        .average().orElse(0));
                figures.add(new PolicyOnPath(v.track.label(), v.upkeeps(), v.rmsExposureError(), vsCurator,
                        v.swapCost + v.gasCost, v.swapCost, v.gasCost, v.liquidations,
                        v.samples.getLast().equity(), v.maxDrawdown()));
            }
            PathResult result = new PathResult(spec.group(), spec.path().name(), spec.path().points().size(),
                    spec.path().realizedVolatility(), run.wallSeconds(), figures);
            results.add(result);
            log.printf("  hedging: %3d/%d %-12s %3d points in %5.1f s  %s%n", n + 1, specs.size(), spec.path().name(),
                    result.points(), result.wallSeconds(), brief(figures));
        }
        return new Result(config, policies, results, summarize(results, policies), setupSeconds,
                (System.nanoTime() - started) / 1e9);
    }

    private static String brief(List<PolicyOnPath> figures) {
        StringBuilder s = new StringBuilder();
        for (PolicyOnPath f : figures) {
            s.append(String.format(java.util.Locale.ROOT, "%s rms %.3f cost %.0f%s; ", f.policy(), f.rmsExposureError(),
                    f.tradingCost(), f.liquidations() > 0 ? " LIQUIDATED " + f.liquidations() : ""));
        }
        return s.toString().strip();
    }

    /** Means per group and policy, and the same over every path ({@code all}). */
    static List<Summary> summarize(List<PathResult> results, List<Policy> policies) {
        List<Summary> summaries = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        results.forEach(r -> {
            if (!groups.contains(r.group())) {
                groups.add(r.group());
            }
        });
        for (String group : groups) {
            for (Policy policy : policies) {
                List<PolicyOnPath> rows = results.stream().filter(r -> r.group().equals(group))
                        .flatMap(r -> r.policies().stream()).filter(p -> p.policy().equals(policy.name())).toList();
                if (rows.isEmpty()) {
                    continue;
                }
                summaries.add(new Summary(group, policy.name(), rows.size(),
                        mean(rows, PolicyOnPath::rmsExposureError), mean(rows, PolicyOnPath::rmsErrorVsCuratorTarget),
                        mean(rows, PolicyOnPath::tradingCost),
                        mean(rows, PolicyOnPath::swapCost), mean(rows, PolicyOnPath::gasCost),
                        mean(rows, p -> p.upkeeps()), rows.stream().mapToInt(PolicyOnPath::liquidations).sum(),
                        (int) rows.stream().filter(p -> p.liquidations() > 0).count(),
                        mean(rows, PolicyOnPath::finalEquity), mean(rows, PolicyOnPath::maxDrawdown)));
            }
        }
        return summaries;
    }

    private static double mean(List<PolicyOnPath> rows, java.util.function.ToDoubleFunction<PolicyOnPath> f) {
        return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
