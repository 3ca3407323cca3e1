package io.ballast.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.chain.Chain;
import io.ballast.cli.BallastCli;
import io.ballast.local.BallastHome;
import io.ballast.local.HardhatNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The node fixture starts a real Hardhat node, stops it, and never leaves one behind. */
class HardhatNodeTest {
    private static final Path HOME = BallastHome.find();

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean stopsListeningWithin(int port, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!listening(port)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void shouldStartOnAFreePortAnswerAndStopWithoutLeavingAProcess() throws Exception {
        List<ProcessHandle> processes;
        int port;
        try (HardhatNode node = HardhatNode.start(HOME, 0); Chain chain = Chain.connect(node.rpcUrl())) {
            port = node.port();
            assertThat(chain.chainId()).isEqualTo(31337L);
            assertThat(chain.blockNumber()).isNotNull();
            processes = ProcessHandle.of(node.pid()).orElseThrow().descendants().toList();
            assertThat(processes).as("the guard runs the node as its child").isNotEmpty();
        }
        assertThat(stopsListeningWithin(port, 10)).isTrue();
        for (ProcessHandle process : processes) {
            process.onExit().get(10, TimeUnit.SECONDS);
            assertThat(process.isAlive()).isFalse();
        }
    }

    @Test
    void shouldRefuseAPortInUseWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> HardhatNode.start(HOME, port))
                    .isInstanceOf(HardhatNode.PortInUseException.class)
                    .hasMessageContaining("port " + port)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void shouldStopTheNodeWhenTheJvmThatStartedItIsKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dballast.home=" + HOME, NodeHolder.class.getName())
                .redirectErrorStream(true)
                .start();
        int port;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("port="));
            assertThat(line).as("the holder JVM started a node").isNotNull();
            port = Integer.parseInt(line.substring("port=".length()));
            assertThat(listening(port)).isTrue();

            holder.destroyForcibly(); // SIGKILL: no shutdown hook runs
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(stopsListeningWithin(port, 15)).as("the node died with its JVM").isTrue();
    }

    /** Started in a separate JVM by the test above: starts a node, prints its port, and waits to be killed. */
    public static final class NodeHolder {
        public static void main(String[] args) throws Exception {
            HardhatNode node = HardhatNode.start(BallastHome.find(), 0);
            System.out.println("port=" + node.port());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    @Test
    void demoShouldRunTwiceAndMoveToAFreePortWhenItsPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (int run = 0; run < 2; run++) {
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                PrintStream original = System.out;
                int exit;
                try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
                    System.setOut(out);
                    exit = BallastCli.commandLine().execute("demo", "--market-only", "--port",
                            Integer.toString(taken.getLocalPort()));
                } finally {
                    System.setOut(original);
                }
                String printed = captured.toString(StandardCharsets.UTF_8);
                assertThat(exit).as(printed).isZero();
                assertThat(printed).contains("port " + taken.getLocalPort() + " is in use")
                        .contains("aavePool").contains("uniswapPool500").contains("WETH / USD")
                        .contains("demo done");
            }
        }
    }
}
