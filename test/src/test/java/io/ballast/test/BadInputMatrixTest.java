package io.ballast.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.chain.HardhatAccounts;
import io.ballast.cli.BallastCli;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.PolicySpec;
import io.ballast.local.BallastHome;
import io.ballast.local.HardhatNode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

/**
 * Bad input at the Java edge: every command that talks to a chain, given each kind of bad input, exits with the
 * documented code, says what was wrong in one line on stderr (no stack trace), and shows no secret anywhere: not on
 * stdout, not on stderr, not in the log.
 *
 * <p>Each cell runs {@code ballast} as {@code ./ballast} does ({@link BallastCli#main} in a JVM of its own), because
 * {@code deploy} and the {@code vault} commands read their secrets from the process environment, which a test cannot
 * set in-process; the environment of each run holds no {@code BALLAST_*} variable but the cell's. The logs go through
 * a logback configuration that sends to stderr exactly what the shipped {@code logback.xml} sends there (INFO and up,
 * {@code org.web3j} and {@code okhttp3} WARN and up) and writes everything, at TRACE and from every logger (web3j's
 * HTTP bodies included), to a file, which is searched for secrets too.
 *
 * <p>The secrets in play are Hardhat's public test keys only: account 17 encrypted in a keystore made here with
 * {@link WalletUtils} (with its password, and a wrong password), and account 18 as a raw key in
 * {@code BALLAST_PRIVATE_KEY} / {@code BALLAST_KEEPER_PRIVATE_KEY}. Searched for: each key's hex digits (with or
 * without 0x, any case, and any 16 consecutive of them), its decimal value, both passwords, the keystore's
 * ciphertext, and the malformed key of the "malformed raw key" row.
 *
 * <p>Commands: {@code deploy --config F --rpc URL --dry-run} (with a config that fits the local market), {@code vault
 * status --vault A} (reads only), {@code vault deposit --vault A --amount N} (signs), {@code keeper} and {@code bounty
 * claim} (configured by {@code BALLAST_*} variables and {@code --config FILE}). The matrix, exit code and what the
 * one line must name ("-": the cell does not apply, and why):
 *
 * <table>
 * <caption>command x bad input</caption>
 * <tr><th>input</th><th>deploy</th><th>vault status</th><th>vault deposit</th><th>keeper</th><th>bounty claim</th></tr>
 * <tr><td>config: invalid JSON</td><td>2 "cannot read config"</td><td>- no config</td><td>- no config</td>
 *     <td>- properties, never JSON</td><td>- as keeper</td></tr>
 * <tr><td>config: a required key missing</td><td>2 "missing 'uniswapFactory'"</td><td>- no config</td>
 *     <td>- no config</td><td>2 "chain-id is required"</td><td>2 "chain-id is required"</td></tr>
 * <tr><td>a bad address</td><td>2 config 'aavePool' "not an address"</td><td>2 --vault "not an address"</td>
 *     <td>2 --vault "not an address"</td><td>2 factory "not a 0x-prefixed 20-byte hex address" (from config
 *     file)</td><td>2 as keeper</td></tr>
 * <tr><td>a bad value</td><td>2 "unknown policy"</td><td>- takes no value</td><td>2 "--amount ... not a number"</td>
 *     <td>2 config file "poll-interval ... not a duration"</td><td>2 as keeper</td></tr>
 * <tr><td>a secret in the config file</td><td>- the JSON has no secret key</td><td>- no config</td>
 *     <td>- no config</td><td>2 "holds the secret"</td><td>2 "holds the secret"</td></tr>
 * <tr><td>wrong chain (31337 is the node)</td><td>2 "wrong chain" (config chainId 1)</td>
 *     <td>2 "wrong chain" (--chain-id 1)</td><td>2 "wrong chain" (--chain-id 1)</td>
 *     <td>2 "on chain 31337 but chain-id is 1" (BALLAST_CHAIN_ID=1)</td><td>2 as keeper</td></tr>
 * <tr><td>keystore file missing</td><td>2 "keystore ... cannot be read"</td><td>- reads only, never signs</td>
 *     <td>2 "keystore ... cannot be read"</td><td>2 "keystore ... does not exist"</td><td>2 as keeper</td></tr>
 * <tr><td>keystore present, password missing</td><td>2 "needs its password"</td><td>- reads only</td>
 *     <td>2 "needs its password"</td><td>2 "needs a password"</td><td>2 as keeper</td></tr>
 * <tr><td>wrong password</td><td>2 "wrong password?"</td><td>- reads only</td><td>2 "wrong password?"</td>
 *     <td>2 "wrong password or damaged keystore"</td><td>2 as keeper</td></tr>
 * <tr><td>malformed raw key in the environment</td><td>2 "BALLAST_PRIVATE_KEY is not a 32-byte hex key" (it
 *     used to be passed over for the generic "give --keystore FILE ..." line)</td><td>- reads only</td>
 *     <td>2 "BALLAST_PRIVATE_KEY is not a 32-byte hex key"</td>
 *     <td>2 "BALLAST_KEEPER_PRIVATE_KEY is not a 32-byte hex private key"</td><td>2 as keeper</td></tr>
 * <tr><td>a key on the command line ({@code --private-key KEY}: no such option)</td><td>2 "--private-key"</td>
 *     <td>2 "--private-key"</td><td>2 "--private-key"</td><td>2 "--private-key"</td><td>2 "--private-key"</td></tr>
 * <tr><td>unreachable RPC (a closed local port)</td><td>2 "cannot reach"</td><td>2 "cannot reach"</td>
 *     <td>2 "cannot reach"</td><td>1 "cannot start ... connect" (keeper/README: 1 is "failed while running (node
 *     unreachable)"; the URL's path is not shown)</td><td>1 as keeper</td></tr>
 * </table>
 */
