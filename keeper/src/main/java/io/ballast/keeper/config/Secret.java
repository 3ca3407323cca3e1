package io.ballast.keeper.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret string (a private key, a keystore password). {@link #toString()} never shows it, so it is safe inside
 * records, log lines and exception messages; only {@link #reveal()} gives the value, at the one place that needs it.
 */
public final class Secret {
    private static final String REDACTED = "****";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a secret cannot be null");
        }
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isBlank() {
        return value.isBlank();
    }

    @Override
    public String toString() {
        return REDACTED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // never derived from the value
    }
}
