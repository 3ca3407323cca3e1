package io.ballast.keeper.act;

import java.math.BigInteger;
import java.time.Duration;

/**
 * How {@link UpkeepSender} waits and retries.
 *
 * @param receiptTimeout wait for a receipt before replacing the transaction
 * @param receiptPollInterval time between receipt polls
 * @param maxAttempts versions of one transaction (the first send plus replacements), at least 1
 * @param gasHeadroomPercent gas limit above {@code eth_estimateGas}
 * @param gasLimitCap gas limit never exceeded (EIP-7825 caps a transaction at 2^24)
 */
public record SendSettings(Duration receiptTimeout, Duration receiptPollInterval, int maxAttempts,
        int gasHeadroomPercent, BigInteger gasLimitCap) {
    /** Just below EIP-7825's per-transaction cap of 16,777,216. */
    public static final BigInteger DEFAULT_GAS_LIMIT_CAP = BigInteger.valueOf(16_000_000L);

    public SendSettings {
        if (receiptTimeout.isNegative() || receiptTimeout.isZero() || receiptPollInterval.isNegative()
                || receiptPollInterval.isZero()) {
            throw new IllegalArgumentException("receipt timeout and poll interval must be positive");
        }
        if (maxAttempts < 1 || gasHeadroomPercent < 0 || gasLimitCap.signum() <= 0) {
            throw new IllegalArgumentException("need maxAttempts >= 1, gasHeadroomPercent >= 0, gasLimitCap > 0");
        }
    }

    /**
     * The longest one send can take: a lost first answer looked up for a receipt timeout, then every version waited
     * for in full.
     */
    public Duration worstCase() {
        return receiptTimeout.multipliedBy(maxAttempts + 1L).plus(receiptPollInterval.multipliedBy(4));
    }
}