@ExtendWith(LocalChainExtension.class)
class BadInputMatrixTest {
    private static final int KEYSTORE_ACCOUNT = 17;
    private static final int RAW_KEY_ACCOUNT = 18;
    private static final String PASSWORD = "ballast-test-pw-Q7xR2";
    private static final String WRONG_PASSWORD = "not-the-password-K3v9";
    private static final String RPC_PATH_TOKEN = "not-a-real-api-key";
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    static Path dir;

    private static String rpc;
    private static String unreachable;
    private static String vault;
    private static Path keystore;
    private static Path missingKeystore;
    private static String rawKey;
    private static String malformedKey;
    private static Path logbackConfig;
    private static Path deployConfig;
    private static final List<String> SECRETS = new ArrayList<>();
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final AtomicInteger LOGGED_RPC = new AtomicInteger();

    /** One cell: a command given one bad input, and what it must answer. */
    record Cell(String command, String input, List<String> args, Map<String, String> env, int exit,
            List<String> mentions) {
        @Override
        public String toString() {
            return command + " x " + input;
        }
    }

    private record Run(int exit, String out, String err, String log) {}

    @BeforeAll
    static void setUp(LocalMarket market, HardhatNode node) throws Exception {
        rpc = node.rpcUrl();
        vault = new BallastDeployer(market).deployVault("bBAD", PolicySpec.long2x(), List.of()).vault();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        unreachable = "http://127.0.0.1:" + closedPort;

        Credentials inKeystore = HardhatAccounts.account(KEYSTORE_ACCOUNT);
        Path wallets = Files.createDirectories(dir.resolve("wallets"));
        keystore = wallets.resolve(WalletUtils.generateWalletFile(PASSWORD, inKeystore.getEcKeyPair(),
                wallets.toFile(), false));
        missingKeystore = wallets.resolve("no-such-keystore.json");
        Credentials raw = HardhatAccounts.account(RAW_KEY_ACCOUNT);
        rawKey = Numeric.toHexStringWithPrefixZeroPadded(raw.getEcKeyPair().getPrivateKey(), 64);
        malformedKey = rawKey.substring(0, rawKey.length() - 1);

        for (Credentials c : List.of(inKeystore, raw)) {
            String hex = Numeric.toHexStringNoPrefixZeroPadded(c.getEcKeyPair().getPrivateKey(), 64);
            SECRETS.add(hex);
            for (int i = 0; i + 16 <= hex.length(); i++) {
                SECRETS.add(hex.substring(i, i + 16));
            }
            SECRETS.add(c.getEcKeyPair().getPrivateKey().toString());
        }
        SECRETS.add(PASSWORD);
        SECRETS.add(WRONG_PASSWORD);
        SECRETS.add(malformedKey.substring(2));
        SECRETS.add(new ObjectMapper().readTree(keystore.toFile()).at("/crypto/ciphertext").asText());
        assertThat(SECRETS).allSatisfy(s -> assertThat(s).hasSizeGreaterThanOrEqualTo(16));
        // the search finds a key however it is written
        String hex = rawKey.substring(2);
        for (String shown : List.of(rawKey, hex.toUpperCase(Locale.ROOT), "key=" + hex.substring(20, 36) + "...",
                raw.getEcKeyPair().getPrivateKey().toString(), "pw " + PASSWORD)) {
            assertThat(secretsIn(shown)).as(shown).isNotEmpty();
        }
        assertThat(secretsIn(raw.getAddress(), inKeystore.getAddress(), keystore.toString())).isEmpty();

        deployConfig = writeJson("deploy.json", deployConfigFor(market));
        logbackConfig = Files.writeString(dir.resolve("logback-matrix.xml"), """
                <configuration>
                  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <filter class="ch.qos.logback.classic.filter.ThresholdFilter"><level>INFO</level></filter>
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} %msg%n</pattern></encoder>
                  </appender>
                  <appender name="STDERR_WARN" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <filter class="ch.qos.logback.classic.filter.ThresholdFilter"><level>WARN</level></filter>
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} %msg%n</pattern></encoder>
                  </appender>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>${ballast.matrix.log}</file>
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.web3j" level="TRACE" additivity="false">
                    <appender-ref ref="FILE"/><appender-ref ref="STDERR_WARN"/>
                  </logger>
                  <logger name="okhttp3" level="TRACE" additivity="false">
                    <appender-ref ref="FILE"/><appender-ref ref="STDERR_WARN"/>
                  </logger>
                  <root level="TRACE"><appender-ref ref="FILE"/><appender-ref ref="STDERR"/></root>
                </configuration>
                """);
    }

