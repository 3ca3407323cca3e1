package io.ballast.keeper.ops;

import io.ballast.keeper.act.SendOutcome;
import io.ballast.keeper.decide.ScanResult;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The keeper's counters and gauges, rendered in the Prometheus text format, and its health: healthy while the last
 * successful scan is at most three poll intervals old. Thread-safe.
 */
public final class KeeperMetrics {
    private final Clock clock;
    private final Duration pollInterval;
    private final AtomicLong scans = new AtomicLong();
    private final AtomicLong scanFailures = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong checkFailures = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong mined = new AtomicLong();
    private final AtomicLong reverted = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong gasSpent = new AtomicLong();
    private final AtomicReference<BigInteger> feesSpentWei = new AtomicReference<>(BigInteger.ZERO);
    private final AtomicLong vaultsWatched = new AtomicLong();
    private final AtomicReference<Instant> lastSuccessfulScan = new AtomicReference<>();
    private final Map<String, Instant> lastUpkeep = new ConcurrentHashMap<>();
    private final Map<String, BigInteger> bounty = new ConcurrentHashMap<>();

    public KeeperMetrics(Clock clock, Duration pollInterval) {
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /** Counts a finished scan. */
    public void recordScan(ScanResult scan) {
        scans.incrementAndGet();
        checks.addAndGet(scan.decisions().size());
        checkFailures.addAndGet(scan.failed().size());
        vaultsWatched.set(scan.decisions().size());
        if (scan.succeeded()) {
            lastSuccessfulScan.set(clock.instant());
        } else {
            scanFailures.incrementAndGet();
        }
    }

    /** Counts a scan that threw before it could report anything. */
    public void recordScanError() {
        scans.incrementAndGet();
        scanFailures.incrementAndGet();
    }

    /** Counts how a send ended; only upkeeps count as upkeeps, but the gas of any transaction is gas spent. */
    public void recordOutcome(SendOutcome outcome) {
        boolean upkeep = outcome.action().equals("upkeep");
        switch (outcome) {
            case SendOutcome.Mined m -> {
                spent(m.gasUsed(), m.effectiveGasPrice());
                if (upkeep) {
                    sent.incrementAndGet();
                    mined.incrementAndGet();
                    lastUpkeep.put(m.vault(), clock.instant());
                }
            }
            case SendOutcome.Reverted r -> {
                spent(r.gasUsed(), r.effectiveGasPrice());
                if (upkeep) {
                    sent.incrementAndGet();
                    reverted.incrementAndGet();
                }
            }
            case SendOutcome.Skipped s -> {
                if (upkeep) {
                    skipped.incrementAndGet();
                }
            }
            case SendOutcome.Failed f -> {
                if (upkeep) {
                    failed.incrementAndGet();
                    if (f.sent()) {
                        sent.incrementAndGet();
                    }
                }
            }
        }
    }

    /** Sets the bounty a vault owes this keeper, as last read. */
    public void recordBounty(String vault, BigInteger owed) {
        bounty.put(vault, owed);
    }

    public Optional<Instant> lastSuccessfulScan() {
        return Optional.ofNullable(lastSuccessfulScan.get());
    }

    /** Healthy when the last successful scan finished within three poll intervals. */
    public boolean healthy() {
        Instant last = lastSuccessfulScan.get();
        return last != null && !Duration.between(last, clock.instant()).minus(pollInterval.multipliedBy(3))
                .isPositive();
    }

    /** One line for {@code /health}. */
    public String healthText() {
        Instant last = lastSuccessfulScan.get();
        if (last == null) {
            return "unhealthy: no successful scan yet\n";
        }
        long age = Duration.between(last, clock.instant()).toMillis();
        return (healthy() ? "ok" : "unhealthy: last successful scan too old") + " last_scan_age_ms=" + age
                + " max_age_ms=" + pollInterval.multipliedBy(3).toMillis() + "\n";
    }

    public long upkeepsMined() {
        return mined.get();
    }

    public long upkeepsSkipped() {
        return skipped.get();
    }

    /** Everything, in the Prometheus text exposition format (version 0.0.4). */
    public String render() {
        StringBuilder out = new StringBuilder(2048);
        counter(out, "scans_total", "Scans started (discovery plus checkUpkeep over every vault).", scans.get());
        counter(out, "scan_failures_total", "Scans that could not read the chain fully.", scanFailures.get());
        counter(out, "checks_total", "checkUpkeep calls made, one per vault per scan.", checks.get());
        counter(out, "check_failures_total", "checkUpkeep calls that reverted, did not decode or got no answer.",
                checkFailures.get());
        counter(out, "upkeeps_sent_total", "Upkeep transactions the node accepted (mined, reverted, or still pending when given up on).", sent.get());
        counter(out, "upkeeps_mined_total", "Upkeep transactions mined and succeeded.", mined.get());
        counter(out, "upkeeps_reverted_total", "Upkeep transactions mined but reverted.", reverted.get());
        counter(out, "upkeeps_skipped_total", "Due upkeeps not sent: simulation reverted, fees above the ceiling, or"
                + " one already in flight.", skipped.get());
        counter(out, "upkeeps_failed_total", "Upkeeps that failed: refused by the node, unreachable node, not mined.",
                failed.get());
        counter(out, "gas_spent_total", "Gas used by the keeper's mined transactions.", gasSpent.get());
        header(out, "fees_spent_wei_total", "Wei paid for gas by the keeper's mined transactions.", "counter");
        out.append("fees_spent_wei_total ").append(feesSpentWei.get()).append('\n');
        header(out, "vaults_watched", "Vaults in the last scan.", "gauge");
        out.append("vaults_watched ").append(vaultsWatched.get()).append('\n');
        header(out, "last_successful_scan_timestamp_seconds", "Unix time of the last successful scan.", "gauge");
        Instant last = lastSuccessfulScan.get();
        out.append("last_successful_scan_timestamp_seconds ").append(last == null ? 0 : seconds(last)).append('\n');
        header(out, "bounty_accrued", "Bounty a vault owes this keeper, unclaimed, in the vault asset's smallest unit.",
                "gauge");
        new TreeMap<>(bounty).forEach((vault, owed) -> out.append("bounty_accrued{vault=\"").append(vault)
                .append("\"} ").append(owed).append('\n'));
        header(out, "seconds_since_last_upkeep", "Seconds since this keeper's last mined upkeep of a vault.", "gauge");
        Instant now = clock.instant();
        new TreeMap<>(lastUpkeep).forEach((vault, at) -> out.append("seconds_since_last_upkeep{vault=\"").append(vault)
                .append("\"} ").append(Duration.between(at, now).toMillis() / 1000.0).append('\n'));
        return out.toString();
    }

    private void spent(BigInteger gasUsed, BigInteger price) {
        if (gasUsed != null) {
            gasSpent.addAndGet(gasUsed.longValue());
            if (price != null) {
                feesSpentWei.accumulateAndGet(gasUsed.multiply(price), BigInteger::add);
            }
        }
    }

    private static String seconds(Instant at) {
        return java.math.BigDecimal.valueOf(at.toEpochMilli(), 3).toPlainString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "counter");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
