package io.ballast.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.ballast.keeper.act.BountyReader;
import io.ballast.keeper.act.FeePolicy;
import io.ballast.keeper.act.NonceManager;
import io.ballast.keeper.act.SendOutcome;
import io.ballast.keeper.act.SendSettings;
import io.ballast.keeper.act.Sleeper;
import io.ballast.keeper.act.UpkeepSender;
import io.ballast.keeper.decide.UpkeepScanner;
import io.ballast.keeper.decide.VaultDiscovery;
import io.ballast.keeper.multicall.BatchReader;
import io.ballast.keeper.ops.KeeperMetrics;
import io.ballast.keeper.testing.FakeChain;
import io.ballast.keeper.testing.FakeMulticall;
import io.ballast.keeper.testing.FakeVault;
import io.ballast.keeper.testing.ManualClock;
import io.ballast.keeper.testing.TestKeys;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeeperTest {
    private static final String ACCOUNT = TestKeys.ACCOUNT_0.getAddress();
    private static final String MULTICALL = "0xcA11bde05977b3631167028862bE2a173976CA11";
    private static final String A = TestKeys.VAULT_A;
    private static final String B = TestKeys.VAULT_B;
    private static final String C = TestKeys.VAULT_C;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeChain chain = new FakeChain();
    private final FakeMulticall multicall = new FakeMulticall(chain);
    private final ManualClock clock = new ManualClock();
    private Keeper keeper;

    @AfterEach
    void close() {
        if (keeper != null) {
            keeper.close();
        }
    }

    private Keeper keeper(Sleeper sleeper, UpkeepScanner scanner) {
        NonceManager nonces = new NonceManager(chain, ACCOUNT);
        UpkeepSender sender = new UpkeepSender(chain, TestKeys.ACCOUNT_0, FakeChain.CHAIN_ID, nonces,
                new FeePolicy(BigInteger.valueOf(100_000_000_000L), BigInteger.valueOf(1_000_000_000L), 1250),
                new SendSettings(Duration.ofSeconds(10), Duration.ofSeconds(1), 3, 25,
                        SendSettings.DEFAULT_GAS_LIMIT_CAP), clock, sleeper);
        keeper = new Keeper(scanner, sender, nonces, new BountyReader(chain, ACCOUNT),
                new KeeperMetrics(clock, Duration.ofMillis(50)), new Keeper.Settings(Duration.ofMillis(50), 4, WAIT));
        return keeper;
    }

    private Keeper keeper(Sleeper sleeper) {
        return keeper(sleeper, new UpkeepScanner(new VaultDiscovery(chain, List.of(A, B, C), Optional.empty(), 100),
                new BatchReader(multicall.web3j(), MULTICALL, 100), chain, 100, clock));
    }

    @Test
    void shouldSendUpkeepsForDueVaultsOnlyAndCountWhatHappened() throws Exception {
        chain.deploy(A, FakeVault.due("ripcord").owes(BigInteger.valueOf(4_200)))
                .deploy(B, FakeVault.notDue("within band"))
                .deploy(C, FakeVault.checkReverts("VaultOracleStale()"));
        Keeper keeper = keeper(clock.sleeper());
        keeper.start();

        Map<String, SendOutcome> outcomes = keeper.runOnce().await(WAIT);

        assertThat(outcomes).containsOnlyKeys(A);
        assertThat(outcomes.get(A)).isInstanceOf(SendOutcome.Mined.class);
        String metrics = keeper.metrics().render();
        assertThat(metrics).contains("checks_total 3\n", "check_failures_total 1\n", "upkeeps_mined_total 1\n",
                "bounty_accrued{vault=\"" + A + "\"} 4200\n");
        assertThat(keeper.metrics().healthy()).isTrue();
    }

    @Test
    void shouldKeepServingOtherVaultsWhenOneVaultsUpkeepFails() throws Exception {
        chain.deploy(A, (from, data) -> {
            throw new IllegalStateException("a bug in one vault's handling");
        });
        FakeVault lost = FakeVault.due("b").performReverts(FakeVault.NOTHING_DUE);
        chain.deploy(B, lost).deploy(C, FakeVault.due("c"));
        UpkeepScanner scanner = mock(UpkeepScanner.class);
        when(scanner.scan()).thenReturn(new io.ballast.keeper.decide.ScanResult(List.of(
                new io.ballast.keeper.decide.UpkeepDecision.Due(A, new byte[0]),
                new io.ballast.keeper.decide.UpkeepDecision.Due(B, new byte[0]),
                new io.ballast.keeper.decide.UpkeepDecision.Due(C, new byte[0])), 1, 0, Optional.empty(),
                clock.instant(), Duration.ZERO));
        Keeper keeper = keeper(clock.sleeper(), scanner);

        Map<String, SendOutcome> outcomes = keeper.runOnce().await(WAIT);

        assertThat(outcomes.get(A)).isInstanceOf(SendOutcome.Failed.class);
        assertThat(outcomes.get(B)).isInstanceOf(SendOutcome.Skipped.class);
        assertThat(outcomes.get(C)).isInstanceOf(SendOutcome.Mined.class);
        assertThat(keeper.metrics().render()).contains("upkeeps_failed_total 1\n", "upkeeps_skipped_total 1\n",
                "upkeeps_mined_total 1\n");
    }

    @Test
    void shouldNotHandAVaultOverAgainWhileItsUpkeepIsInProgress() throws Exception {
        chain.deploy(A, FakeVault.due("a")).deploy(B, FakeVault.notDue("x")).deploy(C, FakeVault.notDue("x"));
        chain.automine(false);
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Keeper keeper = keeper(duration -> {
            waiting.countDown();
            release.await();
            chain.mine();
        });

        Keeper.Round first = keeper.runOnce();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        Keeper.Round second = keeper.runOnce();

        assertThat(first.sends()).containsOnlyKeys(A);
        assertThat(second.scan().due()).as("still due on chain").hasSize(1);
        assertThat(second.sends()).as("but not handed over twice").isEmpty();
        assertThat(keeper.inProgress()).hasSize(1);
        release.countDown();
        assertThat(first.await(WAIT).get(A)).isInstanceOf(SendOutcome.Mined.class);
        assertThat(chain.received()).hasSize(1);
    }

    @Test
    void shouldStopScanningOnStopAndLetTheUpkeepInFlightFinish() throws Exception {
        chain.deploy(A, FakeVault.due("a")).deploy(B, FakeVault.notDue("x")).deploy(C, FakeVault.notDue("x"));
        chain.automine(false);
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Keeper keeper = keeper(duration -> {
            waiting.countDown();
            release.await();
            chain.mine();
        });
        keeper.start();
        Thread loop = new Thread(keeper::run, "keeper-loop");
        loop.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

        keeper.stop();
        Thread.sleep(200);
        int batchesAfterStop = multicall.batches();
        assertThat(loop.isAlive()).as("waits for the upkeep in flight").isTrue();
        assertThat(keeper.awaitStopped(Duration.ofMillis(100))).isFalse();
        release.countDown();

        assertThat(keeper.awaitStopped(WAIT)).isTrue();
        loop.join(10_000);
        assertThat(loop.isAlive()).isFalse();
        assertThat(keeper.metrics().upkeepsMined()).isEqualTo(1);
        assertThat(multicall.batches()).as("no scan after stop").isEqualTo(batchesAfterStop);
    }

    @Test
    void shouldKeepLoopingWhenAScanThrows() throws Exception {
        UpkeepScanner scanner = mock(UpkeepScanner.class);
        CountDownLatch rounds = new CountDownLatch(3);
        when(scanner.scan()).thenAnswer(i -> {
            rounds.countDown();
            throw new IllegalStateException("boom");
        });
        Keeper keeper = keeper(clock.sleeper(), scanner);
        Thread loop = new Thread(keeper::run, "keeper-loop");
        loop.start();

        assertThat(rounds.await(10, TimeUnit.SECONDS)).as("three rounds despite the failures").isTrue();
        keeper.stop();
        assertThat(keeper.awaitStopped(WAIT)).isTrue();
        assertThat(keeper.metrics().render()).containsPattern("scan_failures_total [3-9]");
        assertThat(keeper.metrics().healthy()).isFalse();
    }
}