    @AfterAll
    static void theLogWasCaptured() {
        if (RUNS.get() >= 10) {
            assertThat(LOGGED_RPC.get()).as("cells whose log file shows the JSON-RPC traffic (the capture works)")
                    .isPositive();
        }
    }

    /** The shipped local config with the addresses of this test's market: it passes every check of deploy. */
    private static ObjectNode deployConfigFor(LocalMarket market) throws Exception {
        var m = market.manifest();
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(BallastHome.find()
                .resolve("deploy-scripts/config/local.json").toFile());
        ObjectNode venues = (ObjectNode) config.get("venues");
        venues.put("aavePool", m.address("aavePool"));
        venues.put("uniswapSwapRouter", m.address("swapRouter"));
        venues.put("uniswapFactory", m.address("uniswapFactory"));
        ObjectNode v = (ObjectNode) config.get("vaults").get(0);
        ((ObjectNode) v.get("asset")).put("address", market.usdc());
        ((ObjectNode) v.get("base")).put("address", market.weth());
        ((ObjectNode) v.get("baseFeed")).put("address", m.address("wethUsdFeed"));
        ((ObjectNode) v.get("quoteFeed")).put("address", m.address("usdcUsdFeed"));
        ((ObjectNode) v.get("nativeFeed")).put("address", m.address("wethUsdFeed"));
        return config;
    }

    private static Path writeJson(String name, ObjectNode json) throws Exception {
        return Files.writeString(dir.resolve(name), new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(json));
    }

