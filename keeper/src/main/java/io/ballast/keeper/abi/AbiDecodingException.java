package io.ballast.keeper.abi;

/** Return data that does not have the shape the ABI promises (wrong length, bad offset, not a bool). */
public final class AbiDecodingException extends Exception {
    public AbiDecodingException(String message) {
        super(message);
    }
}
