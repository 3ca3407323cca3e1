package io.ballast.chain;

/** A transaction or call that the chain refused; the message is the node's, {@code data} the raw revert data. */
public final class TransactionRevertedException extends RuntimeException {
    private final transient Object data;

    public TransactionRevertedException(String message, Object data) {
        super(message);
        this.data = data;
    }

    /** The revert data as the node returned it (usually a hex string), or null. */
    public Object data() {
        return data;
    }
}
