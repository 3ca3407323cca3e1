package io.ballast.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HardhatAccountsTest {
    @Test
    void shouldDeriveHardhatsDocumentedDefaultAddresses() {
        // the addresses Hardhat prints for its public test mnemonic
        assertThat(HardhatAccounts.account(0).getAddress()).isEqualToIgnoringCase(
                "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(HardhatAccounts.account(1).getAddress()).isEqualToIgnoringCase(
                "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    }

    @Test
    void shouldRefuseAnIndexOutsideTheDefaultAccounts() {
        assertThatThrownBy(() -> HardhatAccounts.account(20)).hasMessageContaining("0..19");
    }
}
