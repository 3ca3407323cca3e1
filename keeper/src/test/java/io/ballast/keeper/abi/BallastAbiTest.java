package io.ballast.keeper.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

class BallastAbiTest {
    private static byte[] encode(org.web3j.abi.datatypes.Type<?>... values) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(values)));
    }

    @Test
    void shouldEncodeTheVaultAndFactoryCallsWithTheirSelectors() {
        assertThat(Numeric.toHexString(BallastAbi.checkUpkeep(new byte[0])).substring(0, 10)).isEqualTo("0x6e04ff0d");
        assertThat(Numeric.toHexString(BallastAbi.performUpkeep(new byte[0])).substring(0, 10))
                .isEqualTo("0x4585e33b");
        assertThat(Numeric.toHexString(BallastAbi.claimBounty())).isEqualTo(RevertReasons.selector("claimBounty()"));
        assertThat(Numeric.toHexString(BallastAbi.vaultsCount())).isEqualTo(RevertReasons.selector("vaultsCount()"));
        assertThat(Numeric.toHexString(BallastAbi.vaults(0, 100)).substring(0, 10))
                .isEqualTo(RevertReasons.selector("vaults(uint256,uint256)"));
    }

    @Test
    void shouldDecodeACheckUpkeepAnswer() throws Exception {
        BallastAbi.CheckResult due = BallastAbi.decodeCheckUpkeep(encode(new Bool(true),
                new DynamicBytes(new byte[] {1, 2, 3})));
        BallastAbi.CheckResult notDue = BallastAbi.decodeCheckUpkeep(encode(new Bool(false),
                new DynamicBytes(new byte[0])));

        assertThat(due).isEqualTo(new BallastAbi.CheckResult(true, new byte[] {1, 2, 3}));
        assertThat(notDue.upkeepNeeded()).isFalse();
        assertThat(notDue.performData()).isEmpty();
    }

    @Test
    void shouldRefuseACheckUpkeepAnswerOfTheWrongShape() {
        byte[] valid = encode(new Bool(true), new DynamicBytes(new byte[] {1, 2, 3}));
        byte[] notABool = valid.clone();
        notABool[31] = 2;
        byte[] truncated = Arrays.copyOf(valid, valid.length - 32);
        byte[] badOffset = valid.clone();
        badOffset[63] = (byte) 0xff;

        assertThatThrownBy(() -> BallastAbi.decodeCheckUpkeep(new byte[0])).hasMessageContaining("no data");
        assertThatThrownBy(() -> BallastAbi.decodeCheckUpkeep(notABool)).hasMessageContaining("not a bool");
        assertThatThrownBy(() -> BallastAbi.decodeCheckUpkeep(truncated)).hasMessageContaining("runs past");
        assertThatThrownBy(() -> BallastAbi.decodeCheckUpkeep(badOffset)).hasMessageContaining("outside");
    }

    @Test
    void shouldDecodeAUint256AndRefuseShortData() throws Exception {
        assertThat(BallastAbi.decodeUint256(encode(new Uint256(42)))).isEqualTo(BigInteger.valueOf(42));
        assertThatThrownBy(() -> BallastAbi.decodeUint256(new byte[4])).isInstanceOf(AbiDecodingException.class);
    }

    @Test
    void shouldDescribeRevertsAndNotDueReasons() {
        byte[] errorString = Numeric.hexStringToByteArray("0x08c379a0"
                + FunctionEncoder.encodeConstructor(List.of(new Utf8String("slippage"))));
        byte[] panic = Numeric.hexStringToByteArray("0x4e487b71"
                + FunctionEncoder.encodeConstructor(List.of(new Uint256(0x11))));
        RevertReasons.register("VaultCooldown(uint256)");
        byte[] custom = Numeric.hexStringToByteArray(RevertReasons.selector("VaultCooldown(uint256)")
                + FunctionEncoder.encodeConstructor(List.of(new Uint256(30))));

        assertThat(RevertReasons.describe(errorString)).isEqualTo("Error(\"slippage\")");
        assertThat(RevertReasons.describe(panic)).isEqualTo("Panic(0x11: arithmetic overflow or underflow)");
        assertThat(RevertReasons.describe(custom)).startsWith("VaultCooldown (0x").contains("args 0x");
        assertThat(RevertReasons.describe(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}))
                .isEqualTo("custom error 0xdeadbeef");
        assertThat(RevertReasons.describe(new byte[0])).isEqualTo("no revert data");

        assertThat(RevertReasons.describeReason("within band".getBytes())).isEqualTo("within band");
        assertThat(RevertReasons.describeReason(encode(new Utf8String("heartbeat not due")))).isEqualTo(
                "heartbeat not due");
        assertThat(RevertReasons.describeReason(new byte[] {0, 0, 0, 7})).isEqualTo("code 0x00000007");
        assertThat(RevertReasons.describeReason(new byte[300])).endsWith("...(300 bytes)");
    }

    @Test
    void shouldNameTheVaultErrorsAKeeperMeetsWithoutRegistration() {
        assertThat(RevertReasons.describe(Numeric.hexStringToByteArray(RevertReasons.selector("VaultNothingDue()"))))
                .isEqualTo("VaultNothingDue (0xbcc15a48)");
        byte[] deviation = Numeric.hexStringToByteArray(RevertReasons.selector(
                "VaultPriceDeviation(uint256,uint256,uint256)") + FunctionEncoder.encodeConstructor(List.of(
                new Uint256(1), new Uint256(2), new Uint256(100))));
        assertThat(RevertReasons.describe(deviation)).startsWith("VaultPriceDeviation (0x");
    }
}
