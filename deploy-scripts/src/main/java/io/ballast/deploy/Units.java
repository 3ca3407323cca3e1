package io.ballast.deploy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Conversions between decimal amounts and raw token units, and Uniswap V3 price encodings. */
public final class Units {
    public static final BigInteger WAD = BigInteger.TEN.pow(18);
    public static final BigInteger RAY = BigInteger.TEN.pow(27);
    public static final BigInteger Q96 = BigInteger.TWO.pow(96);
    public static final BigInteger MAX_UINT256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private Units() {}

    /** {@code amount} with {@code decimals} decimals, as a raw integer; rejects amounts with more decimals. */
    public static BigInteger raw(BigDecimal amount, int decimals) {
        BigDecimal scaled = amount.movePointRight(decimals);
        if (scaled.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(
                    "amount " + amount.toPlainString() + " has more than " + decimals + " decimals");
        }
        return scaled.toBigIntegerExact();
    }

    public static BigInteger raw(String amount, int decimals) {
        return raw(new BigDecimal(amount), decimals);
    }

    /** A raw integer with {@code decimals} decimals as a decimal amount. */
    public static BigDecimal decimal(BigInteger raw, int decimals) {
        return new BigDecimal(raw, decimals);
    }

    /** {@code fraction} (e.g. 0.04) in ray (1e27). */
    public static BigInteger ray(String fraction) {
        return new BigDecimal(fraction).multiply(new BigDecimal(RAY)).toBigIntegerExact();
    }

    /**
     * Uniswap V3 {@code sqrtPriceX96} for a pool where one whole token0 is worth {@code priceToken1PerToken0} whole
     * token1: {@code floor(sqrt(raw1 / raw0) * 2^96)}, computed exactly on integers.
     */
    public static BigInteger sqrtPriceX96(BigDecimal priceToken1PerToken0, int decimals0, int decimals1) {
        // raw price = price * 10^dec1 / 10^dec0; sqrtPriceX96 = isqrt(rawPrice * 2^192)
        BigDecimal rawPrice = priceToken1PerToken0.movePointRight(decimals1 - decimals0);
        BigInteger scaled = rawPrice.multiply(new BigDecimal(BigInteger.TWO.pow(192))).toBigInteger();
        return scaled.sqrt();
    }

    /** Whole-token price (token1 per token0) of a pool at {@code sqrtPriceX96}. */
    public static BigDecimal price(BigInteger sqrtPriceX96, int decimals0, int decimals1) {
        BigDecimal ratio = new BigDecimal(sqrtPriceX96.pow(2)).divide(new BigDecimal(BigInteger.TWO.pow(192)), 40,
                RoundingMode.HALF_EVEN);
        return ratio.movePointLeft(decimals1 - decimals0);
    }

    /** The tick at or below a whole-token price (token1 per token0), rounded down to a multiple of {@code spacing}. */
    public static int tick(BigDecimal priceToken1PerToken0, int decimals0, int decimals1, int spacing) {
        double rawPrice = priceToken1PerToken0.movePointRight(decimals1 - decimals0).doubleValue();
        int tick = (int) Math.floor(Math.log(rawPrice) / Math.log(1.0001));
        return Math.floorDiv(tick, spacing) * spacing;
    }
}
