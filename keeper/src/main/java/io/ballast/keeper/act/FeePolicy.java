package io.ballast.keeper.act;

import java.math.BigInteger;

/**
 * EIP-1559 fees under a ceiling. A first send pays {@code maxFee = min(ceiling, 2 * baseFee + tip)}, enough to stay
 * includable through several blocks of rising base fee. A replacement (same nonce) must raise both the max fee and
 * the tip by at least the bump percentage, rounding up, or nodes refuse it as underpriced; it also follows the current
 * base fee when that rose more. When the ceiling leaves no room for a full bump, {@link #replacement} says so instead
 * of returning fees a node would refuse.
 */
public final class FeePolicy {
    private static final BigInteger BASIS = BigInteger.valueOf(10_000);
    private static final BigInteger TWO = BigInteger.TWO;

    /** Fees of one transaction version, in wei per gas. */
    public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
        public Fees {
            if (maxFeePerGas.signum() < 0 || maxPriorityFeePerGas.signum() < 0
                    || maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
                throw new IllegalArgumentException("need 0 <= tip <= max fee, got tip " + maxPriorityFeePerGas
                        + " and max fee " + maxFeePerGas);
            }
        }
    }

    /** What a replacement may pay. */
    public sealed interface Replacement {
        /** Fees at least the bump above the previous version's, within the ceiling. */
        record Bumped(Fees fees) implements Replacement {}

        /** No valid replacement: the ceiling is below the minimum bump. */
        record NoRoom(String reason) implements Replacement {}
    }

    private final BigInteger ceiling;
    private final BigInteger tip;
    private final int bumpBasisPoints;

    /**
     * @param ceiling max fee per gas no transaction may exceed (wei)
     * @param tip priority fee of a first send (wei)
     * @param bumpBasisPoints replacement increase in basis points, at least 1250 (12.5%)
     */
    public FeePolicy(BigInteger ceiling, BigInteger tip, int bumpBasisPoints) {
        if (ceiling.signum() <= 0) {
            throw new IllegalArgumentException("fee ceiling must be positive, got " + ceiling);
        }
        if (tip.signum() < 0) {
            throw new IllegalArgumentException("priority fee must not be negative, got " + tip);
        }
        if (bumpBasisPoints < 1250) {
            throw new IllegalArgumentException("fee bump must be at least 12.5% (1250 basis points), got "
                    + bumpBasisPoints);
        }
        this.ceiling = ceiling;
        this.tip = tip;
        this.bumpBasisPoints = bumpBasisPoints;
    }

    public BigInteger ceiling() {
        return ceiling;
    }

    /** Whether a transaction can be included now at all: the base fee is not above the ceiling. */
    public boolean affordable(BigInteger baseFee) {
        return baseFee.compareTo(ceiling) <= 0;
    }

    /** Fees of a first send at {@code baseFee}. */
    public Fees initial(BigInteger baseFee) {
        BigInteger maxFee = baseFee.multiply(TWO).add(tip).min(ceiling);
        return new Fees(maxFee, tip.min(maxFee));
    }

    /** Fees for replacing {@code previous} now that the latest base fee is {@code baseFee}. */
    public Replacement replacement(Fees previous, BigInteger baseFee) {
        BigInteger minMaxFee = bump(previous.maxFeePerGas());
        BigInteger minTip = bump(previous.maxPriorityFeePerGas());
        if (minMaxFee.compareTo(ceiling) > 0) {
            return new Replacement.NoRoom("a replacement needs a max fee of at least " + minMaxFee
                    + " wei (previous " + previous.maxFeePerGas() + " + " + percent() + "%), above the ceiling of "
                    + ceiling + " wei");
        }
        Fees current = initial(baseFee);
        BigInteger maxFee = minMaxFee.max(current.maxFeePerGas()).min(ceiling);
        // previous tip <= previous max fee and bump() is monotonic, so minTip <= minMaxFee <= maxFee: the tip fits.
        BigInteger newTip = minTip.max(current.maxPriorityFeePerGas()).min(maxFee);
        return new Replacement.Bumped(new Fees(maxFee, newTip));
    }

    /** {@code value} raised by the bump percentage, rounded up, and by at least one wei. */
    BigInteger bump(BigInteger value) {
        BigInteger[] qr = value.multiply(BASIS.add(BigInteger.valueOf(bumpBasisPoints))).divideAndRemainder(BASIS);
        BigInteger raised = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        return raised.max(value.add(BigInteger.ONE));
    }

    private String percent() {
        return java.math.BigDecimal.valueOf(bumpBasisPoints, 2).stripTrailingZeros().toPlainString();
    }
}
