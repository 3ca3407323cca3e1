package io.ballast.keeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.keeper.KeeperRuntime;
import io.ballast.keeper.testing.FakeChain;
import io.ballast.keeper.testing.FakeRpcServer;
import io.ballast.keeper.testing.FakeVault;
import io.ballast.keeper.testing.TestKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KeeperCommandTest {
    private final FakeChain chain = new FakeChain();
    private final Map<String, String> env = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private FakeRpcServer node;

    @AfterEach
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private int run(KeeperCommand command, String... args) {
        CommandLine cli = CliSupport.commandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int run(String... args) {
        return run(new KeeperCommand(env, KeeperRuntime::start, false), args);
    }

    private void nodeEnv() throws Exception {
        node = new FakeRpcServer(chain);
        env.put("BALLAST_RPC_URL", node.url());
        env.put("BALLAST_CHAIN_ID", "31337");
        env.put("BALLAST_KEEPER_PRIVATE_KEY", TestKeys.KEY_0);
        env.put("BALLAST_VAULTS", TestKeys.VAULT_A);
        env.put("BALLAST_METRICS_PORT", "0");
        env.put("BALLAST_POLL_INTERVAL", "100ms");
        env.put("BALLAST_RECEIPT_POLL_INTERVAL", "20ms");
    }

    private String stderrLine() {
        assertThat(err.toString().lines()).as("exactly one line on stderr").hasSize(1);
        assertThat(err.toString()).doesNotContain("\tat ").doesNotContain("Exception");
        return err.toString().strip();
    }

    @Test
    void shouldRefuseBadInputWithOneLineOnStderrAndNoSecret() {
        env.put("BALLAST_KEEPER_PRIVATE_KEY", TestKeys.KEY_0);
        env.put("BALLAST_CHAIN_ID", "31337");
        env.put("BALLAST_VAULTS", TestKeys.VAULT_A);

        int code = run("--poll-interval", "10s");

        assertThat(code).isEqualTo(CliSupport.BAD_INPUT);
        assertThat(stderrLine()).startsWith("error: rpc-url is required").doesNotContain(TestKeys.KEY_0.substring(2));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseAPrivateKeyOnTheCommandLineWithoutEchoingIt() {
        int code = run("--private-key", TestKeys.KEY_1);

        assertThat(code).isEqualTo(CliSupport.BAD_INPUT);
        assertThat(stderrLine()).contains("--private-key").doesNotContain(TestKeys.KEY_1.substring(2));
    }

    @Test
    void shouldNameTheBadOptionAndValue() throws Exception {
        nodeEnv();

        int code = run("--fee-bump-percent", "5");

        assertThat(code).isEqualTo(CliSupport.BAD_INPUT);
        assertThat(stderrLine()).isEqualTo("error: fee-bump-percent: '5%' must be at least 12.5% (replacements below"
                + " that are refused by nodes or mined too slowly) (from --fee-bump-percent)");
    }

    @Test
    void shouldRefuseToStartOnAnotherChain() throws Exception {
        nodeEnv();
        chain.chainId(1);

        int code = run();

        assertThat(code).isEqualTo(CliSupport.BAD_INPUT);
        assertThat(stderrLine()).contains("is on chain 1 but chain-id is 31337: refusing to start");
        assertThat(chain.requests("eth_getTransactionCount")).as("nothing else was asked").isZero();
    }

    @Test
    void shouldSayInOneLineThatTheNodeCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        env.put("BALLAST_RPC_URL", "http://127.0.0.1:" + closedPort + "/v3/secret-api-key");
        env.put("BALLAST_CHAIN_ID", "31337");
        env.put("BALLAST_KEEPER_PRIVATE_KEY", TestKeys.KEY_0);
        env.put("BALLAST_VAULTS", TestKeys.VAULT_A);

        int code = run();

        assertThat(code).isEqualTo(CliSupport.FAILED);
        assertThat(stderrLine()).startsWith("error: cannot start: http://127.0.0.1:" + closedPort + "/***")
                .doesNotContain("secret-api-key");
    }

    @Test
    void shouldRunUpkeepsAgainstANodeServeMetricsAndStopWithExitZero() throws Exception {
        nodeEnv();
        chain.deploy(TestKeys.VAULT_A, FakeVault.due("deploy-idle").owes(java.math.BigInteger.valueOf(77)));
        AtomicReference<KeeperRuntime> started = new AtomicReference<>();
        KeeperCommand command = new KeeperCommand(env, config -> {
            KeeperRuntime runtime = KeeperRuntime.start(config);
            started.set(runtime);
            return runtime;
        }, false);

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(command));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((started.get() == null || started.get().metrics().upkeepsMined() == 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        KeeperRuntime runtime = started.get();
        assertThat(runtime).isNotNull();
        assertThat(runtime.metrics().upkeepsMined()).isGreaterThanOrEqualTo(1);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + runtime.metricsServer().orElseThrow().port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("upkeeps_mined_total [1-9]")
                .contains("bounty_accrued{vault=\"" + TestKeys.VAULT_A + "\"} 77");

        runtime.keeper().stop();

        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(chain.received()).isNotEmpty().allSatisfy(tx -> assertThat(tx.to())
                .isEqualToIgnoringCase(TestKeys.VAULT_A));
    }
}
