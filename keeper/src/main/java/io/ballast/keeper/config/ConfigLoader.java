package io.ballast.keeper.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Builds a {@link KeeperConfig} from, in rising precedence: {@link ConfigKey} defaults, a properties file, the
 * {@code BALLAST_*} environment, and explicit overrides (command-line options). Blank values count as unset. Secrets
 * are read from the environment (or a password file) only: a config file holding one is refused, so keys do not end
 * up in files that get copied around. Every error names the setting and where its value came from.
 */
public final class ConfigLoader {
    /** Keys refused in a config file, with where the secret must come from instead. */
    private static final Map<String, String> SECRET_KEYS = Map.of(
            "private-key", KeySource.PRIVATE_KEY_ENV,
            "keeper-private-key", KeySource.PRIVATE_KEY_ENV,
            "keystore-password", KeySource.KEYSTORE_PASSWORD_ENV + " or keystore-password-file");

    private record Resolved(String value, String source) {}

    private final Map<String, String> env;
    private final Map<ConfigKey, Resolved> resolved = new EnumMap<>(ConfigKey.class);

    private ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @param file a properties file ({@code key = value}, keys as in {@link ConfigKey#key()}), or null for none
     * @param env the environment, normally {@code System.getenv()}
     * @param overrides values that win over everything else, normally from command-line options
     */
    public static KeeperConfig load(Path file, Map<String, String> env, Map<ConfigKey, String> overrides) {
        ConfigLoader loader = new ConfigLoader(env);
        Map<ConfigKey, String> fromFile = file == null ? Map.of() : readFile(file);
        for (ConfigKey key : ConfigKey.values()) {
            String override = overrides.get(key);
            String fromEnv = env.get(key.env());
            if (isSet(override)) {
                loader.resolved.put(key, new Resolved(override, key.option()));
            } else if (isSet(fromEnv)) {
                loader.resolved.put(key, new Resolved(fromEnv, key.env()));
            } else if (isSet(fromFile.get(key))) {
                loader.resolved.put(key, new Resolved(fromFile.get(key), "config file " + file));
            } else {
                key.defaultValue().ifPresent(d -> loader.resolved.put(key, new Resolved(d, "default")));
            }
        }
        try {
            return loader.build();
        } catch (ConfigException e) {
            throw e.key().map(loader.resolved::get)
                    .map(r -> new ConfigException(e.key().get(), e.getMessage() + " (from " + r.source() + ")"))
                    .orElse(e);
        }
    }

    /** Reads a properties file; unknown keys (typos) and secrets are refused. */
    public static Map<ConfigKey, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not a file");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config file " + file + " cannot be read as properties: "
                    + e.getClass().getSimpleName());
        }
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (String name : properties.stringPropertyNames()) {
            if (SECRET_KEYS.containsKey(name)) {
                throw new ConfigException("config file " + file + " holds the secret '" + name
                        + "': secrets are never read from a file; use " + SECRET_KEYS.get(name));
            }
            ConfigKey key = ConfigKey.byKey(name).orElseThrow(() -> new ConfigException("config file " + file
                    + " has an unknown key '" + name + "' (known keys: " + knownKeys() + ")"));
            values.put(key, properties.getProperty(name));
        }
        return values;
    }

    private KeeperConfig build() {
        return new KeeperConfig(
                value(ConfigKey.RPC_URL).orElse(null),
                value(ConfigKey.CHAIN_ID).map(v -> Values.integer(ConfigKey.CHAIN_ID, v, 1, Long.MAX_VALUE))
                        .orElseThrow(() -> missing(ConfigKey.CHAIN_ID)),
                keySource(),
                Values.addresses(ConfigKey.VAULTS, value(ConfigKey.VAULTS).orElse("")),
                value(ConfigKey.FACTORY).map(v -> Values.address(ConfigKey.FACTORY, v)),
                value(ConfigKey.MULTICALL3).orElse(null),
                Values.duration(ConfigKey.POLL_INTERVAL, require(ConfigKey.POLL_INTERVAL)),
                (int) Values.integer(ConfigKey.PAGE_SIZE, require(ConfigKey.PAGE_SIZE), 1, 1000),
                Values.wei(ConfigKey.MAX_FEE_PER_GAS, require(ConfigKey.MAX_FEE_PER_GAS)),
                Values.wei(ConfigKey.PRIORITY_FEE, require(ConfigKey.PRIORITY_FEE)),
                Values.percentAsBasisPoints(ConfigKey.FEE_BUMP_PERCENT, require(ConfigKey.FEE_BUMP_PERCENT)),
                Values.duration(ConfigKey.RECEIPT_TIMEOUT, require(ConfigKey.RECEIPT_TIMEOUT)),
                Values.duration(ConfigKey.RECEIPT_POLL_INTERVAL, require(ConfigKey.RECEIPT_POLL_INTERVAL)),
                (int) Values.integer(ConfigKey.MAX_ATTEMPTS, require(ConfigKey.MAX_ATTEMPTS), 1, 20),
                (int) Values.integer(ConfigKey.GAS_HEADROOM_PERCENT, require(ConfigKey.GAS_HEADROOM_PERCENT), 0, 200),
                (int) Values.integer(ConfigKey.MAX_IN_FLIGHT, require(ConfigKey.MAX_IN_FLIGHT), 1, 256),
                Values.port(ConfigKey.METRICS_PORT, require(ConfigKey.METRICS_PORT)),
                require(ConfigKey.METRICS_HOST));
    }

    private KeySource keySource() {
        String rawKey = env.get(KeySource.PRIVATE_KEY_ENV);
        Optional<String> keystore = value(ConfigKey.KEYSTORE);
        if (isSet(rawKey) && keystore.isPresent()) {
            throw new ConfigException(ConfigKey.KEYSTORE, "both a keystore and " + KeySource.PRIVATE_KEY_ENV
                    + " are set: set only one");
        }
        if (isSet(rawKey)) {
            return new KeySource.PrivateKey(Secret.of(rawKey));
        }
        if (keystore.isEmpty()) {
            throw new ConfigException(ConfigKey.KEYSTORE, "no keeper key: set keystore (" + ConfigKey.KEYSTORE.env()
                    + " or " + ConfigKey.KEYSTORE.option() + ") or " + KeySource.PRIVATE_KEY_ENV);
        }
        Path file = Path.of(keystore.get().strip());
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(ConfigKey.KEYSTORE, "keystore: '" + file + "' does not exist or is not a file");
        }
        String passwordEnv = env.get(KeySource.KEYSTORE_PASSWORD_ENV);
        Optional<String> passwordFile = value(ConfigKey.KEYSTORE_PASSWORD_FILE);
        if (passwordEnv != null && passwordFile.isPresent()) {
            throw new ConfigException(ConfigKey.KEYSTORE_PASSWORD_FILE, "both " + KeySource.KEYSTORE_PASSWORD_ENV
                    + " and keystore-password-file are set: set only one");
        }
        if (passwordEnv != null) {
            return new KeySource.Keystore(file, Secret.of(passwordEnv));
        }
        if (passwordFile.isEmpty()) {
            throw new ConfigException(ConfigKey.KEYSTORE_PASSWORD_FILE, "keystore " + file + " needs a password: set "
                    + KeySource.KEYSTORE_PASSWORD_ENV + " or keystore-password-file");
        }
        return new KeySource.Keystore(file, Secret.of(readPassword(Path.of(passwordFile.get().strip()))));
    }

    /** The file's content without its final line break(s); other whitespace belongs to the password. */
    private static String readPassword(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(ConfigKey.KEYSTORE_PASSWORD_FILE, "keystore-password-file: '" + file
                    + "' does not exist or is not a file");
        }
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            return content.replaceAll("[\\r\\n]+$", "");
        } catch (IOException e) {
            throw new ConfigException(ConfigKey.KEYSTORE_PASSWORD_FILE, "keystore-password-file: '" + file
                    + "' cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Optional<String> value(ConfigKey key) {
        return Optional.ofNullable(resolved.get(key)).map(Resolved::value).filter(ConfigLoader::isSet);
    }

    private String require(ConfigKey key) {
        return value(key).orElseThrow(() -> missing(key));
    }

    private static ConfigException missing(ConfigKey key) {
        return new ConfigException(key, key.key() + " is required (set " + key.env() + ", " + key.option() + " or "
                + key.key() + " in the config file)");
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static String knownKeys() {
        return String.join(", ", java.util.Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList());
    }

    /** The environment variables the keeper reads, secrets included (for help texts). */
    public static Set<String> environmentVariables() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (ConfigKey key : ConfigKey.values()) {
            names.add(key.env());
        }
        names.add(KeySource.PRIVATE_KEY_ENV);
        names.add(KeySource.KEYSTORE_PASSWORD_ENV);
        return names;
    }
}
