package io.ballast.test.keeper;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.Units;
import io.ballast.keeper.KeeperRuntime;
import io.ballast.keeper.act.Sleeper;
import io.ballast.keeper.config.KeeperConfig;
import io.ballast.keeper.config.Secret;
import io.ballast.sim.InProcessKeeper;
import io.ballast.sim.MarketSimulator;
import io.ballast.wrappers.BallastVault;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** What the keeper chain tests share: keepers wired to a recorded connection, levered vaults, and chain reads. */
final class KeeperChainFixture {
    static final long CHAIN_ID = 31_337;
    /** USDC each test vault holds: small, so a few vaults trading in one pool do not move it past their guards. */
    static final BigInteger DEPOSIT = Units.raw("20000", 6);

    private KeeperChainFixture() {}

    /** A keeper for {@code vaults} on {@code rpcUrl}, polling fast and waiting long for receipts; no metrics server. */
    static KeeperConfig.Builder config(LocalMarket market, String rpcUrl, Credentials keeper, List<String> vaults) {
        return KeeperConfig.builder()
                .rpcUrl(rpcUrl)
                .chainId(CHAIN_ID)
                .privateKey(Secret.of(Numeric.toHexStringWithPrefixZeroPadded(keeper.getEcKeyPair().getPrivateKey(),
                        64)))
                .vaults(vaults)
                .multicall3(market.manifest().address("multicall3"))
                .pollInterval(Duration.ofMillis(200))
                .receiptTimeout(Duration.ofSeconds(20))
                .receiptPollInterval(Duration.ofMillis(50))
                .metricsPort(-1);
    }

    /** A running keeper whose every request goes through {@code service}; close the runtime, then the connection. */
    static KeeperRuntime start(KeeperConfig config, Web3j web3j) throws Exception {
        return KeeperRuntime.start(config, web3j, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /**
     * Deploys {@code count} 2x long vaults that {@code keepers} may keep, funds each with {@link #DEPOSIT} from
     * {@code depositor}, and levers them to target with an in-process keeper (the first of {@code keepers}).
     */
    static List<LocalVault> leveredVaults(LocalMarket market, MarketSimulator simulator, String prefix, int count,
            List<Credentials> keepers, Credentials depositor) throws Exception {
        BallastDeployer deployer = new BallastDeployer(market);
        List<String> keeperAddresses = keepers.stream().map(Credentials::getAddress).toList();
        Credentials admin = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
        market.usdc(admin).mint(depositor.getAddress(), DEPOSIT.multiply(BigInteger.valueOf(count))).send();
        InProcessKeeper lever = new InProcessKeeper(keepers.getFirst(), simulator);
        List<LocalVault> vaults = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LocalVault vault = deployer.deployVault(prefix + i, PolicySpec.long2x(), keeperAddresses);
            market.usdc(depositor).approve(vault.vault(), DEPOSIT).send();
            vault.vault(depositor).deposit(DEPOSIT, depositor.getAddress()).send();
            lever.serve(vault, 10);
            if (InProcessKeeper.due(vault, keepers.getFirst()) != InProcessKeeper.Action.NONE) {
                throw new IllegalStateException(prefix + i + " is still due after levering");
            }
            vaults.add(vault);
        }
        return vaults;
    }

    /** Whether {@code checkUpkeep} says the vault is due now. */
    static boolean due(LocalVault vault) throws Exception {
        return vault.vault(HardhatAccounts.account(HardhatAccounts.DEPLOYER)).checkUpkeep(new byte[0]).send()
                .component1();
    }

    /** {@code UpkeepPerformed} events in blocks {@code from..to}, counted by vault (lower-case address). */
    static Map<String, Integer> upkeepsPerformed(Chain chain, List<String> vaults, BigInteger from, BigInteger to) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(from), DefaultBlockParameter.valueOf(to),
                vaults);
        filter.addSingleTopic(EventEncoder.encode(BallastVault.UPKEEPPERFORMED_EVENT));
        Map<String, Integer> counts = new TreeMap<>();
        vaults.forEach(v -> counts.put(v.toLowerCase(), 0));
        for (EthLog.LogResult<?> result : Chain.call(chain.web3j().ethGetLogs(filter)).getLogs()) {
            Log log = (Log) result.get();
            counts.merge(log.getAddress().toLowerCase(), 1, Integer::sum);
        }
        return counts;
    }

    /** {@code count} for each vault, keyed as {@link #upkeepsPerformed} keys them. */
    static Map<String, Integer> each(List<String> vaults, int count) {
        Map<String, Integer> expected = new TreeMap<>();
        vaults.forEach(v -> expected.put(v.toLowerCase(), count));
        return expected;
    }

    /** Transactions from {@code account} mined in blocks {@code from..to}, in chain order. */
    static List<Transaction> minedFrom(Chain chain, String account, BigInteger from, BigInteger to) {
        List<Transaction> found = new ArrayList<>();
        for (BigInteger n = from; n.compareTo(to) <= 0; n = n.add(BigInteger.ONE)) {
            EthBlock.Block block = Chain.call(chain.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(n),
                    true)).getBlock();
            for (EthBlock.TransactionResult<?> result : block.getTransactions()) {
                Transaction tx = (Transaction) result.get();
                if (tx.getFrom().equalsIgnoreCase(account)) {
                    found.add(tx);
                }
            }
        }
        return found;
    }

    static TransactionReceipt receipt(Chain chain, String hash) {
        return Chain.call(chain.web3j().ethGetTransactionReceipt(hash)).getTransactionReceipt().orElseThrow(
                () -> new AssertionError("no receipt for " + hash));
    }

    static BigInteger nonce(Chain chain, String account, boolean pending) {
        return Chain.call(chain.web3j().ethGetTransactionCount(account, pending ? DefaultBlockParameterName.PENDING
                : DefaultBlockParameterName.LATEST)).getTransactionCount();
    }

    static void automine(Chain chain, boolean on) {
        chain.raw("evm_setAutomine", List.of(on));
    }

    static void mine(Chain chain) {
        chain.raw("evm_mine", List.of());
    }

    /** Polls {@code condition} every 20 ms until it holds, or fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
