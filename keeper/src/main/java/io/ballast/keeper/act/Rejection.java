package io.ballast.keeper.act;

import java.util.Locale;

/**
 * What a node meant by refusing {@code eth_sendRawTransaction}, from its message. Nodes word these differently
 * (geth: "nonce too low", "already known"; Hardhat: "Transaction nonce too low", "Known transaction"; Besu:
 * "NONCE_TOO_LOW"; Nethermind: "OldNonce", "AlreadyKnown"), so matching is on normalised text.
 */
public enum Rejection {
    /** The node already has this exact transaction: it was sent, nothing to do. */
    ALREADY_KNOWN,
    /** The nonce is used: a version of this transaction (or another of this account) was mined. */
    NONCE_TOO_LOW,
    /** A nonce gap: the local nonce is ahead of the chain. */
    NONCE_TOO_HIGH,
    /** A transaction with this nonce is pending and pays more than this one may replace. */
    REPLACEMENT_UNDERPRICED,
    /** The fees are below what the node or the next block accepts. */
    FEE_TOO_LOW,
    /** The account cannot pay for gas. */
    INSUFFICIENT_FUNDS,
    /** Anything else (including Hardhat's "reverted" for a transaction it mined at once). */
    OTHER;

    public static Rejection classify(String nodeMessage) {
        String m = nodeMessage == null ? "" : nodeMessage.toLowerCase(Locale.ROOT).replace('_', ' ');
        String squashed = m.replace(" ", "");
        if (m.contains("already known") || m.contains("known transaction") || squashed.contains("alreadyknown")
                || m.contains("already imported") || m.contains("already exists")) {
            return ALREADY_KNOWN;
        }
        if (squashed.contains("noncetoolow") || squashed.contains("nonceistoolow") || squashed.contains("oldnonce")
                || m.contains("nonce has already been used")) {
            return NONCE_TOO_LOW;
        }
        if (squashed.contains("noncetoohigh") || m.contains("nonce gap")) {
            return NONCE_TOO_HIGH;
        }
        if (squashed.contains("replacementtransactionunderpriced") || squashed.contains("replacementunderpriced")
                || squashed.contains("replacementnotallowed")) {
            return REPLACEMENT_UNDERPRICED;
        }
        if (m.contains("underpriced") || m.contains("base fee") || m.contains("basefee")
                || m.contains("too low for the next block") || squashed.contains("feetoolow")
                || m.contains("fee cap less") || m.contains("gas price too low") || squashed.contains("feecaptoolow")) {
            return FEE_TOO_LOW;
        }
        if (m.contains("insufficient funds") || m.contains("enough funds") || squashed.contains("insufficientfunds")) {
            return INSUFFICIENT_FUNDS;
        }
        return OTHER;
    }
}
