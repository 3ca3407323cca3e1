package io.ballast.keeper.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every non-secret setting, with its key in a config file, its {@code BALLAST_*} environment variable and its
 * {@code --option} (all three spelled from {@link #key()}), and its default. The two secrets are not settings: they
 * come from {@link KeySource#PRIVATE_KEY_ENV} and {@link KeySource#KEYSTORE_PASSWORD_ENV} (or a password file) only.
 */
public enum ConfigKey {
    RPC_URL("rpc-url", null, "JSON-RPC endpoint, http:// or https://"),
    CHAIN_ID("chain-id", null, "chain id the endpoint must report; the keeper refuses to start on any other"),
    KEYSTORE("keystore", null, "encrypted JSON keystore of the keeper account (or set BALLAST_KEEPER_PRIVATE_KEY)"),
    KEYSTORE_PASSWORD_FILE("keystore-password-file", null,
            "file holding the keystore password (or set BALLAST_KEYSTORE_PASSWORD)"),
    VAULTS("vaults", "", "vault addresses, comma-separated"),
    FACTORY("factory", null, "vault factory whose registry lists more vaults (vaultsCount / vaults(offset, limit))"),
    MULTICALL3("multicall3", "0xcA11bde05977b3631167028862bE2a173976CA11", "Multicall3 (aggregate3) address"),
    POLL_INTERVAL("poll-interval", "15s", "time between scans (500ms, 15s, 2m or ISO-8601)"),
    PAGE_SIZE("page-size", "100", "vaults per Multicall3 eth_call and per factory page (1..1000)"),
    MAX_FEE_PER_GAS("max-fee-per-gas", "100gwei", "ceiling on max fee per gas, including every replacement"),
    PRIORITY_FEE("priority-fee", "1gwei", "max priority fee per gas (tip) of a first send"),
    FEE_BUMP_PERCENT("fee-bump-percent", "12.5", "fee increase of a replacement, in percent (at least 12.5)"),
    RECEIPT_TIMEOUT("receipt-timeout", "60s", "wait for a receipt before replacing the transaction"),
    RECEIPT_POLL_INTERVAL("receipt-poll-interval", "1s", "time between receipt polls"),
    MAX_ATTEMPTS("max-attempts", "5", "versions of one transaction (first send plus replacements), 1..20"),
    GAS_HEADROOM_PERCENT("gas-headroom-percent", "25", "gas limit above eth_estimateGas, in percent (0..200)"),
    MAX_IN_FLIGHT("max-in-flight", "8", "upkeeps sent and awaited at the same time (1..256)"),
    METRICS_PORT("metrics-port", "9464", "port of /metrics and /health; 0 picks a free port; off disables"),
    METRICS_HOST("metrics-host", "127.0.0.1", "address the metrics server binds to");

    /** Prefix of every environment variable the keeper reads. */
    public static final String ENV_PREFIX = "BALLAST_";

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The key in a config file, e.g. {@code poll-interval}. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code BALLAST_POLL_INTERVAL}. */
    public String env() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The command-line option, e.g. {@code --poll-interval}. */
    public String option() {
        return "--" + key;
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String description() {
        return description;
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
