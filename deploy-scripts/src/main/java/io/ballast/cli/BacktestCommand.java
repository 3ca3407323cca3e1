package io.ballast.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalMarketDeployer;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.RiskSpec;
import io.ballast.deploy.RiskView;
import io.ballast.deploy.Units;
import io.ballast.local.BallastHome;
import io.ballast.local.HardhatNode;
import io.ballast.report.RunReport;
import io.ballast.scenario.PricePath;
import io.ballast.sim.InProcessKeeper;
import io.ballast.sim.MarketSimulator;
import io.ballast.sim.ScenarioRunner;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ballast backtest}: replays a price path through the real contracts on a fresh local chain, one vault per
 * policy side by side (plus the unmanaged baseline), with the arbitrageur and liquidator running; writes
 * {@code report.json}, an HTML report and the charts.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Replay a price path (CSV 'timestamp,price' or generated GBM) through the real contracts on a "
                + "local chain and compare policies; writes DIR/report.json, DIR/report.html and PNG charts.")
public final class BacktestCommand implements Callable<Integer> {
    /**
     * A policy a backtest can compare: the vault's policy and its risk-engine configuration.
     *
     * @param policy the vault's policy
     * @param risk its risk engine's configuration
     */
    public record Policy(PolicySpec policy, RiskSpec risk) {}

    /**
     * Round-trip cost of the cost-aware policy: twice the local pool's 0.05% fee plus about 5 bps of slippage and
     * oracle mismatch.
     */
    public static final BigDecimal COST_AWARE_ROUND_TRIP = new BigDecimal("0.0015");

    /** Policies a backtest can compare; each becomes one 2x long vault. */
    public static final Map<String, Policy> POLICIES = policies();

    static final class Source {
        @Option(names = "--scenario", paramLabel = "FILE.csv", description = "Price path: CSV with header "
                + "timestamp,price (unix seconds, decimal USD).")
        Path scenario;

        @ArgGroup(exclusive = false)
        Gbm gbm;
    }

    static final class Gbm {
        @Option(names = "--gbm", paramLabel = "SEED", required = true, description = "Generate a GBM path from SEED.")
        long seed;

        @Option(names = "--vol", paramLabel = "V", defaultValue = "0.8", description = "Annualised volatility "
                + "(default ${DEFAULT-VALUE}).")
        double vol;

        @Option(names = "--days", paramLabel = "D", defaultValue = "3", description = "Days (default ${DEFAULT-VALUE}).")
        double days;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Report folder.")
    Path out;

    @Option(names = "--policy", paramLabel = "NAME", description = "Policy to run (repeatable): fixed-band, "
            + "time-based, cost-aware. Default: all. The unmanaged baseline always runs.")
    List<String> policies = new ArrayList<>();

