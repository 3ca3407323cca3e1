package io.ballast.test.keeper;

import static io.ballast.test.keeper.KeeperChainFixture.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.keeper.Keeper;
import io.ballast.keeper.KeeperRuntime;
import io.ballast.keeper.act.SendOutcome;
import io.ballast.local.HardhatNode;
import io.ballast.sim.MarketSimulator;
import io.ballast.test.LocalChainExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * Fees jump while the keeper's upkeep is waiting in the pool: the keeper re-signs it with the same nonce and at least
 * 12.5% more on both fees, following the new base fee, and the replacement is what the chain mines.
 */
@ExtendWith(LocalChainExtension.class)
class FeeSpikeChainTest {
    private static final Credentials KEEPER = HardhatAccounts.account(15);
    private static final Credentials DEPOSITOR = HardhatAccounts.account(13);
    private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(4);
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    @Test
    void shouldReplaceAStuckUpkeepWithTheSameNonceAndHigherFeesAndGetTheReplacementMined(LocalMarket market,
            HardhatNode node) throws Exception {
        Chain chain = market.chain();
        MarketSimulator simulator = new MarketSimulator(market, 5);
        LocalVault vault = KeeperChainFixture.leveredVaults(market, simulator, "bFEE", 1, List.of(KEEPER), DEPOSITOR)
                .getFirst();
        simulator.step(new BigDecimal("2200"), List.of());
        assertThat(KeeperChainFixture.due(vault)).isTrue();
        BigInteger nonceBefore = KeeperChainFixture.nonce(chain, KEEPER.getAddress(), false);
        BigInteger firstBlock = chain.blockNumber().add(BigInteger.ONE);

        RecordingHttpService rpc = new RecordingHttpService(node.rpcUrl());
        Web3j web3j = Web3j.build(rpc);
        KeeperChainFixture.automine(chain, false);
        try (KeeperRuntime runtime = KeeperChainFixture.start(config(market, node.rpcUrl(), KEEPER,
                List.of(vault.vault())).receiptTimeout(RECEIPT_TIMEOUT).maxFeePerGas(GWEI.multiply(
                BigInteger.valueOf(1000))).build(), web3j)) {
            Keeper.Round round = runtime.keeper().runOnce();
            KeeperChainFixture.await("the first send", Duration.ofSeconds(10), () -> rpc.rawTransactions().size() == 1);
            String first = rpc.rawTransactions().getFirst();
            Transaction1559 firstFees = fees(first);

            // the next block's base fee is four times what the pending transaction may pay: it cannot be included
            BigInteger spike = firstFees.getMaxFeePerGas().multiply(BigInteger.valueOf(4));
            chain.raw("hardhat_setNextBlockBaseFeePerGas", List.of(Numeric.toHexStringWithPrefix(spike)));
            KeeperChainFixture.mine(chain);
            var spiked = Chain.call(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
            assertThat(spiked.getBaseFeePerGas()).isEqualTo(spike);
            assertThat(spiked.getTransactions()).as("the first version priced out").isEmpty();

            KeeperChainFixture.await("the replacement", RECEIPT_TIMEOUT.plusSeconds(10),
                    () -> rpc.rawTransactions().size() == 2);
            KeeperChainFixture.mine(chain);
            Map<String, SendOutcome> outcomes = round.await(Duration.ofSeconds(30));

            String replacement = rpc.rawTransactions().get(1);
            Transaction1559 replacementFees = fees(replacement);
            RawTransaction firstTx = TransactionDecoder.decode(first);
            RawTransaction replacementTx = TransactionDecoder.decode(replacement);
            assertThat(replacementTx.getNonce()).as("same nonce").isEqualTo(firstTx.getNonce()).isEqualTo(nonceBefore);
            assertThat(replacementFees.getMaxFeePerGas()).as("max fee")
                    .isGreaterThanOrEqualTo(plusEighth(firstFees.getMaxFeePerGas()))
                    .as("follows the new base fee").isGreaterThan(spike);
            assertThat(replacementFees.getMaxPriorityFeePerGas()).as("tip")
                    .isGreaterThanOrEqualTo(plusEighth(firstFees.getMaxPriorityFeePerGas()));

            assertThat(outcomes.get(Keys.toChecksumAddress(vault.vault()))).isInstanceOfSatisfying(
                    SendOutcome.Mined.class, mined -> {
                        assertThat(mined.versions()).isEqualTo(2);
                        assertThat(mined.receipt().getTransactionHash()).isEqualTo(Hash.sha3(replacement));
                    });
            assertThat(Chain.call(web3j.ethGetTransactionReceipt(Hash.sha3(first))).getTransactionReceipt())
                    .as("the first version is never mined").isEmpty();
            BigInteger lastBlock = chain.blockNumber();
            assertThat(KeeperChainFixture.minedFrom(chain, KEEPER.getAddress(), firstBlock, lastBlock))
                    .singleElement().satisfies(tx -> assertThat(tx.getHash()).isEqualTo(Hash.sha3(replacement)));
            assertThat(KeeperChainFixture.nonce(chain, KEEPER.getAddress(), true)).isEqualTo(nonceBefore
                    .add(BigInteger.ONE));
            assertThat(KeeperChainFixture.upkeepsPerformed(chain, List.of(vault.vault()), firstBlock, lastBlock))
                    .containsEntry(vault.vault().toLowerCase(), 1);
        } finally {
            KeeperChainFixture.mine(chain); // whatever is left in the pool, so the next test class starts clean
            KeeperChainFixture.automine(chain, true);
            web3j.shutdown();
            simulator.step(new BigDecimal("2000"), List.of());
        }
    }

    private static Transaction1559 fees(String signed) {
        return (Transaction1559) TransactionDecoder.decode(signed).getTransaction();
    }

    /** {@code value} plus 12.5%, rounded up. */
    private static BigInteger plusEighth(BigInteger value) {
        BigInteger[] qr = value.multiply(BigInteger.valueOf(1125)).divideAndRemainder(BigInteger.valueOf(1000));
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }
}
