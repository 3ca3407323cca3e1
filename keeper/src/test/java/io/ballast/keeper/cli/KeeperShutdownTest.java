package io.ballast.keeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.keeper.testing.FakeChain;
import io.ballast.keeper.testing.FakeRpcServer;
import io.ballast.keeper.testing.FakeVault;
import io.ballast.keeper.testing.KeeperMain;
import io.ballast.keeper.testing.TestKeys;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The daemon in a process of its own: SIGTERM while an upkeep is in flight ends with the upkeep mined and exit 0. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class KeeperShutdownTest {
    private final FakeChain chain = new FakeChain().automine(false);
    @TempDir
    Path dir;
    private Path log;
    private FakeRpcServer node;
    private Process process;

    @AfterEach
    void cleanUp() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        if (node != null) {
            node.close();
        }
    }

    private String output() {
        try {
            return java.nio.file.Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private boolean waitFor(java.util.function.BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void shouldFinishTheUpkeepInFlightAndExitZeroOnSigterm() throws Exception {
        chain.deploy(TestKeys.VAULT_A, FakeVault.due("ripcord"));
        node = new FakeRpcServer(chain);
        log = dir.resolve("keeper.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KeeperMain.class.getName());
        builder.environment().putAll(Map.of("BALLAST_RPC_URL", node.url(), "BALLAST_CHAIN_ID", "31337",
                "BALLAST_KEEPER_PRIVATE_KEY", TestKeys.KEY_0, "BALLAST_VAULTS", TestKeys.VAULT_A,
                "BALLAST_POLL_INTERVAL", "200ms", "BALLAST_RECEIPT_TIMEOUT", "30s",
                "BALLAST_RECEIPT_POLL_INTERVAL", "50ms", "BALLAST_METRICS_PORT", "off", "BALLAST_TEST_LOG", "info"));
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        process = builder.start();

        assertThat(waitFor(() -> chain.received().size() == 1, 30)).as("upkeep sent; output:%n%s", output()).isTrue();
        process.destroy(); // SIGTERM
        Thread.sleep(500);
        assertThat(process.isAlive()).as("waits for the upkeep in flight; output:%n%s", output()).isTrue();
        chain.mine();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits; output:%n%s", output()).isTrue();
        assertThat(process.exitValue()).as("output:%n%s", output()).isZero();
        assertThat(output()).contains("outcome=mined").contains("action=shutdown done=true exit=0")
                .doesNotContain(TestKeys.KEY_0.substring(2));
        assertThat(chain.received()).as("no new upkeep after the signal").hasSize(1);
    }
}
