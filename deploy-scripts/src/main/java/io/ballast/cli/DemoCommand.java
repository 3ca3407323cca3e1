package io.ballast.cli;

import io.ballast.chain.Chain;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalMarketDeployer;
import io.ballast.deploy.MarketSummary;
import io.ballast.local.BallastHome;
import io.ballast.local.HardhatNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballast demo}: starts a local chain, deploys the local market, prints it, and stops the chain. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local Hardhat chain, deploy the local market (tokens, feeds, Multicall3, Uniswap V3, "
                + "Aave V3), print what was deployed and a market summary, then stop the chain.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8545",
            description = "Port for the local chain (default ${DEFAULT-VALUE}); if taken, a free port is used instead.")
    int port;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        Path home = BallastHome.find();
        HardhatNode node;
        try {
            node = HardhatNode.start(home, port);
        } catch (HardhatNode.PortInUseException e) {
            System.out.printf("port %d is in use; starting the local chain on a free port instead%n", port);
            node = HardhatNode.start(home, 0);
        }
        try (HardhatNode running = node; Chain chain = Chain.connect(running.rpcUrl())) {
            System.out.printf("local chain %d at %s%n", chain.chainId(), running.rpcUrl());
            long started = System.nanoTime();
            Path manifest = home.resolve(".ballast/demo/market-" + running.port() + ".json");
            LocalMarket market = new LocalMarketDeployer(chain, LocalMarketDeployer.Config.defaults()).deploy(manifest);
            System.out.printf("deployed the local market in %.1f s (manifest %s)%n",
                    (System.nanoTime() - started) / 1e9, home.relativize(manifest));
            MarketSummary.print(market, System.out);
        }
        System.out.println("\nlocal chain stopped; demo done.");
        return 0;
    }
}
