package io.ballast.keeper.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ballast.keeper.chain.ChainException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.web3j.protocol.ObjectMapperFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * A JSON-RPC endpoint over HTTP backed by a {@link FakeChain}, with Multicall3's {@code aggregate3} at the canonical
 * address: lets the commands and {@code Web3jChainClient} run end to end, web3j's HTTP transport included, without a
 * node. A {@link FakeChain#unreachable} chain answers HTTP 503.
 */
public final class FakeRpcServer implements AutoCloseable {
    public static final String MULTICALL3 = "0xcA11bde05977b3631167028862bE2a173976CA11";

    private final FakeChain chain;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final ObjectMapper json = ObjectMapperFactory.getObjectMapper();

    public FakeRpcServer(FakeChain chain) throws IOException {
        this.chain = chain;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = json.readTree(exchange.getRequestBody());
            ObjectNode response = json.createObjectNode();
            response.put("jsonrpc", "2.0");
            response.set("id", request.get("id"));
            try {
                response.set("result", json.valueToTree(dispatch(request.get("method").asText(), request.get("params"))));
            } catch (ChainException.Unreachable e) {
                exchange.sendResponseHeaders(503, -1);
                return;
            } catch (ChainException.CallReverted e) {
                response.set("error", json.valueToTree(Map.of("code", e.code(), "message", e.nodeMessage(),
                        "data", Numeric.toHexString(e.revertData()))));
            } catch (ChainException.Rejected e) {
                response.set("error", json.valueToTree(Map.of("code", e.code(), "message", e.nodeMessage())));
            } catch (ChainException e) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            byte[] body = json.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Object dispatch(String method, JsonNode params) throws ChainException {
        return switch (method) {
            case "eth_chainId" -> Numeric.encodeQuantity(BigInteger.valueOf(chain.chainId()));
            case "eth_getTransactionCount" -> Numeric.encodeQuantity(chain.transactionCount(params.get(0).asText(),
                    params.get(1).asText().equals("pending")));
            case "eth_call" -> {
                JsonNode tx = params.get(0);
                String to = tx.get("to").asText();
                String data = tx.path("data").asText(tx.path("input").asText("0x"));
                if (to.equalsIgnoreCase(MULTICALL3)) {
                    yield FakeMulticall.aggregate3(chain, data);
                }
                yield Numeric.toHexString(chain.call(tx.path("from").asText(null), to,
                        Numeric.hexStringToByteArray(data)));
            }
            case "eth_estimateGas" -> {
                JsonNode tx = params.get(0);
                yield Numeric.encodeQuantity(chain.estimateGas(tx.path("from").asText(null), tx.get("to").asText(),
                        Numeric.hexStringToByteArray(tx.path("data").asText("0x"))));
            }
            case "eth_getBlockByNumber" -> Map.of("number", "0x64", "hash", "0x" + "11".repeat(32),
                    "timestamp", "0x6554f000", "baseFeePerGas", Numeric.encodeQuantity(chain.latestBaseFee()),
                    "transactions", java.util.List.of());
            case "eth_sendRawTransaction" -> chain.sendRawTransaction(params.get(0).asText());
            case "eth_getTransactionReceipt" -> chain.receipt(params.get(0).asText()).map(FakeRpcServer::receipt)
                    .orElse(null);
            case "eth_getTransactionByHash" -> chain.knowsTransaction(params.get(0).asText())
                    ? Map.of("hash", params.get(0).asText()) : null;
            default -> throw new ChainException.Rejected(method, -32601, "method not found: " + method);
        };
    }

    private static Map<String, Object> receipt(TransactionReceipt r) {
        return Map.of("transactionHash", r.getTransactionHash(), "status", r.getStatus(), "gasUsed", r.getGasUsedRaw(),
                "effectiveGasPrice", r.getEffectiveGasPrice(), "blockNumber", r.getBlockNumberRaw(),
                "from", r.getFrom(), "to", Optional.ofNullable(r.getTo()).orElse("0x"), "logs", java.util.List.of(),
                "cumulativeGasUsed", r.getGasUsedRaw());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
