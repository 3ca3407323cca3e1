package io.ballast.test.keeper;

import static io.ballast.test.keeper.KeeperChainFixture.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.bench.VaultFleet;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.PolicySpec;
import io.ballast.keeper.Keeper;
import io.ballast.keeper.KeeperRuntime;
import io.ballast.keeper.act.SendOutcome;
import io.ballast.keeper.decide.UpkeepDecision;
import io.ballast.local.HardhatNode;
import io.ballast.sim.MarketSimulator;
import io.ballast.test.LocalChainExtension;
import io.ballast.wrappers.BallastVaultFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;

/**
 * The keeper's scan at scale and with bad entries: 200 real vaults checked a page per {@code eth_call}, from a list
 * or from the factory's registry, and addresses that are not vaults reported without hiding the vaults around them.
 */
@ExtendWith(LocalChainExtension.class)
class KeeperScanChainTest {
    private static final int FLEET = 200;
    private static final int PAGE_SIZE = 64;
    private static final Credentials KEEPER = HardhatAccounts.account(16);
    /** A keeper with no role on any vault: it only scans (any upkeep it tried would be skipped). */
    private static final Credentials SCANNER = HardhatAccounts.account(18);
    private static final Credentials DEPOSITOR = HardhatAccounts.account(17);
    private static final Credentials NOT_A_VAULT_EOA = HardhatAccounts.account(19);

    private static LocalMarket market;
    private static HardhatNode node;
    private static List<String> fleet;

    @BeforeAll
    static void deployFleet(LocalMarket localMarket, HardhatNode hardhatNode) throws Exception {
        market = localMarket;
        node = hardhatNode;
        long started = System.nanoTime();
        fleet = VaultFleet.deploy(market, "bSCAN", FLEET, PolicySpec.long2x());
        System.out.printf("deployed %d vaults in %.1f s%n", FLEET, (System.nanoTime() - started) / 1e9);
    }

    @Test
    void shouldCheckTwoHundredVaultsWithOneEthCallPerPage() throws Exception {
        RecordingHttpService rpc = new RecordingHttpService(node.rpcUrl());
        Web3j web3j = Web3j.build(rpc);
        try (KeeperRuntime runtime = KeeperChainFixture.start(config(market, node.rpcUrl(), SCANNER, fleet)
                .pageSize(PAGE_SIZE).build(), web3j)) {
            long callsBefore = rpc.count("eth_call");

            Keeper.Round round = runtime.keeper().runOnce();

            assertThat(rpc.count("eth_call") - callsBefore).as("eth_calls of the round")
                    .isEqualTo((FLEET + PAGE_SIZE - 1) / PAGE_SIZE).isEqualTo(4);
            assertThat(round.scan().batchCalls()).isEqualTo(4);
            assertThat(round.scan().fallbackPages()).isZero();
            assertThat(round.scan().decisions()).hasSize(FLEET)
                    .extracting(UpkeepDecision::vault).containsExactlyElementsOf(fleet.stream()
                            .map(Keys::toChecksumAddress).toList());
            // no deposits yet: every vault answers, and says so
            assertThat(round.scan().notDue()).hasSize(FLEET)
                    .allSatisfy(d -> assertThat(d.reason()).isEqualTo("nothing due"));
            assertThat(round.sends()).isEmpty();
            assertThat(runtime.metrics().render()).contains("checks_total 200\n", "check_failures_total 0\n",
                    "vaults_watched 200\n");
        } finally {
            web3j.shutdown();
        }
    }

