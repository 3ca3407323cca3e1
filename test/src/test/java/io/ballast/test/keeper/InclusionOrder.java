package io.ballast.test.keeper;

import io.ballast.keeper.abi.BallastAbi;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;

/**
 * Puts competing keepers' requests in the order blocks would: for one vault, a keeper's simulation of
 * {@code performUpkeep} is answered only after the previous keeper's transaction for that vault was mined (or its
 * simulation or estimate failed). Without it, two keepers could simulate against the same block and both send, and one
 * transaction would revert on chain: no keeper can avoid that race alone, so the tests fix the order and check what
 * each keeper does with it. {@link #holdSimulations()} also lets every keeper finish its scan before anyone acts, so
 * all keepers see the same due vaults. Installed on each keeper's {@link RecordingHttpService}; the local node mines
 * each transaction as it arrives (automine).
 */
final class InclusionOrder implements RecordingHttpService.Interceptor {
    private static final String PERFORM_UPKEEP =
            Numeric.toHexString(BallastAbi.performUpkeep(new byte[0])).substring(0, 10);
    private static final long WAIT_SECONDS = 60;

    private final Map<String, ReentrantLock> vaults = new ConcurrentHashMap<>();
    private final ThreadLocal<ReentrantLock> held = new ThreadLocal<>();
    private volatile CountDownLatch start = new CountDownLatch(0);

    /** Simulations wait until {@link #releaseSimulations()}. */
    void holdSimulations() {
        start = new CountDownLatch(1);
    }

    void releaseSimulations() {
        start.countDown();
    }

    @Override
    public void before(Request<?, ?> request) throws IOException {
        if (!request.getMethod().equals("eth_call") || !isSimulation(request)) {
            return;
        }
        try {
            if (!start.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("simulations were held for more than " + WAIT_SECONDS + " s");
            }
            ReentrantLock lock = vaults.computeIfAbsent(
                    RecordingHttpService.transaction(request.getParams()).getTo().toLowerCase(Locale.ROOT),
                    v -> new ReentrantLock(true));
            if (held.get() != lock) {
                release(); // a send this worker gave up on without sending (fees above the ceiling, say)
                if (!lock.tryLock(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("another keeper held the vault for more than " + WAIT_SECONDS + " s");
                }
                held.set(lock);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void after(Request<?, ?> request, Response<?> response) {
        boolean failedCheck = (request.getMethod().equals("eth_call") || request.getMethod().equals("eth_estimateGas"))
                && isSimulation(request) && (response == null || response.hasError());
        if (failedCheck || request.getMethod().equals("eth_sendRawTransaction")) {
            release(); // skipped, or sent and (automine) mined: the next keeper may simulate
        }
    }

    private void release() {
        ReentrantLock lock = held.get();
        if (lock != null) {
            held.remove();
            lock.unlock();
        }
    }

    private static boolean isSimulation(Request<?, ?> request) {
        Transaction tx = RecordingHttpService.transaction(request.getParams());
        return tx.getFrom() != null && tx.getData() != null && tx.getData().startsWith(PERFORM_UPKEEP);
    }
}
