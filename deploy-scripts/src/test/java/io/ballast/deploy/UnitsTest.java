package io.ballast.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void rawShouldScaleByDecimalsAndRefuseExtraDecimals() {
        assertThat(Units.raw("1.5", 6)).isEqualTo(BigInteger.valueOf(1_500_000));
        assertThat(Units.raw("2000", 18)).isEqualTo(new BigInteger("2000000000000000000000"));
        assertThatThrownBy(() -> Units.raw("0.0000001", 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 6 decimals");
    }

    @Test
    void sqrtPriceShouldMatchTheHandComputedValueForUsdcAsToken0() {
        // 2000 USDC per WETH with USDC (6 dec) as token0: raw price 1e18 / 2000e6 = 5e8... per raw unit: 5e5
        BigInteger expected = BigInteger.TEN.pow(18).multiply(BigInteger.TWO.pow(192))
                .divide(BigInteger.valueOf(2_000_000_000L)).sqrt();
        BigInteger actual = Units.sqrtPriceX96(BigDecimal.ONE.divide(new BigDecimal("2000")), 6, 18);
        assertThat(actual.subtract(expected).abs()).isLessThanOrEqualTo(BigInteger.ONE);
    }

    @Test
    void priceShouldInvertSqrtPriceForBothTokenOrders() {
        BigInteger sqrt = Units.sqrtPriceX96(new BigDecimal("2000"), 18, 6);
        assertThat(Units.price(sqrt, 18, 6)).isCloseTo(new BigDecimal("2000"), org.assertj.core.data.Offset.offset(
                new BigDecimal("0.000001")));
        BigInteger inverse = Units.sqrtPriceX96(new BigDecimal("0.0005"), 6, 18);
        assertThat(Units.price(inverse, 6, 18)).isCloseTo(new BigDecimal("0.0005"),
                org.assertj.core.data.Offset.offset(new BigDecimal("1e-12")));
    }

    @Test
    void tickShouldRoundDownToTheSpacing() {
        // price 1 (same decimals) is tick 0; 1.0001^600 is tick 600
        assertThat(Units.tick(BigDecimal.ONE, 18, 18, 60)).isZero();
        assertThat(Units.tick(BigDecimal.valueOf(Math.pow(1.0001, 605)), 18, 18, 60)).isEqualTo(600);
        assertThat(Units.tick(BigDecimal.valueOf(Math.pow(1.0001, -5)), 18, 18, 10)).isEqualTo(-10);
    }
}
