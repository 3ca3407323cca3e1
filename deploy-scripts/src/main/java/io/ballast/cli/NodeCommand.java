package io.ballast.cli;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.LocalMarketDeployer;
import io.ballast.local.BallastHome;
import io.ballast.local.HardhatNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballast node}: a local chain with the market deployed, running until stopped. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Start a local Hardhat chain with the local market and a vault deployed, print the RPC URL, "
                + "the vault and the manifest path, and keep running until stopped (Ctrl-C or SIGTERM).")
public final class NodeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8545", description = "Port for the chain (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--manifest", description = "Where to write the manifest (default .ballast/node/market.json).")
    Path manifest;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        Path home = BallastHome.find();
        Path file = manifest != null ? manifest : home.resolve(".ballast/node/market.json");
        CountDownLatch stopped = new CountDownLatch(1);
        try (HardhatNode node = HardhatNode.start(home, port); Chain chain = Chain.connect(node.rpcUrl())) {
            LocalMarket market = new LocalMarketDeployer(chain, LocalMarketDeployer.Config.defaults()).deploy(file);
            LocalVault vault = new BallastDeployer(market).deployVault("bETH2x", PolicySpec.long2x(),
                    List.of(HardhatAccounts.account(HardhatAccounts.FIRST_FREE).getAddress()));
            for (int account = 8; account < 12; account++) {
                market.usdc(HardhatAccounts.account(HardhatAccounts.DEPLOYER)).mint(HardhatAccounts.account(account)
                        .getAddress(), io.ballast.deploy.Units.raw("1000000", LocalMarket.USDC_DECIMALS)).send();
            }
            System.out.println("funded   Hardhat accounts 8-11 with 1,000,000 test USDC each (use --hardhat-account 8)");
            System.out.printf("rpc      %s%nchain id %d%nmanifest %s%nvault    %s (2x long; keeper: Hardhat account %d;"
                    + " admin, curator, guardian: account 0)%n", node.rpcUrl(), chain.chainId(),
                    market.manifest().file().toAbsolutePath(), vault.vault(), HardhatAccounts.FIRST_FREE);
            System.out.println("running; stop with Ctrl-C");
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "node-command-stop"));
            while (node.isAlive() && !stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                // wait until the JVM is asked to stop or the node dies
            }
            if (!node.isAlive()) {
                throw new IllegalStateException("the local chain stopped unexpectedly; see .ballast/logs/");
            }
        }
        return 0;
    }
}
