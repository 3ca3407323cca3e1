package io.ballast.keeper.act;

import io.ballast.keeper.chain.ChainClient;
import io.ballast.keeper.chain.ChainException;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the keeper account's nonce. A sender takes a {@link Lease}, which holds the nonce exclusively while
 * it signs and sends; the nonce advances only when the sender calls {@link Lease#consumed()} after the node accepted
 * the transaction, so a failed simulation, estimate or send never burns one. The nonce is read from the chain at
 * start ({@link #reconcile()}) and again after any send error ({@link Lease#resyncAfterError()}); if that read fails,
 * the next lease reads it first. Thread-safe.
 */
public final class NonceManager {
    private static final Logger LOG = LoggerFactory.getLogger(NonceManager.class);

    private final ChainClient client;
    private final String address;
    private final ReentrantLock lock = new ReentrantLock(true);
    private BigInteger next;
    private boolean stale = true;

    public NonceManager(ChainClient client, String address) {
        this.client = client;
        this.address = address;
    }

    /**
     * Reads the nonce from the chain when no transaction of this process is in flight (at start, or when idle). If the
     * account has pending transactions this process does not know about (a previous run's), the next nonce is the
     * first unmined one, so the keeper's next transactions replace them (bumping fees when the node asks) instead of
     * queueing behind transactions that may never be mined.
     */
    public void reconcile() throws ChainException {
        lock.lock();
        try {
            BigInteger latest = client.transactionCount(address, false);
            BigInteger pending = client.transactionCount(address, true);
            if (pending.compareTo(latest) > 0) {
                LOG.warn("action=nonce_reconcile account={} latest={} pending={} next={} note=\"{} pending transaction(s)"
                        + " not in flight in this process: the next sends reuse their nonces and replace them\"",
                        address, latest, pending, latest, pending.subtract(latest));
            } else if (stale || !latest.equals(next)) {
                LOG.info("action=nonce_reconcile account={} latest={} pending={} previous_next={} next={}", address,
                        latest, pending, stale ? "unknown" : next, latest);
            }
            set(latest);
        } finally {
            lock.unlock();
        }
    }

    /** Reads the nonce from the chain, counting pending transactions: after a send error, or when told it is stale. */
    public void resync() throws ChainException {
        lock.lock();
        try {
            resyncLocked("resync");
        } finally {
            lock.unlock();
        }
    }

    /** Makes the next {@link #acquire()} read the nonce from the chain first. */
    public void markStale() {
        lock.lock();
        try {
            stale = true;
        } finally {
            lock.unlock();
        }
    }

    /** The nonce the next lease would get, if known. */
    public Optional<BigInteger> peek() {
        lock.lock();
        try {
            return stale ? Optional.empty() : Optional.of(next);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the nonce exclusively until the lease is closed; reads it from the chain first if it is stale. Blocks
     * while another lease is open.
     */
    public Lease acquire() throws ChainException, InterruptedException {
        lock.lockInterruptibly();
        try {
            if (stale) {
                resyncLocked("resync_before_send");
            }
            return new Lease(next);
        } catch (ChainException | RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    private void resyncLocked(String action) throws ChainException {
        BigInteger latest = client.transactionCount(address, false);
        BigInteger pending = client.transactionCount(address, true);
        BigInteger chain = pending.max(latest);
        LOG.info("action=nonce_{} account={} latest={} pending={} previous_next={} next={}", action, address, latest,
                pending, stale ? "unknown" : next, chain);
        set(chain);
    }

    private void set(BigInteger nonce) {
        next = nonce;
        stale = false;
    }

    /** Exclusive use of one nonce. Close it in a finally block (try-with-resources). */
    public final class Lease implements AutoCloseable {
        private final BigInteger nonce;
        private boolean consumed;
        private boolean closed;

        private Lease(BigInteger nonce) {
            this.nonce = nonce;
        }

        public BigInteger nonce() {
            return nonce;
        }

        /** The node accepted a transaction with this nonce: the next lease gets the next one. */
        public void consumed() {
            consumed = true;
        }

        /**
         * After a send error: read the nonce from the chain now; if that fails too, mark it stale so the next lease
         * reads it. Never throws.
         */
        public void resyncAfterError() {
            try {
                resyncLocked("resync_after_error");
            } catch (ChainException | RuntimeException e) {
                stale = true;
                LOG.warn("action=nonce_resync_after_error account={} error=\"{}\" note=\"will read it before the next"
                        + " send\"", address, e.getMessage());
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (consumed && !stale && next.equals(nonce)) {
                    next = nonce.add(BigInteger.ONE);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
