package io.ballast.keeper.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a keeper runs with, immutable and validated. Build it from a file and the environment with
 * {@link ConfigLoader}, or in code with {@link #builder()} (defaults are those of {@link ConfigKey}).
 * {@link #toString()} shows no secret: the key source redacts itself and the RPC URL is shown without path or query.
 *
 * @param rpcUrl JSON-RPC endpoint (http or https)
 * @param chainId the chain the endpoint must be on
 * @param key where the signing key comes from
 * @param vaults vaults listed explicitly (checksummed, no duplicates)
 * @param factory a vault factory whose registry is read for more vaults
 * @param multicall3 address of Multicall3 ({@code aggregate3})
 * @param pollInterval time between scans
 * @param pageSize vaults per {@code aggregate3} call and per factory page
 * @param maxFeePerGas ceiling on the max fee per gas of any transaction, replacements included (wei)
 * @param priorityFee max priority fee per gas of a first send (wei)
 * @param feeBumpBasisPoints fee increase of a replacement, in basis points (at least 1250 = 12.5%)
 * @param receiptTimeout wait for a receipt before replacing
 * @param receiptPollInterval time between receipt polls
 * @param maxAttempts versions of one transaction: the first send plus replacements
 * @param gasHeadroomPercent gas limit above the estimate
 * @param maxInFlight upkeeps in progress at once (each for a different vault)
 * @param metricsPort metrics and health port; 0 for any free port; -1 when disabled
 * @param metricsHost address the metrics server binds to
 */
public record KeeperConfig(
        String rpcUrl,
        long chainId,
        KeySource key,
        List<String> vaults,
        Optional<String> factory,
        String multicall3,
        Duration pollInterval,
        int pageSize,
        BigInteger maxFeePerGas,
        BigInteger priorityFee,
        int feeBumpBasisPoints,
        Duration receiptTimeout,
        Duration receiptPollInterval,
        int maxAttempts,
        int gasHeadroomPercent,
        int maxInFlight,
        int metricsPort,
        String metricsHost) {

    /** Replacements must raise fees by at least 12.5%: EIP-1559's per-block base fee step, above nodes' 10% rule. */
    public static final int MIN_FEE_BUMP_BASIS_POINTS = 1250;

    public KeeperConfig {
        rpcUrl = Values.rpcUrl(ConfigKey.RPC_URL, required(rpcUrl, ConfigKey.RPC_URL));
        if (chainId <= 0) {
            throw new ConfigException(ConfigKey.CHAIN_ID, "chain-id: '" + chainId + "' must be positive");
        }
        if (key == null) {
            throw new ConfigException(ConfigKey.KEYSTORE, "no keeper key: set keystore (with "
                    + KeySource.KEYSTORE_PASSWORD_ENV + " or keystore-password-file) or " + KeySource.PRIVATE_KEY_ENV);
        }
        vaults = List.copyOf(Values.addresses(ConfigKey.VAULTS,
                String.join(",", Objects.requireNonNullElse(vaults, List.of()))));
        factory = Objects.requireNonNullElse(factory, Optional.<String>empty())
                .map(f -> Values.address(ConfigKey.FACTORY, f));
        if (vaults.isEmpty() && factory.isEmpty()) {
            throw new ConfigException(ConfigKey.VAULTS, "no vaults: set vaults, factory, or both");
        }
        multicall3 = Values.address(ConfigKey.MULTICALL3, required(multicall3, ConfigKey.MULTICALL3));
        positive(pollInterval, ConfigKey.POLL_INTERVAL);
        range(pageSize, 1, 1000, ConfigKey.PAGE_SIZE);
        if (maxFeePerGas == null || maxFeePerGas.signum() <= 0) {
            throw new ConfigException(ConfigKey.MAX_FEE_PER_GAS, "max-fee-per-gas: '" + maxFeePerGas
                    + "' must be positive");
        }
        if (priorityFee == null || priorityFee.signum() < 0 || priorityFee.compareTo(maxFeePerGas) > 0) {
            throw new ConfigException(ConfigKey.PRIORITY_FEE, "priority-fee: '" + priorityFee
                    + "' must be between 0 and max-fee-per-gas (" + maxFeePerGas + " wei)");
        }
        range(feeBumpBasisPoints, MIN_FEE_BUMP_BASIS_POINTS, 100_000, ConfigKey.FEE_BUMP_PERCENT);
        positive(receiptTimeout, ConfigKey.RECEIPT_TIMEOUT);
        positive(receiptPollInterval, ConfigKey.RECEIPT_POLL_INTERVAL);
        if (receiptPollInterval.compareTo(receiptTimeout) > 0) {
            throw new ConfigException(ConfigKey.RECEIPT_POLL_INTERVAL, "receipt-poll-interval: '"
                    + receiptPollInterval + "' must not be longer than receipt-timeout (" + receiptTimeout + ")");
        }
        range(maxAttempts, 1, 20, ConfigKey.MAX_ATTEMPTS);
        range(gasHeadroomPercent, 0, 200, ConfigKey.GAS_HEADROOM_PERCENT);
        range(maxInFlight, 1, 256, ConfigKey.MAX_IN_FLIGHT);
        range(metricsPort, -1, 65_535, ConfigKey.METRICS_PORT);
        metricsHost = required(metricsHost, ConfigKey.METRICS_HOST).strip();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding the same values, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.rpcUrl = rpcUrl;
        b.chainId = chainId;
        b.key = key;
        b.vaults = vaults;
        b.factory = factory.orElse(null);
        b.multicall3 = multicall3;
        b.pollInterval = pollInterval;
        b.pageSize = pageSize;
        b.maxFeePerGas = maxFeePerGas;
        b.priorityFee = priorityFee;
        b.feeBumpBasisPoints = feeBumpBasisPoints;
        b.receiptTimeout = receiptTimeout;
        b.receiptPollInterval = receiptPollInterval;
        b.maxAttempts = maxAttempts;
        b.gasHeadroomPercent = gasHeadroomPercent;
        b.maxInFlight = maxInFlight;
        b.metricsPort = metricsPort;
        b.metricsHost = metricsHost;
        return b;
    }

    public boolean metricsEnabled() {
        return metricsPort >= 0;
    }

    /** Fee bump as a percentage, for messages (12.5). */
    public String feeBumpPercent() {
        return java.math.BigDecimal.valueOf(feeBumpBasisPoints, 2).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return "KeeperConfig[rpcUrl=" + Values.redactUrl(rpcUrl) + ", chainId=" + chainId + ", key=" + key
                + ", vaults=" + vaults + ", factory=" + factory.orElse("none") + ", multicall3=" + multicall3
                + ", pollInterval=" + pollInterval + ", pageSize=" + pageSize + ", maxFeePerGas=" + maxFeePerGas
                + ", priorityFee=" + priorityFee + ", feeBump=" + feeBumpPercent() + "%, receiptTimeout="
                + receiptTimeout + ", receiptPollInterval=" + receiptPollInterval + ", maxAttempts=" + maxAttempts
                + ", gasHeadroomPercent=" + gasHeadroomPercent + ", maxInFlight=" + maxInFlight + ", metrics="
                + (metricsEnabled() ? metricsHost + ":" + metricsPort : "off") + "]";
    }

    private static String required(String value, ConfigKey key) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, key.key() + " is required (set " + key.env() + ", " + key.option()
                    + " or " + key.key() + " in the config file)");
        }
        return value;
    }

    private static void positive(Duration value, ConfigKey key) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigException(key, key.key() + ": '" + value + "' must be positive");
        }
    }

    private static void range(long value, long min, long max, ConfigKey key) {
        if (value < min || value > max) {
            String shown = key == ConfigKey.FEE_BUMP_PERCENT
                    ? java.math.BigDecimal.valueOf(value, 2).stripTrailingZeros().toPlainString() + "%"
                    : Long.toString(value);
            String bounds = key == ConfigKey.FEE_BUMP_PERCENT
                    ? "at least 12.5% (replacements below that are refused by nodes or mined too slowly)"
                    : "between " + min + " and " + max;
            throw new ConfigException(key, key.key() + ": '" + shown + "' must be " + bounds);
        }
    }

    /** Builds a {@link KeeperConfig}; unset settings take {@link ConfigKey}'s defaults. */
    public static final class Builder {
        private String rpcUrl;
        private long chainId;
        private KeySource key;
        private List<String> vaults = List.of();
        private String factory;
        private String multicall3 = ConfigKey.MULTICALL3.defaultValue().orElseThrow();
        private Duration pollInterval = Values.duration(ConfigKey.POLL_INTERVAL, def(ConfigKey.POLL_INTERVAL));
        private int pageSize = Integer.parseInt(def(ConfigKey.PAGE_SIZE));
        private BigInteger maxFeePerGas = Values.wei(ConfigKey.MAX_FEE_PER_GAS, def(ConfigKey.MAX_FEE_PER_GAS));
        private BigInteger priorityFee = Values.wei(ConfigKey.PRIORITY_FEE, def(ConfigKey.PRIORITY_FEE));
        private int feeBumpBasisPoints =
                Values.percentAsBasisPoints(ConfigKey.FEE_BUMP_PERCENT, def(ConfigKey.FEE_BUMP_PERCENT));
        private Duration receiptTimeout = Values.duration(ConfigKey.RECEIPT_TIMEOUT, def(ConfigKey.RECEIPT_TIMEOUT));
        private Duration receiptPollInterval =
                Values.duration(ConfigKey.RECEIPT_POLL_INTERVAL, def(ConfigKey.RECEIPT_POLL_INTERVAL));
        private int maxAttempts = Integer.parseInt(def(ConfigKey.MAX_ATTEMPTS));
        private int gasHeadroomPercent = Integer.parseInt(def(ConfigKey.GAS_HEADROOM_PERCENT));
        private int maxInFlight = Integer.parseInt(def(ConfigKey.MAX_IN_FLIGHT));
        private int metricsPort = Values.port(ConfigKey.METRICS_PORT, def(ConfigKey.METRICS_PORT));
        private String metricsHost = def(ConfigKey.METRICS_HOST);

        private Builder() {}

        private static String def(ConfigKey key) {
            return key.defaultValue().orElseThrow();
        }

        public Builder rpcUrl(String rpcUrl) {
            this.rpcUrl = rpcUrl;
            return this;
        }

        public Builder chainId(long chainId) {
            this.chainId = chainId;
            return this;
        }

        public Builder key(KeySource key) {
            this.key = key;
            return this;
        }

        /** A raw key, for tests and in-process use; from the command line, only the environment can give one. */
        public Builder privateKey(Secret privateKey) {
            this.key = new KeySource.PrivateKey(privateKey);
            return this;
        }

        public Builder vaults(List<String> vaults) {
            this.vaults = vaults;
            return this;
        }

        public Builder factory(String factory) {
            this.factory = factory;
            return this;
        }

        public Builder multicall3(String multicall3) {
            this.multicall3 = multicall3;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        public Builder maxFeePerGas(BigInteger maxFeePerGas) {
            this.maxFeePerGas = maxFeePerGas;
            return this;
        }

        public Builder priorityFee(BigInteger priorityFee) {
            this.priorityFee = priorityFee;
            return this;
        }

        public Builder feeBumpBasisPoints(int feeBumpBasisPoints) {
            this.feeBumpBasisPoints = feeBumpBasisPoints;
            return this;
        }

        public Builder receiptTimeout(Duration receiptTimeout) {
            this.receiptTimeout = receiptTimeout;
            return this;
        }

        public Builder receiptPollInterval(Duration receiptPollInterval) {
            this.receiptPollInterval = receiptPollInterval;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder gasHeadroomPercent(int gasHeadroomPercent) {
            this.gasHeadroomPercent = gasHeadroomPercent;
            return this;
        }

        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** 0 for any free port, -1 to disable. */
        public Builder metricsPort(int metricsPort) {
            this.metricsPort = metricsPort;
            return this;
        }

        public Builder metricsHost(String metricsHost) {
            this.metricsHost = metricsHost;
            return this;
        }

        public KeeperConfig build() {
            return new KeeperConfig(rpcUrl, chainId, key, vaults, Optional.ofNullable(factory), multicall3,
                    pollInterval, pageSize, maxFeePerGas, priorityFee, feeBumpBasisPoints, receiptTimeout,
                    receiptPollInterval, maxAttempts, gasHeadroomPercent, maxInFlight, metricsPort, metricsHost);
        }
    }
}