    @Option(names = "--step", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Spacing of generated GBM points (default ${DEFAULT-VALUE}).")
    long step;

    @Override
    public Integer call() throws Exception {
        PricePath path = source.scenario != null ? PricePath.readCsv(source.scenario)
                : PricePath.gbm(source.gbm.seed, source.gbm.vol, source.gbm.days, step, new BigDecimal("2000"),
                        1_767_225_600L);
        List<String> chosen = policies.isEmpty() ? List.copyOf(POLICIES.keySet()) : policies;
        for (String name : chosen) {
            if (!POLICIES.containsKey(name)) {
                throw new Inputs.InputException("unknown policy '" + name + "'; known: "
                        + String.join(", ", POLICIES.keySet()));
            }
        }
        ScenarioRunner.Result result = run(path, chosen, out, true);
        System.out.printf("report: %s%n", out.resolve("report.json"));
        return result.vaults().isEmpty() ? 1 : 0;
    }

    /** Runs {@code path} for {@code chosen} policies plus the unmanaged baseline on a fresh local chain. */
    public static ScenarioRunner.Result run(PricePath path, List<String> chosen, Path out, boolean verbose)
            throws Exception {
        Path home = BallastHome.find();
        try (HardhatNode node = HardhatNode.start(home, 0); Chain chain = Chain.connect(node.rpcUrl())) {
            LocalMarket market = new LocalMarketDeployer(chain, LocalMarketDeployer.Config.defaults())
                    .deploy(home.resolve(".ballast/backtest/market-" + node.port() + ".json"));
            return run(market, path, chosen, out, verbose);
        }
    }

    /**
     * Runs {@code path} for {@code chosen} policies plus the unmanaged baseline on {@code market}, leaving the chain
     * running (so its state can be compared with the report), and writes the report into {@code out}.
     */
    public static ScenarioRunner.Result run(LocalMarket market, PricePath path, List<String> chosen, Path out,
            boolean verbose) throws Exception {
        Chain chain = market.chain();
        Credentials keeperAccount = HardhatAccounts.account(HardhatAccounts.FIRST_FREE);
        Credentials depositor = HardhatAccounts.account(HardhatAccounts.FIRST_FREE + 1);
        MarketSimulator simulator = new MarketSimulator(market, 5);
        simulator.setWethPrice(path.points().getFirst().price());
        simulator.arbitrageur().arbitrageAll();
        ScenarioRunner runner = new ScenarioRunner(market, simulator, new InProcessKeeper(keeperAccount,
                simulator));
        BallastDeployer deployer = new BallastDeployer(market);
        List<ScenarioRunner.Track> tracks = new ArrayList<>();
        List<String> labels = new ArrayList<>(chosen);
        labels.add("unmanaged");
        for (String label : labels) {
            Policy chosenPolicy = POLICIES.getOrDefault(label, new Policy(PolicySpec.long2x(),
                    RiskSpec.defaults()));
            PolicySpec policy = chosenPolicy.policy();
            LocalVault vault = deployer.deployVault("b-" + label, policy, chosenPolicy.risk(),
                    List.of(keeperAccount.getAddress()));
            market.usdc(HardhatAccounts.account(HardhatAccounts.DEPLOYER)).mint(depositor.getAddress(),
                    Units.raw("100000", 6)).send();
            market.usdc(depositor).approve(vault.vault(), Units.MAX_UINT256).send();
            vault.vault(depositor).deposit(Units.raw("100000", 6), depositor.getAddress()).send();
            boolean managed = !label.equals("unmanaged");
            ScenarioRunner.Track track = new ScenarioRunner.Track(label, vault, managed,
                    policy.band().doubleValue());
            runner.prepare(track);
            if (chosenPolicy.risk().costAwareBand()) {
                // the band in force as the vault's risk engine assesses it, for the charts
                double band = new BigDecimal(RiskView.assess(vault.vault(depositor), chain.web3j(),
                        chain.txManager(depositor), chain.gasProvider()).bandWad).movePointLeft(18).doubleValue();
                track = new ScenarioRunner.Track(label, vault, managed, band);
            }
            tracks.add(track);
        }
        // A wide band stops the lever-up from idle short of x* (the time-based and cost-aware vaults stop near 1.7 and
        // 1.8, inside their bands): a day later their heartbeat takes them to x*, so every policy starts from 2x.
        chain.advanceTime(86_400);
        simulator.setWethPrice(path.points().getFirst().price());
        simulator.setUsdcPrice(BigDecimal.ONE);
        simulator.arbitrageur().arbitrageAll();
        for (ScenarioRunner.Track track : tracks) {
            runner.prepare(track);
        }
        int total = path.points().size();
        ScenarioRunner.Result result = runner.run(path, tracks, i -> {
            if (verbose && ((i + 1) % Math.max(1, total / 10) == 0 || i + 1 == total)) {
                System.out.printf("  %d/%d points%n", i + 1, total);
            }
        });
        RunReport.write(out, "Ballast backtest: " + path.name(), result,
                PolicySpec.long2x().hfFloor().doubleValue(), PolicySpec.long2x().hfCritical().doubleValue());
        writeJson(out.resolve("report.json"), result);
        if (verbose) {
            RunReport.print(RunReport.summary(result), System.out);
        }
        return result;
    }

    /** {@code report.json}: scenario and one entry per policy with the figures users compare. */
    static void writeJson(Path file, ScenarioRunner.Result result) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("scenario", result.path().name());
        root.put("points", result.path().points().size());
        root.put("wallSeconds", Math.round(result.wallSeconds() * 10) / 10.0);
        ArrayNode policies = root.putArray("policies");
        for (ScenarioRunner.VaultResult v : result.vaults().values()) {
            ObjectNode p = policies.addObject();
            p.put("policy", v.track.label());
            p.put("upkeeps", v.upkeeps());
            p.put("rmsExposureError", round(v.rmsExposureError(), 4));
            p.put("tradingCost", round(v.swapCost + v.gasCost, 2));
            p.put("swapCost", round(v.swapCost, 2));
            p.put("gasCost", round(v.gasCost, 2));
            p.put("liquidations", v.liquidations);
            p.put("finalEquity", round(v.samples.getLast().equity(), 2));
            p.put("maxDrawdown", round(v.maxDrawdown(), 4));
        }
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        json.writeValue(file.toFile(), root);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static Map<String, Policy> policies() {
        Map<String, Policy> map = new LinkedHashMap<>();
        map.put("fixed-band", new Policy(PolicySpec.long2x(), RiskSpec.defaults()));
        map.put("time-based", new Policy(PolicySpec.long2x().timeBased(), RiskSpec.defaults()));
        // the cost-aware band (Whalley-Wilmott) under the policy's widest band, so that its upper clamp does not bind:
        // at x* = 2, c = 0.0015 and lambda = 1 it is (3 c g^2 / 2 lambda)^(1/3) = 0.208, within [0.02, 0.5]
        map.put("cost-aware", new Policy(PolicySpec.long2x().withBand(PolicySpec.upperBounds().band()),
                RiskSpec.defaults().withCostAwareBand(COST_AWARE_ROUND_TRIP, BigDecimal.ONE, new BigDecimal("0.02"))));
        return java.util.Collections.unmodifiableMap(map);
    }
}
