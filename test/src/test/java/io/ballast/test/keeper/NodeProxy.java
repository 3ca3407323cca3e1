package io.ballast.test.keeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between the keeper and the node, to cut the keeper off the node without touching the chain: {@link #cut()}
 * closes the listening socket and every open connection (the keeper then gets "connection refused"), {@link #restore()}
 * listens on the same port again. In {@link #loseAnswers()} mode requests still reach the node but its answers are
 * dropped and the connection closed, as when a load balancer times out after the node took a transaction.
 */
final class NodeProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean losingAnswers;

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
        losingAnswers = false;
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        closeConnections();
    }

    /** Requests reach the node, answers are lost: open connections are closed so the keeper reconnects. */
    synchronized void loseAnswers() throws IOException {
        if (server == null) {
            restore();
        }
        losingAnswers = true;
        closeConnections();
    }

    /** The node is reachable again, on the same port. */
    synchronized void restore() throws IOException {
        losingAnswers = false;
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
                pump(client, node, false, client, node);
                pump(node, client, true, client, node);
            } catch (IOException closed) {
                return; // cut() closed the listener
            }
        }
    }

    /** Copies {@code from} to {@code to}; answers (node to client) are dropped while losing answers. */
    private void pump(Socket from, Socket to, boolean answers, Socket client, Socket node) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (answers && losingAnswers) {
                        break; // the node answered: drop it and hang up on the client
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (SocketException closed) {
                // the other side or cut() closed the connection
            } catch (IOException e) {
                // same: a broken connection ends the pump
            } finally {
                closeQuietly(client);
                closeQuietly(node);
            }
        }, "node-proxy-pump");
        t.setDaemon(true);
        t.start();
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
