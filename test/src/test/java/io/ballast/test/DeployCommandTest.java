package io.ballast.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.cli.BallastCli;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalMarketDeployer;
import io.ballast.deploy.Manifest;
import io.ballast.local.BallastHome;
import io.ballast.local.HardhatNode;
import io.ballast.wrappers.BallastVault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** {@code ballast deploy} with the shipped local config, on a fresh chain where the market has its usual addresses. */
class DeployCommandTest {
    private static final Path CONFIG = BallastHome.find().resolve("deploy-scripts/config/local.json");
    private static HardhatNode node;
    private static Chain chain;
    private static LocalMarket market;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    @BeforeAll
    static void freshChainWithTheMarket() {
        node = HardhatNode.start(BallastHome.find(), 0);
        chain = Chain.connect(node.rpcUrl());
        market = new LocalMarketDeployer(chain, LocalMarketDeployer.Config.defaults())
                .deploy(Path.of("target", "manifests", "deploy-command-market.json"));
    }

    @AfterAll
    static void stop() {
        chain.close();
        node.close();
    }

    private static Run ballast(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.out;
        var cli = BallastCli.commandLine();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            exit = cli.execute(args);
        } finally {
            System.setOut(original);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long nonce() {
        return Chain.call(chain.web3j().ethGetTransactionCount(HardhatAccounts.account(0).getAddress(),
                DefaultBlockParameterName.LATEST)).getTransactionCount().longValueExact();
    }

    @Test
    void theShippedLocalConfigNamesTheFreshMarketsAddresses() throws Exception {
        var config = new ObjectMapper().readTree(CONFIG.toFile());
        assertThat(config.at("/venues/aavePool").asText()).isEqualToIgnoringCase(market.manifest().address("aavePool"));
        assertThat(config.at("/venues/uniswapSwapRouter").asText())
                .isEqualToIgnoringCase(market.manifest().address("swapRouter"));
        assertThat(config.at("/vaults/0/asset/address").asText()).isEqualToIgnoringCase(market.usdc());
        assertThat(config.at("/vaults/0/baseFeed/address").asText())
                .isEqualToIgnoringCase(market.manifest().address("wethUsdFeed"));
    }

    @Test
    void dryRunPlansWithGasThenDeployWritesTheManifestAndARerunSendsNothing() throws Exception {
        String manifest = dir.resolve("chain.json").toString();
        long before = nonce();
        Run dry = ballast("deploy", "--config", CONFIG.toString(), "--rpc", node.rpcUrl(), "--manifest", manifest,
                "--dry-run", "--hardhat-account", "0");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("ballastVaultDeployer").containsPattern("ballastLendingAdapter\\s+deploy\\s+[0-9,]+")
                .contains("dry run: nothing sent");
        assertThat(nonce()).isEqualTo(before);

        Run deploy = ballast("deploy", "--config", CONFIG.toString(), "--rpc", node.rpcUrl(), "--manifest", manifest,
                "--hardhat-account", "0");
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        String vault = Manifest.read(Path.of(manifest)).orElseThrow().address("vault:bETH2x-deployed");
        BallastVault v = BallastVault.load(vault, chain.web3j(), chain.txManager(HardhatAccounts.account(0)),
                chain.gasProvider());
        assertThat(v.asset().send()).isEqualToIgnoringCase(market.usdc());
        assertThat(v.hasRole(v.KEEPER_ROLE().send(), HardhatAccounts.account(5).getAddress()).send()).isTrue();

        long afterDeploy = nonce();
        Run again = ballast("deploy", "--config", CONFIG.toString(), "--rpc", node.rpcUrl(), "--manifest", manifest,
                "--hardhat-account", "0");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("done " + vault.toLowerCase().substring(0, 10));
        assertThat(nonce()).as("resumed: nothing left to send").isEqualTo(afterDeploy);
    }

    @Test
    void aConfigThatDoesNotFitTheChainIsRefusedBeforeAnythingIsSent() throws Exception {
        ObjectMapper json = new ObjectMapper();
        long before = nonce();
        List<String[]> cases = new ArrayList<>();
        ObjectNode wrongChain = (ObjectNode) json.readTree(CONFIG.toFile());
        wrongChain.put("chainId", 1);
        cases.add(new String[] {json.writeValueAsString(wrongChain), "wrong chain"});
        ObjectNode wrongDecimals = (ObjectNode) json.readTree(CONFIG.toFile());
        ((ObjectNode) wrongDecimals.at("/vaults/0/baseFeed")).put("decimals", 18);
        cases.add(new String[] {json.writeValueAsString(wrongDecimals), "baseFeed has 8 decimals, config says 18"});
        ObjectNode noCode = (ObjectNode) json.readTree(CONFIG.toFile());
        ((ObjectNode) noCode.at("/venues")).put("aavePool", HardhatAccounts.account(9).getAddress());
        cases.add(new String[] {json.writeValueAsString(noCode), "venues.aavePool"});
        ObjectNode placeholder = (ObjectNode) json.readTree(BallastHome.find()
                .resolve("deploy-scripts/config/ethereum.example.json").toFile());
        cases.add(new String[] {json.writeValueAsString(placeholder), "still a placeholder"});
        for (String[] c : cases) {
            Path file = java.nio.file.Files.writeString(dir.resolve("c" + cases.indexOf(c) + ".json"), c[0]);
            Run run = ballast("deploy", "--config", file.toString(), "--rpc", node.rpcUrl(), "--manifest",
                    dir.resolve("m.json").toString(), "--hardhat-account", "0");
            assertThat(run.exit()).as(c[1]).isEqualTo(2);
            assertThat(run.err()).contains(c[1]).doesNotContain("\tat ");
        }
        assertThat(nonce()).isEqualTo(before);
    }
}
