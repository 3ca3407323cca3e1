package io.ballast.keeper.cli;

import io.ballast.keeper.KeeperRuntime;
import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.config.ConfigException;
import io.ballast.keeper.config.ConfigKey;
import io.ballast.keeper.config.ConfigLoader;
import io.ballast.keeper.config.KeeperConfig;
import io.ballast.keeper.config.Values;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keeper}: runs the keeper daemon until SIGTERM (or SIGINT). On the signal it stops scanning, lets an upkeep
 * in flight finish or time out, and exits 0. Settings come from {@code --config FILE}, {@code BALLAST_*} variables and
 * options, in rising precedence; see {@link ConfigKey}.
 */
@Command(name = "keeper", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the Ballast keeper: scan vaults with checkUpkeep, send performUpkeep for the due ones, "
                + "serve /metrics and /health. Stops cleanly on SIGTERM.",
        footer = {"", "Secrets are read from the environment only: BALLAST_KEEPER_PRIVATE_KEY (a raw key) or "
                + "BALLAST_KEYSTORE_PASSWORD (with --keystore). Every option has a BALLAST_* variable named after "
                + "it, e.g. --poll-interval and BALLAST_POLL_INTERVAL.",
                "Exit codes: 0 stopped cleanly, 1 failed while running, 2 bad input or wrong chain."})
public final class KeeperCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(KeeperCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--poll-interval", paramLabel = "DURATION",
            description = "Time between scans, e.g. 15s (env BALLAST_POLL_INTERVAL; default 15s).")
    String pollInterval;

    @Option(names = "--page-size", paramLabel = "N",
            description = "Vaults per Multicall3 call (env BALLAST_PAGE_SIZE; default 100).")
    String pageSize;

    @Option(names = "--multicall3", paramLabel = "ADDRESS",
            description = "Multicall3 address (env BALLAST_MULTICALL3; default the canonical 0xcA11...CA11).")
    String multicall3;

    @Option(names = "--max-in-flight", paramLabel = "N",
            description = "Upkeeps in progress at once (env BALLAST_MAX_IN_FLIGHT; default 8).")
    String maxInFlight;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Port of /metrics and /health; 0 for any, off to disable (env BALLAST_METRICS_PORT; "
                    + "default 9464).")
    String metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST",
            description = "Address the metrics server binds to (env BALLAST_METRICS_HOST; default 127.0.0.1).")
    String metricsHost;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final CliSupport.RuntimeStarter starter;
    private final boolean handleSignals;

    /** The command as the CLI runs it: real environment, HTTP connection, SIGTERM handling. */
    public KeeperCommand() {
        this(System.getenv(), KeeperRuntime::start, true);
    }

    /**
     * @param env the environment to read {@code BALLAST_*} from
     * @param starter how to start the runtime from the config
     * @param handleSignals whether to install the shutdown hook that turns SIGTERM into a clean exit 0
     */
    public KeeperCommand(Map<String, String> env, CliSupport.RuntimeStarter starter, boolean handleSignals) {
        this.env = Map.copyOf(env);
        this.starter = starter;
        this.handleSignals = handleSignals;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        KeeperConfig config;
        try {
            config = ConfigLoader.load(options.configFile, env, overrides());
        } catch (ConfigException e) {
            return CliSupport.fail(err, CliSupport.BAD_INPUT, e.getMessage(), env);
        }
        KeeperRuntime runtime;
        try {
            runtime = starter.start(config);
        } catch (ConfigException e) {
            return CliSupport.fail(err, CliSupport.BAD_INPUT, e.getMessage(), env);
        } catch (ChainException e) {
            return CliSupport.fail(err, CliSupport.FAILED, "cannot start: " + Values.redactUrl(config.rpcUrl())
                    + ": " + e.getMessage(), env);
        } catch (RuntimeException e) {
            return CliSupport.fail(err, CliSupport.FAILED, "cannot start: " + e.getMessage(), env);
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = handleSignals ? installShutdownHook(runtime, finished) : null;
        try (runtime) {
            runtime.metricsServer().ifPresent(s -> LOG.info("action=serving metrics_port={}", s.port()));
            runtime.keeper().run();
        } catch (RuntimeException e) {
            LOG.error("action=keeper failed=true error=\"{}\"", e.toString(), e);
            return CliSupport.fail(err, CliSupport.FAILED, "keeper stopped: " + e.getMessage(), env);
        } finally {
            finished.countDown();
            removeQuietly(hook);
        }
        return 0;
    }

    private Map<ConfigKey, String> overrides() {
        Map<ConfigKey, String> overrides = options.overrides();
        ConfigOptions.put(overrides, ConfigKey.POLL_INTERVAL, pollInterval);
        ConfigOptions.put(overrides, ConfigKey.PAGE_SIZE, pageSize);
        ConfigOptions.put(overrides, ConfigKey.MULTICALL3, multicall3);
        ConfigOptions.put(overrides, ConfigKey.MAX_IN_FLIGHT, maxInFlight);
        ConfigOptions.put(overrides, ConfigKey.METRICS_PORT, metricsPort);
        ConfigOptions.put(overrides, ConfigKey.METRICS_HOST, metricsHost);
        return overrides;
    }

    /**
     * On SIGTERM/SIGINT the JVM runs shutdown hooks: this one stops the loop, waits for the in-flight upkeep (bounded
     * by the send's worst case), then halts with status 0, since a JVM ended by a signal would otherwise exit 143.
     * After a normal return it does nothing.
     */
    private static Thread installShutdownHook(KeeperRuntime runtime, CountDownLatch finished) {
        Duration grace = runtime.sender().settings().worstCase().plusSeconds(10);
        Thread hook = new Thread(() -> {
            if (finished.getCount() == 0) {
                return;
            }
            LOG.info("action=shutdown reason=signal grace_ms={}", grace.toMillis());
            runtime.keeper().stop();
            try {
                if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("action=shutdown note=\"grace period over: exiting with upkeeps unfinished\"");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("action=shutdown done=true exit=0");
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(0);
        }, "keeper-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeQuietly(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running and will exit
        }
    }
}
