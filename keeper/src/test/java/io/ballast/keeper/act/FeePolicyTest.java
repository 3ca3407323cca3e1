package io.ballast.keeper.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FeePolicyTest {
    private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);

    private static BigInteger gwei(long amount) {
        return GWEI.multiply(BigInteger.valueOf(amount));
    }

    @Test
    void shouldPriceAFirstSendAtTwiceTheBaseFeePlusTheTip() {
        FeePolicy policy = new FeePolicy(gwei(100), gwei(2), 1250);

        FeePolicy.Fees fees = policy.initial(gwei(10));

        assertThat(fees.maxFeePerGas()).isEqualTo(gwei(22));
        assertThat(fees.maxPriorityFeePerGas()).isEqualTo(gwei(2));
    }

    @Test
    void shouldCapAFirstSendAtTheCeilingAndKeepTheTipWithinTheMaxFee() {
        FeePolicy policy = new FeePolicy(gwei(30), gwei(2), 1250);
        assertThat(policy.initial(gwei(20)).maxFeePerGas()).isEqualTo(gwei(30));

        FeePolicy tipAboveCeiling = new FeePolicy(gwei(1), gwei(2), 1250);
        FeePolicy.Fees fees = tipAboveCeiling.initial(BigInteger.TEN);
        assertThat(fees.maxFeePerGas()).isEqualTo(gwei(1));
        assertThat(fees.maxPriorityFeePerGas()).isEqualTo(gwei(1));
    }

    @Test
    void shouldSayWhetherTheBaseFeeIsWithinTheCeiling() {
        FeePolicy policy = new FeePolicy(gwei(50), gwei(1), 1250);

        assertThat(policy.affordable(gwei(50))).isTrue();
        assertThat(policy.affordable(gwei(50).add(BigInteger.ONE))).isFalse();
    }

    @Test
    void shouldRaiseBothMaxFeeAndTipByAtLeastTheBumpRoundingUp() {
        FeePolicy policy = new FeePolicy(gwei(1000), BigInteger.valueOf(3), 1250);
        FeePolicy.Fees previous = new FeePolicy.Fees(BigInteger.valueOf(1_000_000_001L), BigInteger.valueOf(3));

        FeePolicy.Replacement replacement = policy.replacement(previous, BigInteger.ONE);

        // 1,000,000,001 * 1.125 = 1,125,000,001.125 -> 1,125,000,002; 3 * 1.125 = 3.375 -> 4
        assertThat(replacement).isEqualTo(new FeePolicy.Replacement.Bumped(
                new FeePolicy.Fees(BigInteger.valueOf(1_125_000_002L), BigInteger.valueOf(4))));
    }

    @Test
    void shouldNotRoundWhenTheBumpIsExact() {
        FeePolicy policy = new FeePolicy(gwei(1000), gwei(1), 1250);

        assertThat(policy.bump(BigInteger.valueOf(8_000))).isEqualTo(BigInteger.valueOf(9_000));
        assertThat(policy.bump(BigInteger.ZERO)).as("a zero tip still rises").isEqualTo(BigInteger.ONE);
    }

    @Test
    void shouldUseALargerConfiguredBump() {
        FeePolicy policy = new FeePolicy(gwei(1000), gwei(1), 5000);

        FeePolicy.Replacement replacement = policy.replacement(new FeePolicy.Fees(gwei(10), gwei(2)), BigInteger.ONE);

        assertThat(((FeePolicy.Replacement.Bumped) replacement).fees())
                .isEqualTo(new FeePolicy.Fees(gwei(15), gwei(3)));
    }

    @Test
    void shouldFollowTheBaseFeeWhenItRoseMoreThanTheBump() {
        FeePolicy policy = new FeePolicy(gwei(1000), gwei(2), 1250);
        FeePolicy.Fees previous = policy.initial(gwei(10)); // 22 gwei, tip 2

        FeePolicy.Replacement replacement = policy.replacement(previous, gwei(40));

        assertThat(((FeePolicy.Replacement.Bumped) replacement).fees().maxFeePerGas()).isEqualTo(gwei(82));
    }

    @Test
    void shouldCapAReplacementAtTheCeilingWhenTheCeilingStillAllowsTheBump() {
        FeePolicy policy = new FeePolicy(gwei(30), gwei(2), 1250);
        FeePolicy.Fees previous = new FeePolicy.Fees(gwei(26), gwei(2));

        FeePolicy.Replacement replacement = policy.replacement(previous, gwei(100));

        FeePolicy.Fees fees = ((FeePolicy.Replacement.Bumped) replacement).fees();
        assertThat(fees.maxFeePerGas()).isEqualTo(gwei(30)); // wanted 202, minimum 29.25: capped at 30
        assertThat(fees.maxPriorityFeePerGas()).isEqualTo(BigInteger.valueOf(2_250_000_000L));
    }

    @Test
    void shouldRefuseAReplacementWhenTheCeilingLeavesNoRoomForTheBump() {
        FeePolicy policy = new FeePolicy(gwei(30), gwei(2), 1250);
        FeePolicy.Fees previous = new FeePolicy.Fees(gwei(28), gwei(2));

        FeePolicy.Replacement replacement = policy.replacement(previous, gwei(1));

        assertThat(replacement).isInstanceOf(FeePolicy.Replacement.NoRoom.class);
        assertThat(((FeePolicy.Replacement.NoRoom) replacement).reason())
                .contains("31500000000").contains("12.5%").contains("ceiling of 30000000000");
    }

    @Test
    void shouldRaiseATipThatEqualsTheMaxFeeTogetherWithIt() {
        FeePolicy policy = new FeePolicy(gwei(30), gwei(2), 1250);
        FeePolicy.Fees previous = new FeePolicy.Fees(gwei(20), gwei(20));

        FeePolicy.Replacement replacement = policy.replacement(previous, gwei(1));

        FeePolicy.Fees fees = ((FeePolicy.Replacement.Bumped) replacement).fees();
        assertThat(fees.maxFeePerGas()).isEqualTo(BigInteger.valueOf(22_500_000_000L));
        assertThat(fees.maxPriorityFeePerGas()).isEqualTo(BigInteger.valueOf(22_500_000_000L));
    }

    @Test
    void shouldRefuseABumpBelowTwelveAndAHalfPercent() {
        assertThatThrownBy(() -> new FeePolicy(gwei(30), gwei(2), 1249))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12.5%");
    }
}
