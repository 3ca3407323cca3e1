package io.ballast.test.keeper;

import static io.ballast.test.keeper.KeeperChainFixture.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.keeper.Keeper;
import io.ballast.keeper.KeeperRuntime;
import io.ballast.keeper.abi.RevertReasons;
import io.ballast.keeper.act.SendOutcome;
import io.ballast.local.HardhatNode;
import io.ballast.sim.MarketSimulator;
import io.ballast.test.LocalChainExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * Three keepers, three accounts, all allowed to keep the same vaults, racing for every upkeep: each due upkeep is done
 * once, the keepers that lose see it in their simulation and send nothing, so none of their transactions reverts and
 * none of their nonces is spent on a lost race.
 */
@ExtendWith(LocalChainExtension.class)
class CompetingKeepersChainTest {
    private static final List<Credentials> KEEPERS = List.of(HardhatAccounts.account(10), HardhatAccounts.account(11),
            HardhatAccounts.account(12));
    private static final Credentials DEPOSITOR = HardhatAccounts.account(13);

    private static LocalMarket market;
    private static Chain chain;
    private static MarketSimulator simulator;
    private static List<LocalVault> vaults;
    private static List<String> addresses;

    @BeforeAll
    static void setUp(LocalMarket localMarket) throws Exception {
        market = localMarket;
        chain = market.chain();
        simulator = new MarketSimulator(market, 5);
        vaults = KeeperChainFixture.leveredVaults(market, simulator, "bRACE", 3, KEEPERS, DEPOSITOR);
        addresses = vaults.stream().map(LocalVault::vault).toList();
    }

    @AfterAll
    static void restorePrice() throws Exception {
        simulator.step(new BigDecimal("2000"), List.of());
    }

    @Test
    void shouldPerformEveryDueUpkeepOnceWhileTheLosingKeepersSkipWithoutSending(HardhatNode node) throws Exception {
        InclusionOrder order = new InclusionOrder();
        List<RecordingHttpService> services = new ArrayList<>();
        List<Web3j> connections = new ArrayList<>();
        List<KeeperRuntime> runtimes = new ArrayList<>();
        try {
            for (Credentials keeper : KEEPERS) {
                RecordingHttpService rpc = new RecordingHttpService(node.rpcUrl());
                rpc.intercept(order);
                Web3j web3j = Web3j.build(rpc);
                services.add(rpc);
                connections.add(web3j);
                runtimes.add(KeeperChainFixture.start(config(market, node.rpcUrl(), keeper, addresses).build(),
                        web3j));
            }
            for (String price : List.of("2200", "2000", "2200")) {
                race(runtimes, order, new BigDecimal(price));
            }
        } finally {
            runtimes.forEach(KeeperRuntime::close);
            connections.forEach(Web3j::shutdown);
        }
    }

    /** Moves the price so every vault is due, lets the three keepers race one round, and checks the outcome. */
    private static void race(List<KeeperRuntime> runtimes, InclusionOrder order, BigDecimal price) throws Exception {
        simulator.step(price, List.of());
        for (LocalVault vault : vaults) {
            assertThat(KeeperChainFixture.due(vault)).as("%s due at %s", vault.vault(), price).isTrue();
        }
        Map<String, BigInteger> noncesBefore = new LinkedHashMap<>();
        for (Credentials keeper : KEEPERS) {
            noncesBefore.put(keeper.getAddress(), KeeperChainFixture.nonce(chain, keeper.getAddress(), false));
        }
        BigInteger firstBlock = chain.blockNumber().add(BigInteger.ONE);

        order.holdSimulations();
        List<Keeper.Round> rounds = new ArrayList<>();
        for (KeeperRuntime runtime : runtimes) {
            rounds.add(runtime.keeper().runOnce());
        }
        order.releaseSimulations();
        List<Map<String, SendOutcome>> outcomes = new ArrayList<>();
        for (Keeper.Round round : rounds) {
            outcomes.add(round.await(Duration.ofSeconds(60)));
        }
        BigInteger lastBlock = chain.blockNumber();

        String nothingDue = RevertReasons.selector("VaultNothingDue()");
        for (int k = 0; k < rounds.size(); k++) {
            assertThat(rounds.get(k).scan().due()).as("keeper %d saw every vault due", k).hasSize(vaults.size());
        }
        for (String vault : addresses) {
            String key = Keys.toChecksumAddress(vault);
            List<SendOutcome> forVault = outcomes.stream().map(o -> o.get(key)).toList();
            assertThat(forVault).as("outcomes for %s at %s", vault, price)
                    .filteredOn(SendOutcome.Mined.class::isInstance).hasSize(1);
            assertThat(forVault).filteredOn(o -> !(o instanceof SendOutcome.Mined))
                    .hasSize(KEEPERS.size() - 1)
                    .allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(SendOutcome.Skipped.class, s ->
                            assertThat(s.reason()).startsWith("simulation reverted").contains(nothingDue)));
        }
        assertThat(KeeperChainFixture.upkeepsPerformed(chain, addresses, firstBlock, lastBlock))
                .as("UpkeepPerformed per vault at %s", price).isEqualTo(KeeperChainFixture.each(addresses, 1));
        for (int k = 0; k < KEEPERS.size(); k++) {
            String account = KEEPERS.get(k).getAddress();
            long won = outcomes.get(k).values().stream().filter(SendOutcome.Mined.class::isInstance).count();
            List<Transaction> mined = KeeperChainFixture.minedFrom(chain, account, firstBlock, lastBlock);
            assertThat(mined).as("transactions of keeper %d", k).hasSize((int) won)
                    .allSatisfy(tx -> assertThat(KeeperChainFixture.receipt(chain, tx.getHash()).isStatusOK())
                            .as("%s succeeded", tx.getHash()).isTrue());
            assertThat(KeeperChainFixture.nonce(chain, account, true)).as("keeper %d spent a nonce per win", k)
                    .isEqualTo(noncesBefore.get(account).add(BigInteger.valueOf(won)));
        }
        for (LocalVault vault : vaults) {
            assertThat(KeeperChainFixture.due(vault)).isFalse();
        }
    }
}
