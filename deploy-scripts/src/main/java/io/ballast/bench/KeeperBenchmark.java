package io.ballast.bench;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalMarketDeployer;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.Units;
import io.ballast.keeper.KeeperRuntime;
import io.ballast.keeper.abi.AbiDecodingException;
import io.ballast.keeper.abi.BallastAbi;
import io.ballast.keeper.act.Sleeper;
import io.ballast.keeper.chain.ChainClient;
import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.chain.Web3jChainClient;
import io.ballast.keeper.config.KeeperConfig;
import io.ballast.keeper.config.Secret;
import io.ballast.keeper.decide.ScanResult;
import io.ballast.keeper.decide.UpkeepScanner;
import io.ballast.keeper.decide.VaultDiscovery;
import io.ballast.keeper.multicall.BatchReader;
import io.ballast.local.BallastHome;
import io.ballast.local.HardhatNode;
import io.ballast.sim.InProcessKeeper;
import io.ballast.sim.MarketSimulator;
import io.ballast.wrappers.BallastVault;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The keeper's benchmark on a fresh local chain (a Hardhat node started here and stopped at the end):
 * <ol>
 *   <li>scan throughput: vaults checked per second by the keeper's scanner, a page of {@value #PAGE_SIZE} vaults per
 *       {@code eth_call} through Multicall3, against the baseline of one {@code eth_call} per vault (what the scanner
 *       falls back to), at 10, 100 and 1,000 real, funded vaults (each check runs the vault's whole policy), on the
 *       local node as it is and with a round trip added to every request;</li>
 *   <li>reaction time: blocks from the block holding a price-feed update to the block holding the upkeep it makes
 *       due, with the keeper running its loop in-process while the node mines a block every second.</li>
 * </ol>
 * Prints a Markdown table and writes {@code bench/keeper.json} under the repository root.
 *
 * <p>Run it after a build: {@code java -cp "deploy-scripts/target/classes:deploy-scripts/target/lib/*"
 * io.ballast.bench.KeeperBenchmark}.
 */
public final class KeeperBenchmark {
    static final int PAGE_SIZE = 100;
    /** A round trip added to every request in the second set of scans: a hosted endpoint in the same region. */
    private static final long ADDED_LATENCY_MS = 20;
    private static final Credentials ADMIN = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
    private static final Credentials KEEPER = HardhatAccounts.account(HardhatAccounts.FIRST_FREE);
    private static final Credentials DEPOSITOR = HardhatAccounts.account(HardhatAccounts.FIRST_FREE + 1);
    private static final BigInteger FLEET_DEPOSIT = Units.raw("10000", 6);
    private static final long BLOCK_TIME_MS = 1000;
    private static final int REACTION_TRIALS = 8;
    /** Keeper poll intervals tried: well under the block time, and the default's ratio (15 s polls, 12 s blocks). */
    private static final long[] POLL_INTERVALS_MS = {250, 1250};
    /** WETH/USD moves between these: a 3% step, enough to take the benchmark vault out of its 0.02 band. */
    private static final BigDecimal LOW = new BigDecimal("2000");
    private static final BigDecimal HIGH = new BigDecimal("2060");

    /** One scan measurement. */
    public record ScanFigure(int vaults, long addedLatencyMs, String mode, double ethCallsPerScan, int scans,
            double medianScanMs, double vaultsPerSecond, double speedupVsPerVault, List<Long> scanMs) {}

    /** Reaction times for one keeper poll interval. */
    public record ReactionFigure(long blockTimeMs, long pollIntervalMs, int trials, List<Long> blocks,
            double medianBlocks, long maxBlocks, List<Long> millis, double medianMillis) {}

    private KeeperBenchmark() {}

    /** Vault counts scanned by default: 10, 100 and 1,000. */
    public static final List<Integer> DEFAULT_SIZES = List.of(10, 100, 1000);

    /** Everything one run measured. */
    public record Report(List<ScanFigure> scans, List<ReactionFigure> reactions, double loadAtStart, double loadAtEnd,
            int fleetSize, double fleetSeconds, double seconds) {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path home = BallastHome.find();
        Report report = run(home, DEFAULT_SIZES, out);
        printTables(out, report);
        Path dir = home.resolve("bench");
        Files.createDirectories(dir);
        Path file = dir.resolve("keeper.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json(report));
        out.printf("%nwrote %s in %.0f s%n", home.relativize(file), report.seconds());
    }

    /**
     * Runs the benchmark on a local chain of its own (started here, stopped at the end): scans of the first
     * {@code sizes} vaults of a fleet as large as the largest size, then the reaction times.
     */
    public static Report run(Path home, List<Integer> sizes, PrintStream out) throws Exception {
        // the scanner logs a line per due vault at info: at 1,000 vaults that would measure the logger
        var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.ballast");
        Level level = logger.getLevel();
        logger.setLevel(Level.WARN);
        long started = System.nanoTime();
        double loadAtStart = loadAverage();
        try (HardhatNode node = HardhatNode.start(home, 0); Chain chain = Chain.connect(node.rpcUrl())) {
            Path manifest = home.resolve(".ballast/bench/market-" + node.port() + ".json");
            Files.deleteIfExists(manifest);
            LocalMarket market = new LocalMarketDeployer(chain, LocalMarketDeployer.Config.defaults()).deploy(manifest);
            out.printf("  keeper: local chain %d at %s, market deployed in %.1f s%n", chain.chainId(), node.rpcUrl(),
                    seconds(started));

            int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
            long fleetStarted = System.nanoTime();
            List<String> fleet = VaultFleet.deploy(market, "bBENCH", largest, PolicySpec.long2x());
            VaultFleet.fund(market, fleet, DEPOSITOR, FLEET_DEPOSIT);
            double fleetSeconds = seconds(fleetStarted);
            out.printf("  keeper: deployed and funded %,d vaults (one shared price module) in %.1f s%n", fleet.size(),
                    fleetSeconds);

            List<ScanFigure> scans = new ArrayList<>();
            for (int size : sizes) {
                scans.addAll(measureScans(node.rpcUrl(), market, fleet.subList(0, size), 0, size <= 100 ? 15 : 5));
            }
            for (int size : sizes) {
                scans.addAll(measureScans(node.rpcUrl(), market, fleet.subList(0, size), ADDED_LATENCY_MS,
                        size <= 100 ? 7 : 2));
            }
            out.printf("  keeper: scans done in %.0f s%n", seconds(started));
            List<ReactionFigure> reactions = measureReactions(node.rpcUrl(), market);
            return new Report(scans, reactions, loadAtStart, loadAverage(), fleet.size(), fleetSeconds,
                    seconds(started));
        } finally {
            logger.setLevel(level);
        }
    }

    // ------------------------------------------------------------------ scan throughput

    /**
     * Scans {@code vaults} both ways, alternating (so neither gains from the node warming up), {@code scans} times
     * each, every request delayed by {@code latencyMs} first (a network round trip the local node does not have).
     */
    private static List<ScanFigure> measureScans(String rpcUrl, LocalMarket market, List<String> vaults,
            long latencyMs, int scans) throws Exception {
        CountingHttpService rpc = new CountingHttpService(rpcUrl, latencyMs);
        Web3j web3j = Web3j.build(rpc);
        try {
            ChainClient client = new Web3jChainClient(web3j);
            int n = vaults.size();
            UpkeepScanner scanner = new UpkeepScanner(new VaultDiscovery(client, vaults, Optional.empty(), PAGE_SIZE),
                    new BatchReader(web3j, market.manifest().address("multicall3"), PAGE_SIZE), client, PAGE_SIZE,
                    Clock.systemUTC());
            if (latencyMs == 0) { // warm-up, and a check that every vault runs its policy
                requireAllDue(scanner.scan(), n);
                checkEachVault(client, vaults);
            }
            List<Double> batched = new ArrayList<>();
            List<Double> perVault = new ArrayList<>();
            long batchedCalls = 0;
            long perVaultCalls = 0;
            for (int i = 0; i < scans; i++) {
                long calls = rpc.ethCalls.get();
                long t = System.nanoTime();
                ScanResult result = scanner.scan();
                batched.add((System.nanoTime() - t) / 1e6);
                batchedCalls += rpc.ethCalls.get() - calls;
                requireAllDue(result, n);

                calls = rpc.ethCalls.get();
                t = System.nanoTime();
                checkEachVault(client, vaults);
                perVault.add((System.nanoTime() - t) / 1e6);
                perVaultCalls += rpc.ethCalls.get() - calls;
            }
            double batchedMs = median(batched);
            double perVaultMs = median(perVault);
            return List.of(
                    new ScanFigure(n, latencyMs, "batched", batchedCalls / (double) scans, scans, batchedMs,
                            n / (batchedMs / 1000), perVaultMs / batchedMs, rounded(batched)),
                    new ScanFigure(n, latencyMs, "per-vault", perVaultCalls / (double) scans, scans, perVaultMs,
                            n / (perVaultMs / 1000), 1.0, rounded(perVault)));
        } finally {
            web3j.shutdown();
        }
    }

    /** The baseline: one {@code eth_call} per vault, decoded as the scanner decodes it. */
    private static void checkEachVault(ChainClient client, List<String> vaults) throws ChainException,
            AbiDecodingException {
        byte[] check = BallastAbi.checkUpkeep(new byte[0]);
        for (String vault : vaults) {
            if (!BallastAbi.decodeCheckUpkeep(client.call(null, vault, check)).upkeepNeeded()) {
                throw new IllegalStateException(vault + " is not due: the benchmark expects every vault to be");
            }
        }
    }

    private static void requireAllDue(ScanResult result, int n) {
        if (result.decisions().size() != n || result.due().size() != n) {
            throw new IllegalStateException("expected " + n + " due vaults, the scan found " + result.due().size()
                    + " due of " + result.decisions().size() + " (failed: " + result.failed() + ")");
        }
    }

    // ------------------------------------------------------------------ reaction time

    private static List<ReactionFigure> measureReactions(String rpcUrl, LocalMarket market) throws Exception {
        Chain chain = market.chain();
        MarketSimulator simulator = new MarketSimulator(market, 5);
        LocalVault vault = reactiveVault(market, simulator);
        List<ReactionFigure> figures = new ArrayList<>();
        chain.raw("evm_setAutomine", List.of(false));
        chain.raw("evm_setIntervalMining", List.of(BLOCK_TIME_MS));
        try {
            for (long poll : POLL_INTERVALS_MS) {
                figures.add(reactions(rpcUrl, market, simulator, vault, poll));
            }
        } finally {
            chain.raw("evm_setIntervalMining", List.of(0));
            chain.raw("evm_setAutomine", List.of(true));
        }
        return figures;
    }

    /**
     * A levered 2x vault with a tight band (0.02) and a wide pool deviation limit (5%): a 3% feed move makes it due
     * and the upkeep can trade at once, before any arbitrageur realigns the pools, so the time measured is the
     * keeper's alone.
     */
    private static LocalVault reactiveVault(LocalMarket market, MarketSimulator simulator) throws Exception {
        PolicySpec p = PolicySpec.long2x();
        PolicySpec reactive = new PolicySpec(p.targetExposure(), new BigDecimal("0.02"), new BigDecimal("0.01"),
                p.hfFloor(), p.hfTarget(), p.hfCritical(), p.heartbeatSeconds(), p.minChunkSpacingSeconds(),
                p.maxTradeAssets(), p.gasPriceCeilingWei(), p.slippageBps(), 500, p.bountyPremiumBps(),
                p.entryFeeBps(), p.bountyCapPerUpkeep(), p.bountyCapPerDay(), p.exitFeeBps(), p.idleBufferBps());
        LocalVault vault = new BallastDeployer(market).deployVault("bREACT", reactive, List.of(KEEPER.getAddress()));
        BigInteger deposit = Units.raw("50000", 6);
        market.usdc(ADMIN).mint(DEPOSITOR.getAddress(), deposit).send();
        market.usdc(DEPOSITOR).approve(vault.vault(), deposit).send();
        vault.vault(DEPOSITOR).deposit(deposit, DEPOSITOR.getAddress()).send();
        new InProcessKeeper(KEEPER, simulator).serve(vault, 10);
        if (InProcessKeeper.due(vault, KEEPER) != InProcessKeeper.Action.NONE) {
            throw new IllegalStateException("the benchmark vault is still due after levering");
        }
        return vault;
    }

    private static ReactionFigure reactions(String rpcUrl, LocalMarket market, MarketSimulator simulator,
            LocalVault vault, long pollMs) throws Exception {
        Chain chain = market.chain();
        KeeperConfig config = KeeperConfig.builder().rpcUrl(rpcUrl).chainId(chain.chainId())
                .privateKey(Secret.of(Numeric.toHexStringWithPrefixZeroPadded(KEEPER.getEcKeyPair().getPrivateKey(),
                        64)))
                .vaults(List.of(vault.vault())).multicall3(market.manifest().address("multicall3"))
                .pollInterval(Duration.ofMillis(pollMs)).receiptTimeout(Duration.ofSeconds(30))
                .receiptPollInterval(Duration.ofMillis(100)).metricsPort(-1).build();
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        List<Long> blocks = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        try (KeeperRuntime runtime = KeeperRuntime.start(config, web3j, Clock.systemUTC(), Sleeper.SYSTEM)) {
            Thread loop = Thread.ofPlatform().name("bench-keeper").daemon().start(runtime.keeper()::run);
            for (int trial = 0; trial < REACTION_TRIALS; trial++) {
                boolean up = simulator.feedWethInUsdc().compareTo(LOW.add(HIGH).divide(BigDecimal.TWO)) < 0;
                TransactionReceipt update = simulator.setWethPrice(up ? HIGH : LOW);
                long seenAt = System.nanoTime();
                BigInteger updateBlock = update.getBlockNumber();
                BigInteger upkeepBlock = awaitUpkeep(chain, vault.vault(), updateBlock, Duration.ofSeconds(60));
                millis.add((System.nanoTime() - seenAt) / 1_000_000);
                blocks.add(upkeepBlock.subtract(updateBlock).longValueExact());
                simulator.arbitrageur().arbitrageAll(); // realign the pools for the next trial (not timed)
                awaitIdle(runtime, vault);
            }
            runtime.keeper().stop();
            loop.join(Duration.ofSeconds(60));
        } finally {
            web3j.shutdown();
        }
        List<Long> sorted = blocks.stream().sorted().toList();
        return new ReactionFigure(BLOCK_TIME_MS, pollMs, blocks.size(), blocks, medianLong(blocks),
                sorted.getLast(), millis, medianLong(millis));
    }

    /** The block of the first {@code UpkeepPerformed} of {@code vault} after {@code after}. */
    private static BigInteger awaitUpkeep(Chain chain, String vault, BigInteger after, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String topic = EventEncoder.encode(BallastVault.UPKEEPPERFORMED_EVENT);
        while (System.nanoTime() < deadline) {
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(after.add(BigInteger.ONE)),
                    DefaultBlockParameterName.LATEST, vault);
            filter.addSingleTopic(topic);
            var logs = Chain.call(chain.web3j().ethGetLogs(filter)).getLogs();
            if (!logs.isEmpty()) {
                return ((EthLog.LogObject) logs.getFirst()).getBlockNumber();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no upkeep of " + vault + " within " + timeout + " of the feed update");
    }

    /** Waits until the keeper has nothing in flight and the vault is not due. */
    private static void awaitIdle(KeeperRuntime runtime, LocalVault vault) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!runtime.keeper().inProgress().isEmpty() || InProcessKeeper.due(vault, KEEPER)
                != InProcessKeeper.Action.NONE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the benchmark vault did not settle between trials");
            }
            Thread.sleep(50);
        }
    }

    // ------------------------------------------------------------------ output

    /** Prints the scan and reaction tables (Markdown). */
    public static void printTables(PrintStream out, Report report) {
        List<ScanFigure> scans = report.scans();
        List<ReactionFigure> reactions = report.reactions();
        double[] load = {report.loadAtStart(), report.loadAtEnd()};
        out.printf("%n### Keeper scan throughput (%d vaults per Multicall3 page)%n%n", PAGE_SIZE);
        out.println("| vaults | round trip | how | eth_calls per scan | scan time (median) | vaults checked / s "
                + "| vs one call per vault |");
        out.println("| ---: | --- | --- | ---: | ---: | ---: | ---: |");
        for (ScanFigure f : scans) {
            out.printf(Locale.ROOT, "| %,d | %s | %s | %s | %,.1f ms | %,.0f | %.2fx |%n", f.vaults(),
                    f.addedLatencyMs() == 0 ? "local node" : "+" + f.addedLatencyMs() + " ms per request",
                    f.mode().equals("batched") ? "batched (Multicall3 pages)" : "one eth_call per vault",
                    fmt(f.ethCallsPerScan()), f.medianScanMs(), f.vaultsPerSecond(), f.speedupVsPerVault());
        }
        out.printf("%nEvery vault is a real, funded Ballast vault (the %,d share one price module), so each check runs "
                + "the whole policy. Both ways are timed alternately in the same run; medians of %s scans. On the "
                + "local node a request costs well under a millisecond and the EVM work is the same either way, so "
                + "batching does not speed the scan up there. The \"+%d ms\" rows delay every request by that much "
                + "before sending it, modelling a hosted endpoint in the same region: that is where one call per "
                + "page instead of one per vault pays.%n",
                scans.stream().mapToInt(ScanFigure::vaults).max().orElse(0),
                scans.stream().map(f -> Integer.toString(f.scans())).distinct().reduce((a, b) -> a + "/" + b)
                        .orElse(""), ADDED_LATENCY_MS);
        out.printf("%n### Reaction time: price-feed update to mined upkeep (%d trials each)%n%n", REACTION_TRIALS);
        out.println("| block time | keeper poll interval | blocks (median) | blocks (max) | blocks per trial | wall time (median) |");
        out.println("| ---: | ---: | ---: | ---: | --- | ---: |");
        for (ReactionFigure r : reactions) {
            out.printf(Locale.ROOT, "| %d ms | %d ms | %s | %d | %s | %,.0f ms |%n", r.blockTimeMs(),
                    r.pollIntervalMs(), fmt(r.medianBlocks()), r.maxBlocks(), r.blocks(), r.medianMillis());
        }
        out.println("\nBlocks counted from the block holding the feed update to the block holding UpkeepPerformed; 1 is"
                + " the minimum (the keeper sees an update only once it is mined). Wall time runs from the update's"
                + " receipt to the upkeep's log being seen.");
        out.printf(Locale.ROOT, "%nMachine: %d processors, load average %.1f at the start and %.1f at the end (the "
                + "node shares them with everything else running).%n", Runtime.getRuntime().availableProcessors(),
                load[0], load[1]);
    }

    /** The report as the JSON {@code bench/keeper.json} holds (and {@code results.json} under {@code keeper}). */
    public static Map<String, Object> json(Report r) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "keeper");
        report.put("chain", "local Hardhat node (chain 31337), keeper in-process");
        report.put("pageSize", PAGE_SIZE);
        report.put("addedLatencyMs", ADDED_LATENCY_MS);
        report.put("addedLatencyNote", "rows with addedLatencyMs > 0 delay every JSON-RPC request by that much, "
                + "modelling a network round trip; the local node itself answers in well under a millisecond");
        report.put("vaults", "real, funded Ballast vaults sharing one price module; every check runs the policy");
        report.put("fleetSize", r.fleetSize());
        report.put("fleetSetupSeconds", Math.round(r.fleetSeconds() * 10) / 10.0);
        report.put("scan", r.scans());
        report.put("reaction", r.reactions());
        report.put("javaVersion", System.getProperty("java.version"));
        report.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        report.put("loadAverageAtStart", r.loadAtStart());
        report.put("loadAverageAtEnd", r.loadAtEnd());
        report.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        return report;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static List<Long> rounded(List<Double> millis) {
        return millis.stream().map(Math::round).toList();
    }

    private static double medianLong(List<Long> values) {
        return median(values.stream().map(Long::doubleValue).toList());
    }

    /** The system load average over the last minute, or -1 where the platform does not say. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** An HTTP connection that counts the {@code eth_call}s sent through it and can add a round trip to each request. */
    private static final class CountingHttpService extends HttpService {
        final AtomicLong ethCalls = new AtomicLong();
        private final long latencyMs;

        CountingHttpService(String url, long latencyMs) {
            super(url);
            this.latencyMs = latencyMs;
        }

        @Override
        public <T extends Response> T send(Request request, Class<T> responseType) throws IOException {
            if (request.getMethod().equals("eth_call")) {
                ethCalls.incrementAndGet();
            }
            if (latencyMs > 0) {
                try {
                    Thread.sleep(latencyMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
            }
            return super.send(request, responseType);
        }
    }
}
