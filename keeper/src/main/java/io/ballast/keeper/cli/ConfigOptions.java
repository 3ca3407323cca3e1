package io.ballast.keeper.cli;

import io.ballast.keeper.config.ConfigKey;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code keeper} and {@code claim}: each maps to a {@link ConfigKey} and wins over the environment
 * and the config file. Values stay text here and are parsed by {@code ConfigLoader}, so a bad value gets the same
 * one-line error whichever way it was given. There is deliberately no option for a private key or a password.
 */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with keeper settings (keys as the options, without --).")
    Path configFile;

    @Option(names = "--rpc-url", paramLabel = "URL", description = "JSON-RPC endpoint (env BALLAST_RPC_URL).")
    String rpcUrl;

    @Option(names = "--chain-id", paramLabel = "ID",
            description = "Chain id the endpoint must report (env BALLAST_CHAIN_ID).")
    String chainId;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "Encrypted JSON keystore of the keeper (env BALLAST_KEYSTORE). Its password comes from "
                    + "BALLAST_KEYSTORE_PASSWORD or --keystore-password-file; a raw key only from "
                    + "BALLAST_KEEPER_PRIVATE_KEY.")
    String keystore;

    @Option(names = "--keystore-password-file", paramLabel = "FILE",
            description = "File holding the keystore password (env BALLAST_KEYSTORE_PASSWORD_FILE).")
    String keystorePasswordFile;

    @Option(names = {"--vaults", "--vault"}, paramLabel = "ADDRESS", split = ",",
            description = "Vault addresses, comma-separated or repeated (env BALLAST_VAULTS).")
    List<String> vaults;

    @Option(names = "--factory", paramLabel = "ADDRESS",
            description = "Vault factory whose registry lists more vaults (env BALLAST_FACTORY).")
    String factory;

    @Option(names = "--max-fee-per-gas", paramLabel = "WEI",
            description = "Ceiling on max fee per gas, replacements included, e.g. 100gwei (env "
                    + "BALLAST_MAX_FEE_PER_GAS; default 100gwei).")
    String maxFeePerGas;

    @Option(names = "--priority-fee", paramLabel = "WEI",
            description = "Priority fee of a first send, e.g. 1gwei (env BALLAST_PRIORITY_FEE; default 1gwei).")
    String priorityFee;

    @Option(names = "--fee-bump-percent", paramLabel = "PERCENT",
            description = "Fee increase of a replacement, at least 12.5 (env BALLAST_FEE_BUMP_PERCENT; default 12.5).")
    String feeBumpPercent;

    @Option(names = "--receipt-timeout", paramLabel = "DURATION",
            description = "Wait for a receipt before replacing, e.g. 60s (env BALLAST_RECEIPT_TIMEOUT; default 60s).")
    String receiptTimeout;

    @Option(names = "--max-attempts", paramLabel = "N",
            description = "Versions of one transaction, first send included (env BALLAST_MAX_ATTEMPTS; default 5).")
    String maxAttempts;

    /** The options given, as config overrides. */
    Map<ConfigKey, String> overrides() {
        Map<ConfigKey, String> overrides = new EnumMap<>(ConfigKey.class);
        put(overrides, ConfigKey.RPC_URL, rpcUrl);
        put(overrides, ConfigKey.CHAIN_ID, chainId);
        put(overrides, ConfigKey.KEYSTORE, keystore);
        put(overrides, ConfigKey.KEYSTORE_PASSWORD_FILE, keystorePasswordFile);
        put(overrides, ConfigKey.VAULTS, vaults == null || vaults.isEmpty() ? null : String.join(",", vaults));
        put(overrides, ConfigKey.FACTORY, factory);
        put(overrides, ConfigKey.MAX_FEE_PER_GAS, maxFeePerGas);
        put(overrides, ConfigKey.PRIORITY_FEE, priorityFee);
        put(overrides, ConfigKey.FEE_BUMP_PERCENT, feeBumpPercent);
        put(overrides, ConfigKey.RECEIPT_TIMEOUT, receiptTimeout);
        put(overrides, ConfigKey.MAX_ATTEMPTS, maxAttempts);
        return overrides;
    }

    static void put(Map<ConfigKey, String> overrides, ConfigKey key, String value) {
        if (value != null) {
            overrides.put(key, value);
        }
    }
}
