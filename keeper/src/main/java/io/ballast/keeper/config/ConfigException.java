package io.ballast.keeper.config;

import java.util.Optional;

/**
 * A configuration the keeper cannot run with. The message names the setting and the bad value, except for secrets,
 * whose values are never put in a message.
 */
public final class ConfigException extends IllegalArgumentException {
    private final transient ConfigKey key;

    public ConfigException(String message) {
        this(null, message);
    }

    public ConfigException(ConfigKey key, String message) {
        super(message);
        this.key = key;
    }

    /** The setting at fault, when there is one. */
    public Optional<ConfigKey> key() {
        return Optional.ofNullable(key);
    }
}
