package io.ballast.keeper.act;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RejectionTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // geth / erigon
        "already known|ALREADY_KNOWN",
        "nonce too low: next nonce 5, tx nonce 4|NONCE_TOO_LOW",
        "nonce too high|NONCE_TOO_HIGH",
        "replacement transaction underpriced|REPLACEMENT_UNDERPRICED",
        "transaction underpriced: tip needed 1, tip permitted 0|FEE_TOO_LOW",
        "max fee per gas less than block base fee: address 0x1, maxFeePerGas: 1, baseFee: 7|FEE_TOO_LOW",
        "insufficient funds for gas * price + value: balance 0, tx cost 1|INSUFFICIENT_FUNDS",
        // Hardhat 3 (EDR), as observed on a local node
        "Known transaction: 0x01bf13e6549d10ccf40d7ba1c26214e123485b8d2b9f656f8f67f1356a8150a0|ALREADY_KNOWN",
        "Transaction nonce too low. Expected nonce to be at least 1 but got 0.|NONCE_TOO_LOW",
        "Nonce too high. Expected nonce to be 1 but got 11. Note that transactions can't be queued when automining."
                + "|NONCE_TOO_HIGH",
        "Replacement transaction underpriced. A gasPrice/maxFeePerGas of at least 3300000000 is necessary to replace"
                + " the existing transaction with nonce 0.|REPLACEMENT_UNDERPRICED",
        "Transaction maxFeePerGas (2) is too low for the next block, which has a baseFeePerGas of 765701563"
                + "|FEE_TOO_LOW",
        "Sender doesn't have enough funds to send tx. The max upfront cost is: 210000000000001 and the sender's"
                + " balance is: 0.|INSUFFICIENT_FUNDS",
        "VM Exception while processing transaction: reverted with an unrecognized custom error|OTHER",
        // Besu, Nethermind
        "NONCE_TOO_LOW|NONCE_TOO_LOW",
        "TRANSACTION_REPLACEMENT_UNDERPRICED|REPLACEMENT_UNDERPRICED",
        "OldNonce|NONCE_TOO_LOW",
        "AlreadyKnown|ALREADY_KNOWN",
        "FeeTooLow|FEE_TOO_LOW",
        "something else entirely|OTHER"})
    void shouldClassifyWhatNodesSayWhenTheyRefuseATransaction(String message, Rejection expected) {
        assertThat(Rejection.classify(message)).isEqualTo(expected);
    }
}
