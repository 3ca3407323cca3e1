package io.ballast.test.keeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy between the keeper and the node, to cut the keeper off the node without touching the chain: {@link #cut()}
 * closes the listening socket and every open connection (the keeper then gets "connection refused"), {@link #restore()}
 * listens on the same port again. {@link #loseAnswerTo} lets the next request of a method reach the node but drops the
 * node's answer and hangs up, as when a load balancer gives up after the node took a transaction.
 */
final class NodeProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile String loseAnswerTo;
    private volatile boolean cutAfterLoss;
    private volatile CountDownLatch answerLost = new CountDownLatch(1);

    private NodeProxy(InetSocketAddress target, int port) {
        this.target = target;
        this.port = port;
    }

    /** A proxy on a free local port forwarding to {@code nodePort} on 127.0.0.1. */
    static NodeProxy start(int nodePort) throws IOException {
        ServerSocket first = new ServerSocket();
        first.setReuseAddress(true);
        first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        NodeProxy proxy = new NodeProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), nodePort),
                first.getLocalPort());
        proxy.listen(first);
        return proxy;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The node becomes unreachable: no listener, every open connection closed. */
    synchronized void cut() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        closeConnections();
    }

    /**
     * The next request whose body names {@code method} reaches the node, but its answer is dropped and the connection
     * closed; with {@code thenCut} the node then becomes unreachable at once, so the keeper cannot ask what happened.
     */
    synchronized CountDownLatch loseAnswerTo(String method, boolean thenCut) {
        answerLost = new CountDownLatch(1);
        cutAfterLoss = thenCut;
        loseAnswerTo = method;
        return answerLost;
    }

    /** The node is reachable again, on the same port. */
    synchronized void restore() throws IOException {
        if (server == null) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listen(s);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        cut();
    }

    private void listen(ServerSocket socket) {
        server = socket;
        Thread acceptor = new Thread(() -> accept(socket), "node-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket node = new Socket();
                try {
                    node.connect(target, 2_000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                open.add(client);
                open.add(node);
                if (server != socket) { // cut() ran while this connection was being set up
                    closeQuietly(client);
                    closeQuietly(node);
                    return;
                }
                AtomicBoolean dropAnswer = new AtomicBoolean();
                pump(client, node, false, dropAnswer, client, node);
                pump(node, client, true, dropAnswer, client, node);
            } catch (IOException closed) {
                return; // cut() closed the listener
            }
        }
    }

    /**
     * Copies {@code from} to {@code to}. A request naming the method whose answer is to be lost marks its connection;
     * the node's answer on a marked connection is dropped and the connection closed.
     */
    private void pump(Socket from, Socket to, boolean answers, AtomicBoolean dropAnswer, Socket client, Socket node) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            String tail = "";
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (answers && dropAnswer.get()) {
                        lost();
                        break;
                    }
                    String method = loseAnswerTo;
                    if (!answers && method != null) {
                        String text = tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                        if (text.contains("\"" + method + "\"")) {
                            loseAnswerTo = null;
                            dropAnswer.set(true);
                        }
                        tail = text.substring(Math.max(0, text.length() - 64));
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // the other side, or cut(), closed the connection: that ends this pump
            } finally {
                closeQuietly(client);
                closeQuietly(node);
            }
        }, "node-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void lost() {
        if (cutAfterLoss) {
            try {
                cut();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        answerLost.countDown();
    }

    private void closeConnections() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
