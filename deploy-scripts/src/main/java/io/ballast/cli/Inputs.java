package io.ballast.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.web3j.crypto.Keys;

/** Parsing of user input for the CLI: each failure is an {@link InputException} with a one-line message. */
public final class Inputs {
    private Inputs() {}

    /** Input the user can correct; the CLI prints its message alone and exits with code 2. */
    public static final class InputException extends IllegalArgumentException {
        public InputException(String message) {
            super(message);
        }
    }

    /**
     * An Ethereum address: 0x and 40 hex digits. A mixed-case address must carry a valid EIP-55 checksum, since a
     * typo in it would otherwise send funds nowhere.
     */
    public static String address(String what, String text) {
        String value = text == null ? "" : text.strip();
        if (!value.matches("0x[0-9a-fA-F]{40}")) {
            throw new InputException(what + " '" + value + "' is not an address (0x followed by 40 hex digits)");
        }
        String digits = value.substring(2);
        boolean mixedCase = !digits.equals(digits.toLowerCase()) && !digits.equals(digits.toUpperCase());
        if (mixedCase && !Keys.toChecksumAddress(value).equals(value)) {
            throw new InputException(what + " '" + value + "' has a wrong EIP-55 checksum; check it for typos");
        }
        return value.toLowerCase();
    }

    /** A positive decimal amount of a token with {@code decimals} decimals, as raw units. */
    public static BigInteger amount(String what, String text, int decimals, String symbol) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InputException(what + " '" + text + "' is not a number");
        }
        if (value.signum() <= 0) {
            throw new InputException(what + " must be positive, got " + value.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > decimals) {
            throw new InputException(what + " " + value.toPlainString() + " has more decimals than " + symbol
                    + " allows (" + decimals + ")");
        }
        return value.movePointRight(decimals).toBigIntegerExact();
    }

    /** Refuses to act on a chain other than the one expected. */
    public static void requireChain(long expected, long actual, String rpc) {
        if (expected != actual) {
            throw new InputException("wrong chain: " + rpc + " is chain " + actual + ", expected " + expected);
        }
    }
}
