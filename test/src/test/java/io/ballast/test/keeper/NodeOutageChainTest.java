package io.ballast.test.keeper;

import static io.ballast.test.keeper.KeeperChainFixture.config;
import static io.ballast.test.keeper.KeeperChainFixture.nonce;
import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.keeper.KeeperRuntime;
import io.ballast.local.HardhatNode;
import io.ballast.sim.MarketSimulator;
import io.ballast.test.LocalChainExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * The node goes away while the keeper runs (its loop, polling every 200 ms) and comes back, with the chain intact: the
 * keeper is cut off through a {@link NodeProxy}. Whatever the keeper was doing when the node went away, each due
 * upkeep is sent once and mined once, and the keeper account's nonces stay contiguous with nothing left pending.
 */
@ExtendWith(LocalChainExtension.class)
class NodeOutageChainTest {
    private static final Credentials KEEPER = HardhatAccounts.account(14);
    private static final Credentials DEPOSITOR = HardhatAccounts.account(13);
    private static final Duration WAIT = Duration.ofSeconds(20);

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
        vaults = KeeperChainFixture.leveredVaults(market, simulator, "bDOWN", 2, List.of(KEEPER), DEPOSITOR);
        addresses = vaults.stream().map(LocalVault::vault).toList();
    }

    @AfterEach
    void mineWhatIsLeft() {
        KeeperChainFixture.mine(chain);
        KeeperChainFixture.automine(chain, true);
    }

    @AfterAll
    static void restorePrice() throws Exception {
        simulator.step(new BigDecimal("2000"), List.of());
    }

    @Test
    void shouldRideOutOutagesBeforeAndAfterSendingAndSendEachUpkeepOnce(HardhatNode node) throws Exception {
        BigInteger nonceBefore = nonce(chain, KEEPER.getAddress(), false);
        BigInteger firstBlock = chain.blockNumber().add(BigInteger.ONE);
        try (NodeProxy proxy = NodeProxy.start(node.port()); Running keeper = Running.start(proxy)) {
            // the node is gone while the vaults become due
            proxy.cut();
            keeper.awaitScanFailures(2);
            flipPrice();
            KeeperChainFixture.automine(chain, false);
            proxy.restore();
            KeeperChainFixture.await("both upkeeps in the pool", WAIT,
                    () -> nonce(chain, KEEPER.getAddress(), true).equals(nonceBefore.add(BigInteger.TWO)));

            // and again while both wait in the pool; they are mined while the keeper cannot see
            proxy.cut();
            keeper.awaitScanFailures(2);
            KeeperChainFixture.mine(chain);
            KeeperChainFixture.automine(chain, true);
            proxy.restore();
            KeeperChainFixture.await("both upkeeps seen mined", WAIT, () -> keeper.runtime.metrics().upkeepsMined() == 2);
            keeper.awaitScans(3); // rounds in which a duplicate would have been sent

            assertThat(keeper.metric("scan_failures_total")).isGreaterThanOrEqualTo(4);
            assertThat(keeper.metric("upkeeps_sent_total")).isEqualTo(2);
            assertThat(keeper.metric("upkeeps_failed_total")).isZero();
            assertThat(keeper.runtime.metrics().healthy()).as("healthy again").isTrue();
            assertSentOnceMinedOnce(keeper.rpc, nonceBefore, firstBlock);
        }
    }

    @Test
    void shouldKeepATransactionTheNodeTookWhenItsAnswerWasLostAndSendNothingTwice(HardhatNode node) throws Exception {
        BigInteger nonceBefore = nonce(chain, KEEPER.getAddress(), false);
        BigInteger firstBlock = chain.blockNumber().add(BigInteger.ONE);
        try (NodeProxy proxy = NodeProxy.start(node.port()); Running keeper = Running.start(proxy)) {
            proxy.cut();
            flipPrice();
            KeeperChainFixture.automine(chain, false);
            // the first transaction reaches the node, the answer does not, and the node is gone at once: the keeper
            // cannot even ask whether the node has it
            CountDownLatch lost = proxy.loseAnswerTo("eth_sendRawTransaction", true);
            proxy.restore();
            assertThat(lost.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("an answer was lost").isTrue();
            keeper.awaitScanFailures(2);
            assertThat(nonce(chain, KEEPER.getAddress(), true)).as("the node has it")
                    .isGreaterThan(nonceBefore);

            proxy.restore();
            KeeperChainFixture.await("both upkeeps in the pool", WAIT,
                    () -> nonce(chain, KEEPER.getAddress(), true).compareTo(nonceBefore.add(BigInteger.TWO)) >= 0);
            keeper.awaitScans(3); // rounds in which a duplicate would be sent
            KeeperChainFixture.mine(chain);
            KeeperChainFixture.automine(chain, true);
            KeeperChainFixture.await("both upkeeps settled", WAIT, () -> keeper.runtime.keeper().inProgress().isEmpty()
                    && keeper.runtime.metrics().upkeepsMined() == 2);
            keeper.awaitScans(2);

            assertSentOnceMinedOnce(keeper.rpc, nonceBefore, firstBlock);
            String lostHash = Hash.sha3(keeper.rpc.rawTransactions().getFirst());
            assertThat(KeeperChainFixture.minedFrom(chain, KEEPER.getAddress(), firstBlock, chain.blockNumber()))
                    .extracting(Transaction::getHash).as("the keeper found its lost transaction and kept it")
                    .contains(lostHash);
        }
    }

    /**
     * Every transaction the keeper signed was for one of two nonces, the chain mined exactly one per nonce, each a
     * successful upkeep, and any other version is gone from the node; nothing is left pending; each vault was kept
     * once.
     */
    private static void assertSentOnceMinedOnce(RecordingHttpService rpc, BigInteger nonceBefore,
            BigInteger firstBlock) throws Exception {
        BigInteger lastBlock = chain.blockNumber();
        List<Transaction> mined = KeeperChainFixture.minedFrom(chain, KEEPER.getAddress(), firstBlock, lastBlock);
        assertThat(mined).extracting(Transaction::getNonce).as("contiguous nonces")
                .containsExactly(nonceBefore, nonceBefore.add(BigInteger.ONE));
        assertThat(mined).allSatisfy(tx -> assertThat(KeeperChainFixture.receipt(chain, tx.getHash()).isStatusOK())
                .as("%s succeeded", tx.getHash()).isTrue());
        assertThat(nonce(chain, KEEPER.getAddress(), true)).as("nothing left pending")
                .isEqualTo(nonce(chain, KEEPER.getAddress(), false)).isEqualTo(nonceBefore.add(BigInteger.TWO));
        assertThat(rpc.rawTransactions()).as("signed only for those two nonces")
                .extracting(raw -> TransactionDecoder.decode(raw).getNonce()).containsOnly(nonceBefore,
                        nonceBefore.add(BigInteger.ONE));
        List<String> minedHashes = mined.stream().map(Transaction::getHash).toList();
        assertThat(rpc.rawTransactions().stream().map(Hash::sha3).distinct()).as("signed, and not mined")
                .filteredOn(hash -> !minedHashes.contains(hash)).allSatisfy(hash -> assertThat(Chain.call(
                        chain.web3j().ethGetTransactionByHash(hash)).getTransaction()).as("%s left nowhere", hash)
                        .isEmpty());
        assertThat(KeeperChainFixture.upkeepsPerformed(chain, addresses, firstBlock, lastBlock))
                .isEqualTo(KeeperChainFixture.each(addresses, 1));
        for (LocalVault vault : vaults) {
            assertThat(KeeperChainFixture.due(vault)).isFalse();
        }
    }

    /** Moves WETH by 10% (up from 2000, down from 2200), so every vault is due. */
    private static void flipPrice() throws Exception {
        boolean atLow = simulator.feedWethInUsdc().compareTo(new BigDecimal("2100")) < 0;
        simulator.step(new BigDecimal(atLow ? "2200" : "2000"), List.of());
        for (LocalVault vault : vaults) {
            assertThat(KeeperChainFixture.due(vault)).isTrue();
        }
    }

    /** A keeper running its loop on a thread, connected through the proxy. */
    private record Running(RecordingHttpService rpc, Web3j web3j, KeeperRuntime runtime, Thread loop)
            implements AutoCloseable {
        static Running start(NodeProxy proxy) throws Exception {
            RecordingHttpService rpc = new RecordingHttpService(proxy.url());
            Web3j web3j = Web3j.build(rpc);
            KeeperRuntime runtime = KeeperChainFixture.start(config(market, proxy.url(), KEEPER, addresses).build(),
                    web3j);
            Thread loop = Thread.ofPlatform().name("keeper-loop").daemon().start(runtime.keeper()::run);
            return new Running(rpc, web3j, runtime, loop);
        }

        long metric(String name) {
            return runtime.metrics().render().lines().filter(l -> l.startsWith(name + " "))
                    .mapToLong(l -> Long.parseLong(l.substring(name.length() + 1).strip())).findFirst()
                    .orElseThrow(() -> new AssertionError("no metric " + name));
        }

        /** Waits until {@code more} scans have failed from now on. */
        void awaitScanFailures(int more) throws InterruptedException {
            long target = metric("scan_failures_total") + more;
            KeeperChainFixture.await(more + " failed scans", WAIT, () -> metric("scan_failures_total") >= target);
        }

        /** Waits until {@code more} scans have run from now on. */
        void awaitScans(int more) throws InterruptedException {
            long target = metric("scans_total") + more;
            KeeperChainFixture.await(more + " scans", WAIT, () -> metric("scans_total") >= target);
        }

        @Override
        public void close() throws InterruptedException {
            runtime.close();
            loop.join(WAIT.toMillis());
            web3j.shutdown();
        }
    }
}
