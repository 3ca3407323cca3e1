package io.ballast.cli;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalMarketDeployer;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.MarketSummary;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.RiskSpec;
import io.ballast.deploy.Units;
import io.ballast.local.BallastHome;
import io.ballast.local.HardhatNode;
import io.ballast.report.ReportWriter;
import io.ballast.report.RunReport;
import io.ballast.scenario.PricePath;
import io.ballast.scenario.ShippedScenarios;
import io.ballast.sim.DaemonKeeper;
import io.ballast.sim.InProcessKeeper;
import io.ballast.sim.MarketSimulator;
import io.ballast.sim.ScenarioRunner;
import io.ballast.wrappers.BallastRiskEngine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ballast demo}: starts a local chain, deploys the market and three 2x long vaults (one kept by an in-process
 * keeper, one kept with the risk engine's volatility target and a trailing stop armed, one left alone as the unmanaged
 * baseline), runs a rally, chop and crash, prints a summary and writes a report with charts.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local chain, deploy the market and a vault, run a rally-chop-crash scenario with the "
                + "keeper in-process, print a summary and write an HTML report with charts (and PNGs).")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8545",
            description = "Port for the local chain (default ${DEFAULT-VALUE}); if taken, a free port is used instead.")
    int port;

    @Option(names = "--out", description = "Report folder (default .ballast/demo/report).")
    Path out;

    @Option(names = "--market-only", description = "Only deploy and print the market, then stop.")
    boolean marketOnly;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new Inputs.InputException("--port must be 0..65535, got " + port);
        }
        long started = System.nanoTime();
        Path home = BallastHome.find();
        Path reportDir = out != null ? out : home.resolve(".ballast/demo/report");
        HardhatNode node;
        try {
            node = HardhatNode.start(home, port);
        } catch (HardhatNode.PortInUseException e) {
            System.out.printf("port %d is in use; starting the local chain on a free port instead%n", port);
            node = HardhatNode.start(home, 0);
        }
        try (HardhatNode running = node; Chain chain = Chain.connect(running.rpcUrl())) {
            System.out.printf("local chain %d at %s%n", chain.chainId(), running.rpcUrl());
            Path manifest = home.resolve(".ballast/demo/market-" + running.port() + ".json");
            LocalMarket market = new LocalMarketDeployer(chain, LocalMarketDeployer.Config.defaults()).deploy(manifest);
            System.out.printf("deployed the local market in %.1f s (manifest %s)%n", seconds(started),
                    home.relativize(manifest));
            MarketSummary.print(market, System.out);
            if (marketOnly) {
                System.out.println("\nlocal chain stopped; demo done.");
                return 0;
            }
            runScenario(market, reportDir, running.rpcUrl());
        }
        System.out.printf("%nlocal chain stopped; demo done in %.0f s.%n", seconds(started));
        return 0;
    }

    private static void runScenario(LocalMarket market, Path reportDir, String rpcUrl) throws Exception {
        Credentials keeperAccount = HardhatAccounts.account(HardhatAccounts.FIRST_FREE);
        PolicySpec policy = PolicySpec.long2x();
        BallastDeployer deployer = new BallastDeployer(market);
        LocalVault managed = deployer.deployVault("bETH2x", policy, List.of(keeperAccount.getAddress()));
        LocalVault guarded = deployer.deployVault("bETH2x-guarded", policy, GUARDED,
                List.of(keeperAccount.getAddress()));
        LocalVault unmanaged = deployer.deployVault("bETH2x-unmanaged", policy, List.of(keeperAccount.getAddress()));
        Credentials depositor = HardhatAccounts.account(HardhatAccounts.FIRST_FREE + 1);
        for (LocalVault v : List.of(managed, guarded, unmanaged)) {
            market.usdc(HardhatAccounts.account(HardhatAccounts.DEPLOYER)).mint(depositor.getAddress(),
                    Units.raw("100000", 6)).send();
            market.usdc(depositor).approve(v.vault(), Units.MAX_UINT256).send();
            v.vault(depositor).deposit(Units.raw("100000", 6), depositor.getAddress()).send();
        }
        System.out.printf("%ndeployed three 2x long vaults with 100,000 USDC each: %s (kept by the keeper), %s (kept, "
                + "with an %s%% volatility target and a %d%% trailing stop), %s (left alone after reaching 2x)%n",
                managed.vault(), guarded.vault(), GUARDED.volTarget().movePointRight(2).toPlainString(),
                TRAILING_STOP_BPS / 100, unmanaged.vault());

        MarketSimulator simulator = new MarketSimulator(market, 5);
        // both vaults start from the same 2x position; from then on only the managed one is kept
        InProcessKeeper setup = new InProcessKeeper(keeperAccount, simulator);
        setup.serve(managed, 40);
        setup.serve(guarded, 40);
        setup.serve(unmanaged, 40);
        // the curator (account 0 on the local chain) arms the guarded vault's trailing stop
        guarded.riskEngine(HardhatAccounts.account(HardhatAccounts.DEPLOYER)).setOrders(
                new BallastRiskEngine.Orders(BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(TRAILING_STOP_BPS)))
                .send();
        // the production keeper daemon, in-process: Multicall3 scans, simulation, nonce and fee management
        try (DaemonKeeper keeper = new DaemonKeeper(rpcUrl, keeperAccount, List.of(managed.vault(), guarded.vault()),
                simulator)) {
            runScenario(market, reportDir, policy, List.of(managed, guarded, unmanaged), simulator, keeper);
        }
    }

    private static void runScenario(LocalMarket market, Path reportDir, PolicySpec policy, List<LocalVault> vaults,
            MarketSimulator simulator, DaemonKeeper keeper) throws Exception {
        ScenarioRunner runner = new ScenarioRunner(market, simulator, keeper);
        double band = policy.band().doubleValue();
        ScenarioRunner.Track kept = new ScenarioRunner.Track("managed", vaults.get(0), true, band);
        ScenarioRunner.Track guardedTrack = new ScenarioRunner.Track("guarded", vaults.get(1), true, band);
        ScenarioRunner.Track alone = new ScenarioRunner.Track("unmanaged", vaults.get(2), false, band);

        PricePath path = ShippedScenarios.demo();
        System.out.printf("running %s: %d points, WETH 2000 -> 2300 -> chop -> 1150%n", path.name(),
                path.points().size());
        int total = path.points().size();
        ScenarioRunner.Result result = runner.run(path, List.of(kept, guardedTrack, alone), i -> {
            int done = i + 1;
            if (done % 6 == 0 || done == total) {
                System.out.printf("  %3d/%d  WETH %8.2f%n", done, total, path.points().get(i).price().doubleValue());
            }
        });

        System.out.println();
        ReportWriter.Table table = RunReport.summary(result);
        RunReport.print(table, System.out);
        int avoided = result.vaults().get("unmanaged").liquidations - result.vaults().get("managed").liquidations;
        System.out.printf("%nliquidations avoided by the keeper: %d; drawdown managed %.1f%%, guarded %.1f%%, "
                + "unmanaged %.1f%%%n", Math.max(0, avoided), 100 * result.vaults().get("managed").maxDrawdown(),
                100 * result.vaults().get("guarded").maxDrawdown(), 100 * result.vaults().get("unmanaged")
                        .maxDrawdown());
        List<Path> files = RunReport.write(reportDir, "Ballast demo: " + path.name(), result,
                policy.hfFloor().doubleValue(), policy.hfCritical().doubleValue());
        System.out.printf("report: %s (and %d PNG charts)%n", files.getLast(), files.size() - 1);
    }

    /** The guarded vault's risk engine: the defaults with an 80% volatility target (the prior, so it starts at 2x). */
    private static final RiskSpec GUARDED = RiskSpec.defaults().withVolTarget(new BigDecimal("0.8"));
    /** The guarded vault's trailing stop, 15% under the high-water mark. */
    private static final int TRAILING_STOP_BPS = 1500;

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
