package io.ballast.keeper.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.keeper.abi.BallastAbi;
import io.ballast.keeper.abi.RevertReasons;
import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.testing.FakeChain;
import io.ballast.keeper.testing.FakeVault;
import io.ballast.keeper.testing.ManualClock;
import io.ballast.keeper.testing.TestKeys;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

class UpkeepSenderTest {
    private static final String ACCOUNT = TestKeys.ACCOUNT_0.getAddress();
    private static final String A = TestKeys.VAULT_A;
    private static final String B = TestKeys.VAULT_B;
    private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);
    private static final byte[] PERFORM_DATA = "rebalance".getBytes();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final ManualClock clock = new ManualClock();
    private final FakeChain chain = new FakeChain();
    private final FakeVault vaultA = FakeVault.due("rebalance");
    private final FakeVault vaultB = FakeVault.due("deploy-idle");
    private NonceManager nonces;

    @BeforeEach
    void deployVaults() {
        chain.deploy(A, vaultA).deploy(B, vaultB);
        nonces = new NonceManager(chain, ACCOUNT);
        RevertReasons.register(FakeVault.NOTHING_DUE);
    }

    private static BigInteger gwei(long amount) {
        return GWEI.multiply(BigInteger.valueOf(amount));
    }

    private UpkeepSender sender(BigInteger ceiling, int maxAttempts) {
        return sender(ceiling, maxAttempts, clock.sleeper());
    }

    private UpkeepSender sender(BigInteger ceiling, int maxAttempts, Sleeper sleeper) {
        return new UpkeepSender(chain, TestKeys.ACCOUNT_0, FakeChain.CHAIN_ID, nonces,
                new FeePolicy(ceiling, gwei(1), 1250),
                new SendSettings(TIMEOUT, POLL, maxAttempts, 25, SendSettings.DEFAULT_GAS_LIMIT_CAP), clock, sleeper);
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    @Test
    void shouldSimulateThenSendASignedEip1559UpkeepAndReportItMined() throws Exception {
        nonces.reconcile();

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Mined.class);
        SendOutcome.Mined mined = (SendOutcome.Mined) outcome;
        assertThat(mined.gasUsed()).isEqualTo(FakeChain.GAS_USED);
        assertThat(mined.effectiveGasPrice()).isEqualTo(gwei(2)); // base 1 + tip 1
        assertThat(mined.versions()).isEqualTo(1);
        FakeChain.Sent sent = chain.received().getFirst();
        assertThat(sent.nonce()).isZero();
        assertThat(sent.to()).isEqualTo(lower(A));
        assertThat(sent.chainId()).isEqualTo(FakeChain.CHAIN_ID);
        assertThat(sent.data()).isEqualTo(Numeric.toHexString(BallastAbi.performUpkeep(PERFORM_DATA)));
        assertThat(sent.maxFee()).isEqualTo(gwei(3)); // 2 * base + tip
        assertThat(sent.tip()).isEqualTo(gwei(1));
        assertThat(sent.gasLimit()).isEqualTo(BigInteger.valueOf(125_000)); // estimate + 25%
        assertThat(mined.receipt().getTransactionHash()).isEqualTo(sent.hash());
        assertThat(nonces.peek()).contains(BigInteger.ONE);
    }

    @Test
    void shouldSkipVaultWhenSimulationRevertsWithoutUsingANonce() throws Exception {
        nonces.reconcile();
        int nonceReads = chain.requests("eth_getTransactionCount");
        vaultA.performReverts(FakeVault.NOTHING_DUE);

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Skipped.class);
        assertThat(((SendOutcome.Skipped) outcome).reason()).contains("simulation reverted").contains("VaultNothingDue");
        assertThat(chain.received()).isEmpty();
        assertThat(chain.requests("eth_estimateGas")).isZero();
        assertThat(nonces.peek()).contains(BigInteger.ZERO);
        assertThat(chain.requests("eth_getTransactionCount")).isEqualTo(nonceReads);
    }

    @Test
    void shouldSkipWhenTheBaseFeeIsAboveTheCeiling() throws Exception {
        chain.baseFee(gwei(120));

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Skipped.class);
        assertThat(((SendOutcome.Skipped) outcome).reason()).contains("above the max fee ceiling");
        assertThat(chain.received()).isEmpty();
    }

    @Test
    void shouldSkipRatherThanSendWhenTheGasEstimateIsAboveTheCap() throws Exception {
        UpkeepSender sender = new UpkeepSender(chain, TestKeys.ACCOUNT_0, FakeChain.CHAIN_ID, nonces,
                new FeePolicy(gwei(100), gwei(1), 1250),
                new SendSettings(TIMEOUT, POLL, 4, 25, BigInteger.valueOf(99_999)), clock, clock.sleeper());

        SendOutcome outcome = sender.perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Skipped.class);
        assertThat(((SendOutcome.Skipped) outcome).reason()).contains("above the per-transaction cap");
        assertThat(chain.received()).isEmpty();
    }

    @Test
    void shouldReplaceWithTheSameNonceAndBumpedFeesWhenNotMinedInTime() throws Exception {
        chain.automine(false);
        clock.onSleep(at -> {
            if (chain.received().size() == 2) {
                chain.mine();
            }
        });

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        List<FakeChain.Sent> sent = chain.received();
        assertThat(sent).hasSize(2);
        FakeChain.Sent first = sent.get(0);
        FakeChain.Sent replacement = sent.get(1);
        assertThat(replacement.nonce()).isEqualTo(first.nonce());
        assertThat(replacement.data()).isEqualTo(first.data());
        assertThat(replacement.maxFee()).isGreaterThanOrEqualTo(ceil(first.maxFee(), 1125, 1000));
        assertThat(replacement.tip()).isGreaterThanOrEqualTo(ceil(first.tip(), 1125, 1000));
        assertThat(clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus))
                .as("waited the receipt timeout before replacing").isGreaterThanOrEqualTo(TIMEOUT);
        assertThat(outcome).isInstanceOf(SendOutcome.Mined.class);
        SendOutcome.Mined mined = (SendOutcome.Mined) outcome;
        assertThat(mined.receipt().getTransactionHash()).isEqualTo(replacement.hash());
        assertThat(mined.versions()).isEqualTo(2);
        assertThat(nonces.peek()).contains(BigInteger.ONE);
    }

    @Test
    void shouldFindTheMinedEarlierVersionWhenAReplacementSaysNonceTooLow() throws Exception {
        chain.automine(false);
        chain.beforeNextSend(() -> {}).beforeNextSend(chain::mine); // the first version is mined just before the bump

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        List<FakeChain.Sent> sent = chain.received();
        assertThat(sent).hasSize(2);
        assertThat(chain.receiptOf(sent.get(1).hash())).as("the replacement was refused").isEmpty();
        assertThat(outcome).isInstanceOf(SendOutcome.Mined.class);
        assertThat(((SendOutcome.Mined) outcome).receipt().getTransactionHash()).isEqualTo(sent.get(0).hash());
    }

    @Test
    void shouldReportANonceUsedByAnotherTransactionAsFailedAndResync() throws Exception {
        chain.automine(false);
        chain.beforeNextSend(() -> {}).beforeNextSend(() -> chain.externalTransactionMined(ACCOUNT));

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Failed.class);
        assertThat(((SendOutcome.Failed) outcome).error()).contains("was used by a transaction");
        assertThat(nonces.peek()).as("read again before the next send").isEmpty();
    }

    @Test
    void shouldStopBumpingAtTheCeilingAndGiveUpAfterMaxAttempts() throws Exception {
        chain.automine(false);

        SendOutcome outcome = sender(gwei(3), 3).perform(A, PERFORM_DATA); // first send already at the ceiling

        assertThat(chain.received()).as("no replacement above the ceiling").hasSize(1);
        assertThat(chain.received().getFirst().maxFee()).isEqualTo(gwei(3));
        assertThat(outcome).isInstanceOf(SendOutcome.Failed.class);
        assertThat(((SendOutcome.Failed) outcome).sent()).isTrue();
        assertThat(((SendOutcome.Failed) outcome).error()).contains("not mined after 3 attempts");
        assertThat(nonces.peek()).as("read again before the next send").isEmpty();
    }

    @Test
    void shouldNotPayMoreForAReplacementWhoseCallNowReverts() throws Exception {
        chain.automine(false);
        clock.onSleep(at -> vaultA.performReverts(FakeVault.NOTHING_DUE)); // another keeper did it meanwhile

        SendOutcome outcome = sender(gwei(100), 3).perform(A, PERFORM_DATA);

        assertThat(chain.received()).hasSize(1);
        assertThat(outcome).isInstanceOf(SendOutcome.Failed.class);
    }

    @Test
    void shouldAllowOnlyOneTransactionInFlightPerVault() throws Exception {
        chain.automine(false);
        CountDownLatch aWaiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Sleeper sleeper = duration -> {
            if (Thread.currentThread().getName().equals("sender-a")) {
                aWaiting.countDown();
                release.await();
            } else {
                chain.mine();
            }
            clock.advance(duration);
        };
        UpkeepSender sender = sender(gwei(100), 4, sleeper);
        CompletableFuture<SendOutcome> first = new CompletableFuture<>();
        Thread a = new Thread(() -> first.complete(sender.perform(A, PERFORM_DATA)), "sender-a");
        a.start();
        assertThat(aWaiting.await(10, TimeUnit.SECONDS)).isTrue();

        SendOutcome second = sender.perform(A, PERFORM_DATA);
        SendOutcome other = sender.perform(B, PERFORM_DATA);
        release.countDown();

        assertThat(second).isInstanceOf(SendOutcome.Skipped.class);
        assertThat(((SendOutcome.Skipped) second).reason()).contains("already in flight");
        assertThat(other).as("another vault is not blocked").isInstanceOf(SendOutcome.Mined.class);
        assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(SendOutcome.Mined.class);
        assertThat(chain.received()).extracting(FakeChain.Sent::nonce).containsExactly(0L, 1L);
        assertThat(sender.isInFlight(A)).isFalse();
    }

    @Test
    void shouldCountAnAlreadyKnownTransactionAsSent() throws Exception {
        chain.deliverNextSendTwice();

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Mined.class);
        assertThat(chain.received()).hasSize(2).extracting(FakeChain.Sent::hash).containsOnly(
                chain.received().getFirst().hash());
        assertThat(nonces.peek()).contains(BigInteger.ONE);
    }

    @Test
    void shouldResyncAndRetryWhenTheFirstSendSaysNonceTooLow() throws Exception {
        nonces.reconcile();
        chain.externalTransactionMined(ACCOUNT); // the key was used elsewhere since

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Mined.class);
        assertThat(chain.received()).extracting(FakeChain.Sent::nonce).containsExactly(0L, 1L);
        assertThat(nonces.peek()).contains(BigInteger.TWO);
    }

    @Test
    void shouldOutbidATransactionLeftPendingByAPreviousRun() throws Exception {
        chain.addForeignPending(ACCOUNT, 0, gwei(3), gwei(1));
        nonces.reconcile();

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Mined.class);
        List<FakeChain.Sent> sent = chain.received();
        assertThat(sent).extracting(FakeChain.Sent::nonce).containsExactly(0L, 0L);
        assertThat(sent.get(1).maxFee()).isGreaterThanOrEqualTo(ceil(gwei(3), 1125, 1000));
        assertThat(sent.get(1).tip()).isGreaterThanOrEqualTo(ceil(gwei(1), 1125, 1000));
    }

    @Test
    void shouldRepriceWhenTheBaseFeeOutranTheFirstSend() throws Exception {
        chain.beforeNextSend(() -> chain.baseFee(gwei(5)));

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Mined.class);
        assertThat(chain.received()).extracting(FakeChain.Sent::maxFee).containsExactly(gwei(3), gwei(11));
    }

    @Test
    void shouldLookUpTheTransactionByHashWhenTheSendReplyIsLost() throws Exception {
        chain.loseConnectionAfterNextAccept();

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Mined.class);
        assertThat(chain.requests("eth_getTransactionByHash")).isEqualTo(1);
        assertThat(nonces.peek()).contains(BigInteger.ONE);
    }

    @Test
    void shouldKeepTheNonceOfALostSendUntilTheNodeCanSayWhetherItHasIt() throws Exception {
        chain.automine(false);
        nonces.reconcile();
        chain.goDownAfterNextAccept(); // the node took the transaction, then went away before answering
        clock.onSleep(at -> {
            if (clock.sleeps().size() == 3) {
                chain.unreachable(false);
            } else if (clock.sleeps().size() == 5) {
                chain.mine();
            }
        });

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Mined.class);
        assertThat(((SendOutcome.Mined) outcome).versions()).isEqualTo(1);
        assertThat(chain.requests("eth_getTransactionByHash")).as("asked until the node answered").isEqualTo(4);
        assertThat(nonces.peek()).as("the nonce stays used").contains(BigInteger.ONE);
        chain.automine(true);
        assertThat(sender(gwei(100), 4).perform(B, PERFORM_DATA)).isInstanceOf(SendOutcome.Mined.class);
        assertThat(chain.received()).as("nothing sent twice, no nonce reused").extracting(FakeChain.Sent::nonce)
                .containsExactly(0L, 1L);
    }

    @Test
    void shouldGiveTheNonceBackWhenASendFailsAndTheNodeDoesNotHaveIt() throws Exception {
        nonces.reconcile();
        chain.failNextSend(new ChainException.Unreachable("eth_sendRawTransaction failed: timeout", null));

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);
        assertThat(outcome).isInstanceOf(SendOutcome.Failed.class);
        assertThat(((SendOutcome.Failed) outcome).sent()).isFalse();
        assertThat(nonces.peek()).contains(BigInteger.ZERO);

        SendOutcome retry = sender(gwei(100), 4).perform(A, PERFORM_DATA);
        assertThat(retry).isInstanceOf(SendOutcome.Mined.class);
        assertThat(chain.received()).extracting(FakeChain.Sent::nonce).containsExactly(0L);
    }

    @Test
    void shouldFailClearlyWhenTheAccountCannotPayForGas() throws Exception {
        nonces.reconcile();
        chain.failNextSend(new ChainException.Rejected("eth_sendRawTransaction", -32000,
                "insufficient funds for gas * price + value"));

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Failed.class);
        assertThat(((SendOutcome.Failed) outcome).error()).contains("cannot pay for gas");
        assertThat(nonces.peek()).contains(BigInteger.ZERO);
    }

    @Test
    void shouldReportRevertedWhenTheMinedTransactionFails() throws Exception {
        vaultA.revertsOnChain();

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Reverted.class);
        assertThat(((SendOutcome.Reverted) outcome).gasUsed()).isEqualTo(FakeChain.GAS_USED);
        assertThat(nonces.peek()).contains(BigInteger.ONE);
    }

    @Test
    void shouldReportRevertedWhenTheNodeMinedAtOnceAndAnsweredWithAnError() throws Exception {
        vaultA.revertsOnChain();
        chain.reportRevertsOnSend();

        SendOutcome outcome = sender(gwei(100), 4).perform(A, PERFORM_DATA);

        assertThat(outcome).isInstanceOf(SendOutcome.Reverted.class);
        assertThat(nonces.peek()).as("the nonce was used").contains(BigInteger.ONE);
    }

    @Test
    void shouldClaimTheBountyThroughTheSameSendPath() throws Exception {
        SendOutcome outcome = sender(gwei(100), 4).claimBounty(A);

        assertThat(outcome).isInstanceOf(SendOutcome.Mined.class);
        assertThat(outcome.action()).isEqualTo("claim");
        assertThat(chain.received().getFirst().data()).isEqualTo(Numeric.toHexString(BallastAbi.claimBounty()));
    }

    private static BigInteger ceil(BigInteger value, long numerator, long denominator) {
        BigInteger[] qr = value.multiply(BigInteger.valueOf(numerator)).divideAndRemainder(BigInteger.valueOf(denominator));
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }
}