    private static ObjectNode deployConfig() throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(deployConfig.toFile());
    }

    private static Path keeperProperties(String name, String... lines) throws Exception {
        List<String> all = new ArrayList<>(List.of("rpc-url = " + rpc, "chain-id = 31337", "vaults = " + vault,
                "metrics-port = off"));
        for (String line : lines) {
            String key = line.substring(0, line.indexOf('=')).strip();
            all.removeIf(l -> l.startsWith(key + " "));
            if (!line.endsWith("= <removed>")) {
                all.add(line);
            }
        }
        return Files.write(dir.resolve(name), all, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the matrix

    static Stream<Cell> matrix() throws Exception {
        List<Cell> cells = new ArrayList<>();
        Map<String, String> keystorePassword = Map.of("BALLAST_KEYSTORE_PASSWORD", PASSWORD);
        Map<String, String> ambient = Map.of("BALLAST_KEYSTORE_PASSWORD", PASSWORD, "BALLAST_PRIVATE_KEY", rawKey);
        Path manifest = dir.resolve("manifest.json");

        // deploy: --dry-run always (even a cell that wrongly passed would send nothing)
        List<String> deployRest = List.of("--rpc", rpc, "--manifest", manifest.toString(), "--dry-run");
        BiFunction<Path, List<String>, List<String>> deploy = (config, extra) -> {
            List<String> args = new ArrayList<>(List.of("deploy", "--config", config.toString()));
            args.addAll(deployRest);
            args.addAll(extra);
            return args;
        };
        List<String> signWithKeystore = List.of("--keystore", keystore.toString());
        String invalid = Files.readString(deployConfig);
        Path invalidJson = Files.writeString(dir.resolve("invalid.json"), invalid.substring(0, invalid.length() / 2));
        cells.add(new Cell("deploy", "config: invalid JSON", deploy.apply(invalidJson, signWithKeystore),
                keystorePassword, 2, List.of("cannot read config", "invalid.json")));
        ObjectNode noFactory = deployConfig();
        ((ObjectNode) noFactory.get("venues")).remove("uniswapFactory");
        cells.add(new Cell("deploy", "config: a required key missing",
                deploy.apply(writeJson("missing-key.json", noFactory), signWithKeystore), keystorePassword, 2,
                List.of("config", "missing 'uniswapFactory'")));
        ObjectNode badAddress = deployConfig();
        String pool = badAddress.at("/venues/aavePool").asText();
        ((ObjectNode) badAddress.get("venues")).put("aavePool", pool.substring(0, 30));
        cells.add(new Cell("deploy", "a bad address", deploy.apply(writeJson("bad-address.json", badAddress),
                signWithKeystore), keystorePassword, 2, List.of("config 'aavePool'", "is not an address")));
        ObjectNode badValue = deployConfig();
        ((ObjectNode) badValue.get("vaults").get(0)).put("policy", "long9x");
        cells.add(new Cell("deploy", "a bad value", deploy.apply(writeJson("bad-value.json", badValue),
                signWithKeystore), keystorePassword, 2, List.of("config", "unknown policy 'long9x'")));
        ObjectNode otherChain = deployConfig();
        otherChain.put("chainId", 1);
        cells.add(new Cell("deploy", "wrong chain", deploy.apply(writeJson("chain-1.json", otherChain),
                signWithKeystore), keystorePassword, 2, List.of("wrong chain", "is chain 31337, expected 1")));
        cells.add(new Cell("deploy", "keystore file missing", deploy.apply(deployConfig,
                List.of("--keystore", missingKeystore.toString())), keystorePassword, 2,
                List.of("keystore", "no-such-keystore.json", "cannot be read")));
        cells.add(new Cell("deploy", "keystore present, password missing", deploy.apply(deployConfig,
                signWithKeystore), Map.of(), 2, List.of("--keystore", "password", "BALLAST_KEYSTORE_PASSWORD")));
        cells.add(new Cell("deploy", "wrong password", deploy.apply(deployConfig, signWithKeystore),
                Map.of("BALLAST_KEYSTORE_PASSWORD", WRONG_PASSWORD), 2,
                List.of("cannot open keystore", keystore.getFileName().toString(), "wrong password")));
        cells.add(new Cell("deploy", "malformed raw key", deploy.apply(deployConfig, List.of()),
                Map.of("BALLAST_PRIVATE_KEY", malformedKey), 2,
                List.of("BALLAST_PRIVATE_KEY is not a 32-byte hex key")));
        cells.add(new Cell("deploy", "a key on the command line", deploy.apply(deployConfig,
                List.of("--private-key", rawKey)), keystorePassword, 2, List.of("--private-key")));
        List<String> unreachableDeploy = new ArrayList<>(deploy.apply(deployConfig, signWithKeystore));
        unreachableDeploy.set(unreachableDeploy.indexOf(rpc), unreachable);
        cells.add(new Cell("deploy", "unreachable RPC", unreachableDeploy, keystorePassword, 2,
                List.of("cannot reach " + unreachable, "connect")));

        // vault status (reads only) and vault deposit (signs)
        for (String sub : List.of("status", "deposit")) {
            String command = "vault " + sub;
            boolean signs = sub.equals("deposit");
            Function<List<String>, List<String>> vaultArgs = extra -> {
                List<String> args = new ArrayList<>(List.of("vault", sub, "--vault", vault, "--rpc", rpc));
                if (signs) {
                    args.addAll(List.of("--amount", "100"));
                }
                args.addAll(extra);
                return args;
            };
            List<String> signer = signs ? signWithKeystore : List.of();
            List<String> badVault = vaultArgs.apply(signer);
            badVault.set(badVault.indexOf(vault), vault.substring(0, 20));
            cells.add(new Cell(command, "a bad address", badVault, ambient, 2, List.of("--vault",
                    "is not an address")));
            List<String> chain1 = new ArrayList<>(vaultArgs.apply(signer));
            chain1.addAll(List.of("--chain-id", "1"));
            cells.add(new Cell(command, "wrong chain", chain1, ambient, 2,
                    List.of("wrong chain", "is chain 31337, expected 1")));
            cells.add(new Cell(command, "a key on the command line", vaultArgs.apply(List.of("--private-key",
                    rawKey)), ambient, 2, List.of("--private-key")));
            List<String> down = vaultArgs.apply(signer);
            down.set(down.indexOf(rpc), unreachable);
            cells.add(new Cell(command, "unreachable RPC", down, ambient, 2,
                    List.of("cannot reach " + unreachable, "connect")));
            if (signs) {
                List<String> notANumber = vaultArgs.apply(signer);
                notANumber.set(notANumber.indexOf("100"), "1O0");
                cells.add(new Cell(command, "a bad value", notANumber, keystorePassword, 2,
                        List.of("--amount '1O0' is not a number")));
                cells.add(new Cell(command, "keystore file missing", vaultArgs.apply(List.of("--keystore",
                        missingKeystore.toString())), keystorePassword, 2,
                        List.of("keystore", "no-such-keystore.json", "cannot be read")));
                cells.add(new Cell(command, "keystore present, password missing", vaultArgs.apply(signer), Map.of(),
                        2, List.of("--keystore", "password", "BALLAST_KEYSTORE_PASSWORD")));
                cells.add(new Cell(command, "wrong password", vaultArgs.apply(signer),
                        Map.of("BALLAST_KEYSTORE_PASSWORD", WRONG_PASSWORD), 2,
                        List.of("cannot open keystore", keystore.getFileName().toString(), "wrong password")));
                cells.add(new Cell(command, "malformed raw key", vaultArgs.apply(List.of()),
                        Map.of("BALLAST_PRIVATE_KEY", malformedKey), 2,
                        List.of("BALLAST_PRIVATE_KEY is not a 32-byte hex key")));
            }
        }

        // keeper and bounty claim: BALLAST_* variables and a properties file
        for (List<String> command : List.of(List.of("keeper"), List.of("bounty", "claim"))) {
            String name = String.join(" ", command);
            Map<String, String> base = Map.of("BALLAST_RPC_URL", rpc, "BALLAST_CHAIN_ID", "31337",
                    "BALLAST_VAULTS", vault, "BALLAST_METRICS_PORT", "off");
            Map<String, String> withRawKey = with(base, "BALLAST_KEEPER_PRIVATE_KEY", rawKey);
            Map<String, String> withKeystore = with(base, "BALLAST_KEYSTORE", keystore.toString());
            Function<List<String>, List<String>> keeperArgs = extra -> {
                List<String> args = new ArrayList<>(command);
                args.addAll(extra);
                return args;
            };
            String slug = name.replace(' ', '-');
            Map<String, String> keyOnly = Map.of("BALLAST_KEEPER_PRIVATE_KEY", rawKey);
            cells.add(new Cell(name, "config: a required key missing", keeperArgs.apply(List.of("--config",
                    keeperProperties(slug + "-no-chain.properties", "chain-id = <removed>").toString())), keyOnly, 2,
                    List.of("chain-id is required")));
            cells.add(new Cell(name, "a bad address", keeperArgs.apply(List.of("--config",
                    keeperProperties(slug + "-bad-factory.properties", "factory = 0x1234").toString())), keyOnly, 2,
                    List.of("factory", "0x1234", "config file")));
            cells.add(new Cell(name, "a bad value", keeperArgs.apply(List.of("--config",
                    keeperProperties(slug + "-bad-interval.properties", "poll-interval = soon").toString())), keyOnly,
                    2, List.of("poll-interval", "soon", "not a duration", "config file")));
            cells.add(new Cell(name, "a secret in the config file", keeperArgs.apply(List.of("--config",
                    keeperProperties(slug + "-secret.properties", "keeper-private-key = " + rawKey).toString())),
                    Map.of(), 2, List.of("holds the secret 'keeper-private-key'", "BALLAST_KEEPER_PRIVATE_KEY")));
            cells.add(new Cell(name, "wrong chain", keeperArgs.apply(List.of()),
                    with(withRawKey, "BALLAST_CHAIN_ID", "1"), 2,
                    List.of("chain-id", "is on chain 31337 but chain-id is 1", "refusing to start")));
            cells.add(new Cell(name, "keystore file missing", keeperArgs.apply(List.of()),
                    with(with(base, "BALLAST_KEYSTORE", missingKeystore.toString()), "BALLAST_KEYSTORE_PASSWORD",
                            PASSWORD), 2, List.of("keystore", "no-such-keystore.json", "does not exist")));
            cells.add(new Cell(name, "keystore present, password missing", keeperArgs.apply(List.of()), withKeystore,
                    2, List.of("keystore", "needs a password", "BALLAST_KEYSTORE_PASSWORD")));
            cells.add(new Cell(name, "wrong password", keeperArgs.apply(List.of()),
                    with(withKeystore, "BALLAST_KEYSTORE_PASSWORD", WRONG_PASSWORD), 2,
                    List.of("keystore", "could not be decrypted", "wrong password")));
            cells.add(new Cell(name, "malformed raw key", keeperArgs.apply(List.of()),
                    with(base, "BALLAST_KEEPER_PRIVATE_KEY", malformedKey), 2,
                    List.of("BALLAST_KEEPER_PRIVATE_KEY is not a 32-byte hex private key")));
            cells.add(new Cell(name, "a key on the command line", keeperArgs.apply(List.of("--private-key", rawKey)),
                    withRawKey, 2, List.of("--private-key")));
            cells.add(new Cell(name, "unreachable RPC", keeperArgs.apply(List.of()),
                    with(withRawKey, "BALLAST_RPC_URL", unreachable + "/v3/" + RPC_PATH_TOKEN), 1,
                    List.of("cannot start", unreachable, "connect")));
        }
        return cells.stream();
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(name, value);
        return Map.copyOf(copy);
    }

    // ------------------------------------------------------------------ the check

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void badInputGetsItsExitCodeAndOneLineThatNamesItAndNoSecret(Cell cell) throws Exception {
        Run run = ballast(cell);

        assertThat(run.exit()).as("exit code of %s; stderr: %s", cell, run.err()).isEqualTo(cell.exit());
        assertThat(run.err().lines().toList()).as("stderr of %s is one line", cell).hasSize(1);
        String line = run.err().strip();
        assertThat(line).as("no stack trace").startsWith("error: ").doesNotContain("\tat ")
                .doesNotContain("Exception").doesNotContain("Caused by");
        for (String mention : cell.mentions()) {
            assertThat(line).as("the line names what was wrong").containsIgnoringCase(mention);
        }
        assertThat(run.out()).as("stdout of %s", cell).isEmpty();
        assertThat(line).doesNotContain(RPC_PATH_TOKEN);
        assertThat(secretsIn(run.out(), run.err(), run.log())).as("secrets shown by %s (stdout, stderr or log)", cell)
                .isEmpty();
        if (run.log().contains("eth_chainId")) {
            LOGGED_RPC.incrementAndGet();
        }
        System.out.printf("%-24s x %-36s -> %d  %s%n", cell.command(), cell.input(), run.exit(), line);
    }

    /** The secrets (or pieces of them) that appear in any of {@code texts}, ignoring case. */
    private static Set<String> secretsIn(String... texts) {
        Set<String> found = new LinkedHashSet<>();
        for (String where : texts) {
            String text = where.toLowerCase(Locale.ROOT);
            SECRETS.stream().filter(s -> text.contains(s.toLowerCase(Locale.ROOT))).forEach(found::add);
        }
        return found;
    }

    /** Runs {@code ballast args} in a JVM of its own, with the cell's environment and the capturing log config. */
    private static Run ballast(Cell cell) throws Exception {
        int n = RUNS.incrementAndGet();
        Path out = dir.resolve("run-" + n + ".out");
        Path err = dir.resolve("run-" + n + ".err");
        Path log = dir.resolve("run-" + n + ".log");
        Path work = Files.createDirectories(dir.resolve("work-" + n));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Dlogback.configurationFile=" + logbackConfig, "-Dballast.matrix.log=" + log,
                "-Dballast.home=" + BallastHome.find(),
                "-cp", System.getProperty("java.class.path"), BallastCli.class.getName()));
        command.addAll(cell.args());
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().keySet().removeIf(name -> name.startsWith("BALLAST_"));
        builder.environment().putAll(cell.env());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(cell + " did not exit within " + TIMEOUT_SECONDS + " s; stderr: "
                    + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err),
                Files.exists(log) ? Files.readString(log) : "");
    }
}
