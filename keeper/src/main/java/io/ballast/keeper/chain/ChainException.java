package io.ballast.keeper.chain;

/** A JSON-RPC request that did not give an answer the keeper can use. */
public sealed class ChainException extends Exception
        permits ChainException.Unreachable, ChainException.Rejected {

    ChainException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The node could not be reached or did not answer (connection refused, timeout, HTTP error, unparseable reply).
     * For a send, whether the node got the transaction is unknown.
     */
    public static final class Unreachable extends ChainException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The node answered with a JSON-RPC error. */
    public static sealed class Rejected extends ChainException permits CallReverted {
        private final int code;
        private final String nodeMessage;

        public Rejected(String method, int code, String nodeMessage) {
            super(method + " rejected (" + code + "): " + nodeMessage, null);
            this.code = code;
            this.nodeMessage = nodeMessage == null ? "" : nodeMessage;
        }

        public int code() {
            return code;
        }

        /** The node's own message, for classification ("nonce too low", "already known", ...). */
        public String nodeMessage() {
            return nodeMessage;
        }
    }

    /** An {@code eth_call} or {@code eth_estimateGas} that reverted; {@link #revertData()} is what it reverted with. */
    public static final class CallReverted extends Rejected {
        private final byte[] revertData;

        public CallReverted(String method, int code, String nodeMessage, byte[] revertData) {
            super(method, code, nodeMessage);
            this.revertData = revertData.clone();
        }

        public byte[] revertData() {
            return revertData.clone();
        }
    }
}
