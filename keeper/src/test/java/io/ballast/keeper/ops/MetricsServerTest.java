package io.ballast.keeper.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.keeper.act.SendOutcome;
import io.ballast.keeper.decide.ScanResult;
import io.ballast.keeper.decide.UpkeepDecision;
import io.ballast.keeper.testing.ManualClock;
import io.ballast.keeper.testing.TestKeys;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class MetricsServerTest {
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    /** A sample line of the Prometheus text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile("[a-z_]+(\\{vault=\"0x[0-9a-fA-F]{40}\"})? -?[0-9.]+");

    private final ManualClock clock = new ManualClock();
    private final KeeperMetrics metrics = new KeeperMetrics(clock, INTERVAL);
    // Java's client speaks HTTP/2 by default; the JDK server (like the Hardhat node) wants HTTP/1.1
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private MetricsServer server;

    @BeforeEach
    void start() {
        server = MetricsServer.start("127.0.0.1", 0, metrics);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private ScanResult scan(boolean reachable) {
        return new ScanResult(List.of(new UpkeepDecision.Due(TestKeys.VAULT_A, new byte[] {1}),
                new UpkeepDecision.NotDue(TestKeys.VAULT_B, "within band"),
                new UpkeepDecision.Failed(TestKeys.VAULT_C, "checkUpkeep reverted", !reachable)),
                1, 0, Optional.empty(), clock.instant(), Duration.ZERO);
    }

    private static TransactionReceipt receipt(String hash) {
        TransactionReceipt receipt = new TransactionReceipt();
        receipt.setTransactionHash(hash);
        return receipt;
    }

    @Test
    void shouldServeCountersAndGaugesInThePrometheusTextFormat() throws Exception {
        metrics.recordScan(scan(true));
        BigInteger gasPrice = BigInteger.valueOf(2_000_000_000L);
        metrics.recordOutcome(new SendOutcome.Mined(TestKeys.VAULT_A, "upkeep", receipt("0x01"),
                BigInteger.valueOf(80_000), gasPrice, 1));
        metrics.recordOutcome(new SendOutcome.Reverted(TestKeys.VAULT_B, "upkeep", receipt("0x02"),
                BigInteger.valueOf(30_000), gasPrice));
        metrics.recordOutcome(new SendOutcome.Skipped(TestKeys.VAULT_C, "upkeep", "simulation reverted"));
        metrics.recordOutcome(new SendOutcome.Failed(TestKeys.VAULT_C, "upkeep", "not mined", true));
        metrics.recordBounty(TestKeys.VAULT_A, BigInteger.valueOf(1234));
        clock.advance(Duration.ofMillis(12_500));

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        List<String> lines = response.body().lines().toList();
        assertThat(lines).contains("checks_total 3", "check_failures_total 1", "upkeeps_sent_total 3",
                "upkeeps_mined_total 1", "upkeeps_reverted_total 1", "upkeeps_skipped_total 1",
                "upkeeps_failed_total 1", "gas_spent_total 110000", "fees_spent_wei_total 220000000000000",
                "bounty_accrued{vault=\"" + TestKeys.VAULT_A + "\"} 1234",
                "seconds_since_last_upkeep{vault=\"" + TestKeys.VAULT_A + "\"} 12.5",
                "# TYPE checks_total counter", "# TYPE seconds_since_last_upkeep gauge");
        assertThat(lines).filteredOn(l -> !l.startsWith("#")).allMatch(l -> SAMPLE.matcher(l).matches());
    }

    @Test
    void shouldAnswerHealthyOnlyWhileTheLastSuccessfulScanIsAtMostThreeIntervalsOld() throws Exception {
        assertThat(get("/health").statusCode()).as("no scan yet").isEqualTo(503);

        metrics.recordScan(scan(true));
        HttpResponse<String> healthy = get("/health");
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(healthy.body()).startsWith("ok");

        clock.advance(INTERVAL.multipliedBy(3));
        assertThat(get("/health").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMillis(1));
        metrics.recordScan(scan(false)); // the node did not answer for a vault: not a successful scan
        HttpResponse<String> stale = get("/health");
        assertThat(stale.statusCode()).isEqualTo(503);
        assertThat(stale.body()).contains("unhealthy");

        metrics.recordScan(scan(true));
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseOtherMethodsAndPaths() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
    }
}
