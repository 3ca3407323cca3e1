package io.ballast.keeper;

import io.ballast.keeper.act.BountyReader;
import io.ballast.keeper.act.FeePolicy;
import io.ballast.keeper.act.NonceManager;
import io.ballast.keeper.act.SendSettings;
import io.ballast.keeper.act.Sleeper;
import io.ballast.keeper.act.UpkeepSender;
import io.ballast.keeper.chain.ChainClient;
import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.chain.Web3jChainClient;
import io.ballast.keeper.config.ConfigException;
import io.ballast.keeper.config.ConfigKey;
import io.ballast.keeper.config.KeeperConfig;
import io.ballast.keeper.config.Values;
import io.ballast.keeper.decide.UpkeepScanner;
import io.ballast.keeper.decide.VaultDiscovery;
import io.ballast.keeper.multicall.BatchReader;
import io.ballast.keeper.ops.KeeperMetrics;
import io.ballast.keeper.ops.MetricsServer;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A keeper wired from a {@link KeeperConfig}: checks that the endpoint is on the configured chain (and refuses to
 * start otherwise), loads the key, reads the nonce, builds scanner, sender and loop, and starts the metrics server.
 * Closing it stops the loop, waits for in-progress upkeeps, and releases the connection (if it opened it).
 *
 * <pre>{@code
 * KeeperConfig config = KeeperConfig.builder().rpcUrl("http://127.0.0.1:8545").chainId(31337)
 *         .privateKey(Secret.of(key)).vaults(List.of(vaultA, vaultB)).metricsPort(-1).build();
 * try (KeeperRuntime runtime = KeeperRuntime.start(config)) {
 *     Keeper.Round round = runtime.keeper().runOnce();
 *     Map<String, SendOutcome> outcomes = round.await(Duration.ofMinutes(1));
 * }
 * }</pre>
 */
public final class KeeperRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeeperRuntime.class);

    private final KeeperConfig config;
    private final Web3j web3j;
    private final boolean ownsWeb3j;
    private final ChainClient client;
    private final UpkeepSender sender;
    private final BountyReader bounty;
    private final KeeperMetrics metrics;
    private final Keeper keeper;
    private final MetricsServer metricsServer;

    private KeeperRuntime(KeeperConfig config, Web3j web3j, boolean ownsWeb3j, ChainClient client,
            UpkeepSender sender, BountyReader bounty, KeeperMetrics metrics, Keeper keeper,
            MetricsServer metricsServer) {
        this.config = config;
        this.web3j = web3j;
        this.ownsWeb3j = ownsWeb3j;
        this.client = client;
        this.sender = sender;
        this.bounty = bounty;
        this.metrics = metrics;
        this.keeper = keeper;
        this.metricsServer = metricsServer;
    }

    /** Connects to {@code config.rpcUrl()} over HTTP and starts; the connection is closed with the runtime. */
    public static KeeperRuntime start(KeeperConfig config) throws ChainException {
        Web3j web3j = Web3j.build(new HttpService(config.rpcUrl()));
        try {
            return start(config, web3j, true, Clock.systemUTC(), Sleeper.SYSTEM);
        } catch (ChainException | RuntimeException e) {
            web3j.shutdown();
            throw e;
        }
    }

    /** Starts on a connection the caller owns (and closes), with the given clock and sleeper. */
    public static KeeperRuntime start(KeeperConfig config, Web3j web3j, Clock clock, Sleeper sleeper)
            throws ChainException {
        return start(config, web3j, false, clock, sleeper);
    }

    private static KeeperRuntime start(KeeperConfig config, Web3j web3j, boolean ownsWeb3j, Clock clock,
            Sleeper sleeper) throws ChainException {
        ChainClient client = new Web3jChainClient(web3j);
        verifyChain(client, config);
        Credentials credentials = config.key().load();
        String account = credentials.getAddress();
        LOG.info("action=configure account={} key_source=\"{}\" config={}", account, config.key().describe(), config);

        NonceManager nonces = new NonceManager(client, account);
        FeePolicy fees = new FeePolicy(config.maxFeePerGas(), config.priorityFee(), config.feeBumpBasisPoints());
        SendSettings sendSettings = new SendSettings(config.receiptTimeout(), config.receiptPollInterval(),
                config.maxAttempts(), config.gasHeadroomPercent(), SendSettings.DEFAULT_GAS_LIMIT_CAP);
        UpkeepSender sender = new UpkeepSender(client, credentials, config.chainId(), nonces, fees, sendSettings,
                clock, sleeper);
        VaultDiscovery discovery = new VaultDiscovery(client, config.vaults(), config.factory(), config.pageSize());
        UpkeepScanner scanner = new UpkeepScanner(discovery,
                new BatchReader(web3j, config.multicall3(), config.pageSize()), client, config.pageSize(), clock);
        KeeperMetrics metrics = new KeeperMetrics(clock, config.pollInterval());
        BountyReader bounty = new BountyReader(client, account);
        Keeper keeper = new Keeper(scanner, sender, nonces, bounty, metrics,
                new Keeper.Settings(config.pollInterval(), config.maxInFlight(), sendSettings.worstCase()));
        keeper.start();
        MetricsServer server = config.metricsEnabled()
                ? MetricsServer.start(config.metricsHost(), config.metricsPort(), metrics) : null;
        return new KeeperRuntime(config, web3j, ownsWeb3j, client, sender, bounty, metrics, keeper, server);
    }

    /** Refuses an endpoint on another chain than the configured one: signing for the wrong chain is never right. */
    static void verifyChain(ChainClient client, KeeperConfig config) throws ChainException {
        long actual = client.chainId();
        if (actual != config.chainId()) {
            throw new ConfigException(ConfigKey.CHAIN_ID, "chain-id: the endpoint " + Values.redactUrl(config.rpcUrl())
                    + " is on chain " + actual + " but chain-id is " + config.chainId() + ": refusing to start");
        }
    }

    public KeeperConfig config() {
        return config;
    }

    public Keeper keeper() {
        return keeper;
    }

    public UpkeepSender sender() {
        return sender;
    }

    public BountyReader bounty() {
        return bounty;
    }

    public KeeperMetrics metrics() {
        return metrics;
    }

    public ChainClient client() {
        return client;
    }

    /** The keeper account's address. */
    public String address() {
        return sender.address();
    }

    /** The metrics server, when enabled. */
    public Optional<MetricsServer> metricsServer() {
        return Optional.ofNullable(metricsServer);
    }

    @Override
    public void close() {
        try {
            keeper.close();
        } finally {
            if (metricsServer != null) {
                metricsServer.close();
            }
            if (ownsWeb3j) {
                web3j.shutdown();
            }
        }
    }
}
