package io.ballast.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** A JSON-RPC connection with its chain id, transaction managers per account and a few node helpers. */
public final class Chain implements AutoCloseable {
    private final HttpService service;
    private final Web3j web3j;
    private final long chainId;
    private final EstimatingGasProvider gasProvider;

    private Chain(HttpService service, Web3j web3j, long chainId) {
        this.service = service;
        this.web3j = web3j;
        this.chainId = chainId;
        this.gasProvider = new EstimatingGasProvider(web3j, chainId);
    }

    /** Connects to {@code rpcUrl} and reads its chain id. */
    public static Chain connect(String rpcUrl) {
        HttpService service = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(service);
        try {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            return new Chain(service, web3j, chainId);
        } catch (IOException e) {
            web3j.shutdown();
            throw new UncheckedIOException("cannot reach " + rpcUrl + ": " + e.getMessage(), e);
        }
    }

    public Web3j web3j() {
        return web3j;
    }

    public long chainId() {
        return chainId;
    }

    public EstimatingGasProvider gasProvider() {
        return gasProvider;
    }

    /** A signing transaction manager for {@code credentials} that polls for receipts every 50 ms, up to 60 s. */
    public TransactionManager txManager(Credentials credentials) {
        return new RawTransactionManager(web3j, credentials, chainId,
                new PollingTransactionReceiptProcessor(web3j, 50, 1200));
    }

    public BigInteger blockNumber() {
        return call(web3j.ethBlockNumber()).getBlockNumber();
    }

    /** Timestamp of the latest block, in unix seconds. */
    public long latestTimestamp() {
        EthBlock.Block block = call(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
        return block.getTimestamp().longValueExact();
    }

    public boolean hasCode(String address) {
        String code = call(web3j.ethGetCode(address, DefaultBlockParameterName.LATEST)).getCode();
        return code != null && code.length() > 2;
    }

    /** Moves the node's clock forward by {@code seconds} and mines a block (Hardhat only). */
    public void advanceTime(long seconds) {
        raw("evm_increaseTime", List.of(seconds));
        raw("evm_mine", List.of());
    }

    /** Takes a Hardhat snapshot; {@link #revert(String)} returns the chain to it once. */
    public String snapshot() {
        return (String) raw("evm_snapshot", List.of());
    }

    public boolean revert(String snapshotId) {
        return Boolean.TRUE.equals(raw("evm_revert", List.of(snapshotId)));
    }

    /** Sends a raw JSON-RPC request and returns its result; throws with the node's message on an error. */
    public Object raw(String method, List<?> params) {
        Request<?, RawResponse> request = new Request<>(method, params, service, RawResponse.class);
        return call(request).getResult();
    }

    /** Sends {@code request}, turning transport failures and JSON-RPC errors into unchecked exceptions. */
    public static <T extends Response<?>> T call(Request<?, T> request) {
        try {
            T response = request.send();
            if (response.hasError()) {
                throw new TransactionRevertedException(
                        request.getMethod() + ": " + response.getError().getMessage(), response.getError().getData());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(request.getMethod() + " failed: " + e.getMessage(), e);
        }
    }

    /** A response whose result is left as the JSON parser made it. */
    public static final class RawResponse extends Response<Object> {}

    @Override
    public void close() {
        web3j.shutdown();
    }
}
