package io.ballast.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Hardhat node (chain id 31337) started as a child process on 127.0.0.1 and stopped by {@link #close()}.
 *
 * <p>The node runs under {@code contracts/scripts/node-guard.mjs}, which stops it as soon as this JVM's end of its
 * standard input closes; so the node dies with the JVM even when the JVM is killed without running shutdown hooks. A
 * shutdown hook closes it on normal exit and on Ctrl-C.
 */
public final class HardhatNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HardhatNode.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final int port;
    private final Process process;
    private final Path log;
    private final OutputStream guard;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private HardhatNode(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
        this.guard = process.getOutputStream();
        this.shutdownHook = new Thread(this::stopProcess, "hardhat-node-shutdown-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Thrown when the requested port is already taken by another process. */
    public static final class PortInUseException extends IllegalStateException {
        public PortInUseException(int port) {
            super("port " + port + " on 127.0.0.1 is already in use; choose another port, or 0 to pick a free one");
        }
    }

    /**
     * Starts a node and waits until it answers {@code eth_chainId}.
     *
     * @param home the repository root (see {@link BallastHome})
     * @param port the port to listen on, or 0 for a free one
     * @throws PortInUseException when {@code port} is taken
     * @throws IllegalStateException when the node cannot start; the message carries the end of its log
     */
    public static HardhatNode start(Path home, int port) {
        Path contracts = home.resolve("contracts");
        Path node = contracts.resolve("toolchain/node_modules/.bin/node");
        Path hardhat = contracts.resolve("node_modules/hardhat/dist/src/cli.js");
        if (!Files.isExecutable(node) || !Files.isRegularFile(hardhat)) {
            throw new IllegalStateException("the contracts toolchain is not installed (" + node + ", " + hardhat
                    + "); run `mvn -q verify` or `bash contracts/scripts/setup.sh` first");
        }
        int chosen = port == 0 ? freePort() : requireFree(port);
        try {
            Path logDir = home.resolve(".ballast/logs");
            Files.createDirectories(logDir);
            Path log = logDir.resolve("hardhat-node-" + chosen + ".log");
            Process process = new ProcessBuilder(List.of(node.toString(),
                            contracts.resolve("scripts/node-guard.mjs").toString(),
                            "--hostname", "127.0.0.1", "--port", Integer.toString(chosen)))
                    .directory(contracts.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            HardhatNode started = new HardhatNode(chosen, process, log);
            try {
                started.awaitReady();
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            LOG.info("hardhat node started port={} pid={} log={}", chosen, process.pid(), home.relativize(log));
            return started;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Hardhat node: " + e.getMessage(), e);
        }
    }

    /** The JSON-RPC URL, {@code http://127.0.0.1:PORT}. */
    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Process id of the guard process (the node itself is its child). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting: the hook itself is running or about to run stopProcess
        }
    }

    private synchronized void stopProcess() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> children = process.descendants().toList();
        try {
            guard.close(); // the guard stops the node when its stdin closes
        } catch (IOException ignored) {
            // the pipe is already gone, which stops the guard just the same
        }
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        LOG.info("hardhat node stopped port={}", port);
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // the node answers an h2c upgrade with 405
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(rpcUrl()))
                .timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Hardhat node exited with code " + process.exitValue()
                        + " before answering; its log ends with:\n" + tail());
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"result\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Hardhat node", e);
            }
            sleep(200);
        }
        throw new IllegalStateException("the Hardhat node did not answer within " + START_TIMEOUT.toSeconds()
                + " s; its log ends with:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return port;
        } catch (IOException e) {
            throw new PortInUseException(port);
        }
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
