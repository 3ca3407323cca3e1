package io.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class InputsTest {
    @Test
    void addressShouldAcceptLowerUpperAndValidChecksumAndRefuseTheRest() {
        assertThat(Inputs.address("vault", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"))
                .isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assertThat(Inputs.address("vault", " 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 "))
                .isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assertThatThrownBy(() -> Inputs.address("vault", "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
                .isInstanceOf(Inputs.InputException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> Inputs.address("vault", "0x1234"))
                .hasMessage("vault '0x1234' is not an address (0x followed by 40 hex digits)");
        assertThatThrownBy(() -> Inputs.address("vault", null)).hasMessageContaining("is not an address");
    }

    @Test
    void amountShouldScaleToRawUnitsAndRefuseExtraDecimalsZeroAndText() {
        assertThat(Inputs.amount("amount", "1.5", 6, "USDC")).isEqualTo(BigInteger.valueOf(1_500_000));
        assertThat(Inputs.amount("amount", "2.10", 1, "X")).isEqualTo(BigInteger.valueOf(21));
        assertThatThrownBy(() -> Inputs.amount("amount", "1.0000001", 6, "USDC"))
                .hasMessage("amount 1.0000001 has more decimals than USDC allows (6)");
        assertThatThrownBy(() -> Inputs.amount("amount", "0", 6, "USDC")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> Inputs.amount("amount", "ten", 6, "USDC")).hasMessageContaining("is not a number");
    }

    @Test
    void requireChainShouldNameBothChains() {
        Inputs.requireChain(1, 1, "http://x");
        assertThatThrownBy(() -> Inputs.requireChain(1, 31337, "http://127.0.0.1:8545"))
                .hasMessage("wrong chain: http://127.0.0.1:8545 is chain 31337, expected 1");
    }
}