    @Test
    void shouldFindTheVaultsInTheFactoryRegistryAndCheckThemInPages() throws Exception {
        String factory = new BallastDeployer(market).deployFactory();
        int registered = BallastVaultFactory.load(factory, market.chain().web3j(),
                market.chain().txManager(KEEPER), market.chain().gasProvider()).vaultsCount().send().intValueExact();
        RecordingHttpService rpc = new RecordingHttpService(node.rpcUrl());
        Web3j web3j = Web3j.build(rpc);
        try (KeeperRuntime runtime = KeeperChainFixture.start(config(market, node.rpcUrl(), SCANNER, List.of())
                .factory(factory).pageSize(PAGE_SIZE).build(), web3j)) {
            Keeper.Round round = runtime.keeper().runOnce();

            int pages = (registered + PAGE_SIZE - 1) / PAGE_SIZE;
            assertThat(registered).isGreaterThanOrEqualTo(FLEET);
            // vaultsCount() and a vaults(offset, limit) per page, then an aggregate3 per page
            assertThat(rpc.ethCallsTo(factory)).isEqualTo(1 + pages);
            assertThat(rpc.ethCallsTo(market.manifest().address("multicall3"))).isEqualTo(pages);
            assertThat(round.scan().decisions()).hasSize(registered);
            assertThat(round.scan().decisions()).extracting(UpkeepDecision::vault)
                    .containsAll(fleet.stream().map(Keys::toChecksumAddress).toList());
            assertThat(round.scan().discoveryError()).isEmpty();
        } finally {
            web3j.shutdown();
        }
    }

    @Test
    void shouldReportAnAddressWhoseCheckFailsAndServeTheVaultsAroundIt() throws Exception {
        MarketSimulator simulator = new MarketSimulator(market, 5);
        LocalVault vault = KeeperChainFixture.leveredVaults(market, simulator, "bSCANDUE", 1, List.of(KEEPER),
                DEPOSITOR).getFirst();
        simulator.step(new BigDecimal("2200"), List.of());
        assertThat(KeeperChainFixture.due(vault)).isTrue();
        // the USDC token has no checkUpkeep (the call reverts); an account with no code answers nothing at all
        List<String> watched = List.of(fleet.get(0), market.usdc(), vault.vault(), NOT_A_VAULT_EOA.getAddress(),
                fleet.get(1));
        RecordingHttpService rpc = new RecordingHttpService(node.rpcUrl());
        Web3j web3j = Web3j.build(rpc);
        BigInteger startBlock = market.chain().blockNumber();
        try (KeeperRuntime runtime = KeeperChainFixture.start(config(market, node.rpcUrl(), KEEPER, watched)
                .build(), web3j)) {
            Keeper.Round round = runtime.keeper().runOnce();
            Map<String, SendOutcome> outcomes = round.await(Duration.ofSeconds(60));

            List<UpkeepDecision> decisions = round.scan().decisions();
            assertThat(decisions).hasSize(5);
            assertThat(decisions.get(0)).isInstanceOf(UpkeepDecision.NotDue.class);
            assertThat(decisions.get(1)).isInstanceOfSatisfying(UpkeepDecision.Failed.class, f -> {
                assertThat(f.rpcError()).isFalse();
                assertThat(f.error()).startsWith("checkUpkeep reverted");
            });
            assertThat(decisions.get(2)).isInstanceOf(UpkeepDecision.Due.class);
            assertThat(decisions.get(3)).isInstanceOfSatisfying(UpkeepDecision.Failed.class, f -> {
                assertThat(f.rpcError()).isFalse();
                assertThat(f.error()).startsWith("checkUpkeep answer undecodable");
            });
            assertThat(decisions.get(4)).isInstanceOf(UpkeepDecision.NotDue.class);
            assertThat(round.scan().fallbackPages()).as("one bad target never fails its page").isZero();
            assertThat(round.scan().succeeded()).as("the vaults' problem, not the node's").isTrue();

            assertThat(outcomes).containsOnlyKeys(Keys.toChecksumAddress(vault.vault()));
            assertThat(outcomes.values()).singleElement().isInstanceOf(SendOutcome.Mined.class);
            assertThat(KeeperChainFixture.upkeepsPerformed(market.chain(), List.of(vault.vault()), startBlock,
                    market.chain().blockNumber())).containsEntry(vault.vault().toLowerCase(), 1);
            assertThat(KeeperChainFixture.due(vault)).isFalse();
            assertThat(runtime.metrics().render()).contains("checks_total 5\n", "check_failures_total 2\n",
                    "scan_failures_total 0\n", "upkeeps_mined_total 1\n");
        } finally {
            web3j.shutdown();
            simulator.step(new BigDecimal("2000"), List.of());
        }
    }
}
