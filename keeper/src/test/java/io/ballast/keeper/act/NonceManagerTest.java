package io.ballast.keeper.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.testing.FakeChain;
import io.ballast.keeper.testing.TestKeys;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NonceManagerTest {
    private static final String ACCOUNT = TestKeys.ACCOUNT_0.getAddress();

    private final FakeChain chain = new FakeChain();
    private final NonceManager nonces = new NonceManager(chain, ACCOUNT);

    @Test
    void shouldReconcileTheNonceFromTheChainAtStart() throws Exception {
        chain.minedNonce(ACCOUNT, 7);
        assertThat(nonces.peek()).isEmpty();

        nonces.reconcile();

        assertThat(nonces.peek()).contains(BigInteger.valueOf(7));
        assertThat(chain.requests("eth_getTransactionCount")).isEqualTo(2);
    }

    @Test
    void shouldTakeOverNoncesOfTransactionsPendingFromAPreviousRun() throws Exception {
        chain.minedNonce(ACCOUNT, 5);
        chain.addForeignPending(ACCOUNT, 5, BigInteger.TEN, BigInteger.ONE);
        chain.addForeignPending(ACCOUNT, 6, BigInteger.TEN, BigInteger.ONE);

        nonces.reconcile();

        assertThat(nonces.peek()).as("replace the stuck ones instead of queueing behind them")
                .contains(BigInteger.valueOf(5));
    }

    @Test
    void shouldAdvanceOnlyWhenTheLeaseWasConsumed() throws Exception {
        chain.minedNonce(ACCOUNT, 3);
        nonces.reconcile();

        try (NonceManager.Lease lease = nonces.acquire()) {
            assertThat(lease.nonce()).isEqualTo(BigInteger.valueOf(3));
        }
        try (NonceManager.Lease lease = nonces.acquire()) {
            assertThat(lease.nonce()).as("not consumed: handed out again").isEqualTo(BigInteger.valueOf(3));
            lease.consumed();
        }

        assertThat(nonces.peek()).contains(BigInteger.valueOf(4));
    }

    @Test
    void shouldReadTheNonceFromTheChainOnFirstUseWithoutReconcile() throws Exception {
        chain.minedNonce(ACCOUNT, 11);

        try (NonceManager.Lease lease = nonces.acquire()) {
            assertThat(lease.nonce()).isEqualTo(BigInteger.valueOf(11));
        }
    }

    @Test
    void shouldResyncFromPendingCountAfterASendError() throws Exception {
        nonces.reconcile();
        chain.minedNonce(ACCOUNT, 2);
        chain.addForeignPending(ACCOUNT, 2, BigInteger.TEN, BigInteger.ONE);

        try (NonceManager.Lease lease = nonces.acquire()) {
            assertThat(lease.nonce()).isZero();
            lease.resyncAfterError();
        }

        assertThat(nonces.peek()).as("counts the pending transaction").contains(BigInteger.valueOf(3));
    }

    @Test
    void shouldReadTheNonceBeforeTheNextSendWhenTheResyncItselfFailed() throws Exception {
        nonces.reconcile();
        chain.unreachable(true);
        try (NonceManager.Lease lease = nonces.acquire()) {
            lease.consumed();
            lease.resyncAfterError();
        }
        assertThat(nonces.peek()).as("unknown, not guessed").isEmpty();

        chain.unreachable(false).minedNonce(ACCOUNT, 9);
        try (NonceManager.Lease lease = nonces.acquire()) {
            assertThat(lease.nonce()).isEqualTo(BigInteger.valueOf(9));
        }
    }

    @Test
    void shouldReleaseTheLockWhenReadingTheNonceFails() throws Exception {
        chain.unreachable(true);
        assertThatThrownBy(nonces::acquire).isInstanceOf(ChainException.Unreachable.class);

        chain.unreachable(false);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<BigInteger> fromOtherThread = other.submit(() -> {
                try (NonceManager.Lease lease = nonces.acquire()) {
                    return lease.nonce();
                }
            });
            assertThat(fromOtherThread.get(5, TimeUnit.SECONDS)).isZero();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void shouldHandOutEveryNonceExactlyOnceUnderConcurrency() throws Exception {
        nonces.reconcile();
        int threads = 16;
        int perThread = 50;
        Set<BigInteger> seen = ConcurrentHashMap.newKeySet();
        List<BigInteger> duplicates = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        try (NonceManager.Lease lease = nonces.acquire()) {
                            boolean consume = (thread + i) % 3 != 0; // a third fail their send: no advance
                            if (consume) {
                                if (!seen.add(lease.nonce())) {
                                    duplicates.add(lease.nonce());
                                }
                                lease.consumed();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(duplicates).isEmpty();
        int consumed = seen.size();
        assertThat(seen).as("contiguous from 0, no gaps")
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, consumed)
                        .mapToObj(BigInteger::valueOf).toList());
        assertThat(nonces.peek()).contains(BigInteger.valueOf(consumed));
    }
}
