package io.ballast.keeper.act;

import java.math.BigInteger;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** How one attempt to act on a vault ended. {@code action} is {@code upkeep} or {@code claim}. */
public sealed interface SendOutcome {
    String vault();

    String action();

    /** Mined and succeeded. {@code versions} counts the first send and replacements signed for the nonce. */
    record Mined(String vault, String action, TransactionReceipt receipt, BigInteger gasUsed,
            BigInteger effectiveGasPrice, int versions) implements SendOutcome {}

    /** Mined, but reverted on chain (gas was spent): usually a race lost between simulation and inclusion. */
    record Reverted(String vault, String action, TransactionReceipt receipt, BigInteger gasUsed,
            BigInteger effectiveGasPrice) implements SendOutcome {}

    /** Nothing was sent, on purpose: the call would revert now, fees are above the ceiling, or a send is in flight. */
    record Skipped(String vault, String action, String reason) implements SendOutcome {}

    /**
     * Could not be done: the node refused or did not answer, or no receipt came within every attempt. {@code sent}
     * tells whether a transaction reached the node (it may still be mined).
     */
    record Failed(String vault, String action, String error, boolean sent) implements SendOutcome {}
}
