package io.ballast.keeper;

import io.ballast.keeper.act.BountyReader;
import io.ballast.keeper.act.NonceManager;
import io.ballast.keeper.act.SendOutcome;
import io.ballast.keeper.act.UpkeepSender;
import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.decide.ScanResult;
import io.ballast.keeper.decide.UpkeepDecision;
import io.ballast.keeper.decide.UpkeepScanner;
import io.ballast.keeper.ops.KeeperMetrics;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keeper loop: scan every vault, hand each due vault to the sender on a worker thread, sleep, repeat. A round
 * never waits for receipts, so a slow transaction for one vault does not delay the scan of the others; a vault whose
 * upkeep is still in progress is not handed over again. Every failure stays with its vault or its round: nothing a
 * vault or the node does stops the loop. {@link #stop()} (from a shutdown hook, say) ends the loop after the current
 * round; upkeeps already in progress get {@link Settings#shutdownGrace()} to finish, those not started are dropped.
 *
 * <p>For in-process use (tests, chain tests) call {@link #runOnce()} and {@link Round#await(Duration)} instead of
 * {@link #run()}.
 */
public final class Keeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Keeper.class);

    /**
     * @param pollInterval time from the start of one round to the start of the next
     * @param maxInFlight upkeeps in progress at once
     * @param shutdownGrace how long in-progress upkeeps may take to finish at shutdown
     */
    public record Settings(Duration pollInterval, int maxInFlight, Duration shutdownGrace) {
        public Settings {
            if (pollInterval.isNegative() || pollInterval.isZero() || maxInFlight < 1 || shutdownGrace.isNegative()) {
                throw new IllegalArgumentException("need a positive poll interval, maxInFlight >= 1, grace >= 0");
            }
        }
    }

    /**
     * One round: the scan, and the upkeeps it started, in scan order, which complete later. Keys are the vault
     * addresses as scanned: EIP-55 checksummed.
     */
    public record Round(ScanResult scan, Map<String, CompletableFuture<SendOutcome>> sends) {
        public Round {
            sends = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sends));
        }

        /** Waits for every upkeep of this round and returns their outcomes by vault. */
        public Map<String, SendOutcome> await(Duration timeout) throws InterruptedException, TimeoutException {
            Map<String, SendOutcome> outcomes = new LinkedHashMap<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Map.Entry<String, CompletableFuture<SendOutcome>> send : sends.entrySet()) {
                try {
                    outcomes.put(send.getKey(), send.getValue().get(Math.max(0, deadline - System.nanoTime()),
                            TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    throw new IllegalStateException("upkeep task failed: " + e.getCause(), e.getCause());
                }
            }
            return outcomes;
        }
    }

    private final UpkeepScanner scanner;
    private final UpkeepSender sender;
    private final NonceManager nonces;
    private final BountyReader bounty;
    private final KeeperMetrics metrics;
    private final Settings settings;
    private final ExecutorService workers;
    private final Set<String> dispatched = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    public Keeper(UpkeepScanner scanner, UpkeepSender sender, NonceManager nonces, BountyReader bounty,
            KeeperMetrics metrics, Settings settings) {
        this.scanner = scanner;
        this.sender = sender;
        this.nonces = nonces;
        this.bounty = bounty;
        this.metrics = metrics;
        this.settings = settings;
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.maxInFlight(), settings.maxInFlight(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "keeper-upkeep-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Reads the account's nonce from the chain. Call once before the first round. */
    public void start() throws ChainException {
        nonces.reconcile();
        LOG.info("action=start account={} poll_interval_ms={} max_in_flight={}", sender.address(),
                settings.pollInterval().toMillis(), settings.maxInFlight());
    }

    /** Scans once and starts an upkeep for every due vault not already in progress. Never throws. */
    public Round runOnce() {
        if (dispatched.isEmpty()) {
            reconcileQuietly();
        }
        ScanResult scan;
        try {
            scan = scanner.scan();
        } catch (RuntimeException e) {
            metrics.recordScanError();
            LOG.error("action=scan failed=true error=\"{}\"", e.toString(), e);
            return new Round(new ScanResult(List.of(), 0, 0, Optional.of(e.toString()), java.time.Instant.EPOCH,
                    Duration.ZERO), Map.of());
        }
        metrics.recordScan(scan);
        Map<String, CompletableFuture<SendOutcome>> sends = new LinkedHashMap<>();
        for (UpkeepDecision.Due due : scan.due()) {
            if (stopping.get()) {
                break;
            }
            String key = due.vault().toLowerCase(Locale.ROOT);
            if (!dispatched.add(key)) {
                LOG.debug("action=upkeep vault={} dispatched=false reason=in_progress", due.vault());
                continue;
            }
            try {
                sends.put(due.vault(), CompletableFuture.supplyAsync(() -> act(due, key), workers));
            } catch (RejectedExecutionException e) {
                dispatched.remove(key);
            }
        }
        return new Round(scan, sends);
    }

    /** Runs rounds until {@link #stop()}, then lets in-progress upkeeps finish (or time out). Blocks. */
    public void run() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("this keeper is already running");
        }
        try {
            while (!stopping.get()) {
                long started = System.nanoTime();
                runOnce();
                long waitNanos = settings.pollInterval().toNanos() - (System.nanoTime() - started);
                if (waitNanos > 0 && stopSignal.await(waitNanos, TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("action=loop interrupted=true");
        } finally {
            stopping.set(true);
            drain();
            stopped.countDown();
        }
    }

    /** Asks the loop to stop after the current round; returns at once. */
    public void stop() {
        if (stopping.compareAndSet(false, true)) {
            LOG.info("action=stop_requested in_progress={}", dispatched.size());
        }
        stopSignal.countDown();
    }

    /** Waits until {@link #run()} has returned (true), or {@code timeout} passes (false). */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean isStopping() {
        return stopping.get();
    }

    /** Vaults whose upkeep is in progress (queued, simulating, sent or awaiting a receipt). */
    public Set<String> inProgress() {
        return Set.copyOf(dispatched);
    }

    public KeeperMetrics metrics() {
        return metrics;
    }

    /** Stops and, if {@link #run()} is not running, drains the workers here. */
    @Override
    public void close() {
        stop();
        if (!running.get()) {
            drain();
            stopped.countDown();
        } else {
            try {
                if (!awaitStopped(settings.shutdownGrace().plusSeconds(5))) {
                    LOG.warn("action=close note=\"loop did not stop within the grace period\"");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private SendOutcome act(UpkeepDecision.Due due, String key) {
        try {
            if (stopping.get()) {
                SendOutcome skipped = new SendOutcome.Skipped(due.vault(), "upkeep", "keeper is shutting down");
                metrics.recordOutcome(skipped);
                return skipped;
            }
            SendOutcome outcome = sender.perform(due.vault(), due.performData());
            metrics.recordOutcome(outcome);
            Optional<BigInteger> owed = outcome instanceof SendOutcome.Mined ? bounty.owed(due.vault())
                    : Optional.empty();
            owed.ifPresent(b -> metrics.recordBounty(due.vault(), b));
            logOutcome(outcome, owed);
            return outcome;
        } catch (RuntimeException e) {
            LOG.error("action=upkeep vault={} outcome=failed unexpected_error=\"{}\"", due.vault(), e.toString(), e);
            SendOutcome failed = new SendOutcome.Failed(due.vault(), "upkeep", "unexpected error: " + e, false);
            metrics.recordOutcome(failed);
            return failed;
        } finally {
            dispatched.remove(key);
        }
    }

    private static void logOutcome(SendOutcome outcome, Optional<BigInteger> owed) {
        String bountyText = owed.map(BigInteger::toString).orElse("unknown");
        switch (outcome) {
            case SendOutcome.Mined m -> LOG.info("action=upkeep vault={} outcome=mined tx={} gas={} effective_gas_price={}"
                    + " versions={} bounty={}", m.vault(), m.receipt().getTransactionHash(), m.gasUsed(),
                    m.effectiveGasPrice(), m.versions(), bountyText);
            case SendOutcome.Reverted r -> LOG.warn("action=upkeep vault={} outcome=reverted tx={} gas={}"
                    + " effective_gas_price={}", r.vault(), r.receipt().getTransactionHash(), r.gasUsed(),
                    r.effectiveGasPrice());
            case SendOutcome.Skipped s -> LOG.info("action=upkeep vault={} outcome=skipped reason=\"{}\"", s.vault(),
                    s.reason());
            case SendOutcome.Failed f -> LOG.warn("action=upkeep vault={} outcome=failed sent={} error=\"{}\"",
                    f.vault(), f.sent(), f.error());
        }
    }

    private void reconcileQuietly() {
        try {
            nonces.reconcile();
        } catch (ChainException | RuntimeException e) {
            nonces.markStale();
            LOG.warn("action=nonce_reconcile failed=true error=\"{}\"", e.getMessage());
        }
    }

    private void drain() {
        workers.shutdown();
        try {
            if (!dispatched.isEmpty()) {
                LOG.info("action=drain in_progress={} grace_ms={}", dispatched.size(),
                        settings.shutdownGrace().toMillis());
            }
            if (!workers.awaitTermination(settings.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("action=drain timed_out=true abandoned={}", dispatched);
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("action=stopped");
    }
}
