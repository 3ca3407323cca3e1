package io.ballast.keeper.multicall;

import io.ballast.wrappers.Multicall3;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.utils.Numeric;

/**
 * Reads many contract calls in few {@code eth_call}s through Multicall3's {@code aggregate3}, with every call allowed
 * to fail: one reverting target is reported in its own {@link CallResult} and never fails the batch. Calls are sent in
 * pages of at most {@code pageSize}, so a batch of any size stays under the node's call gas limit.
 */
public final class BatchReader {
    /** One read: {@code callData} (ABI-encoded) sent to {@code target}. */
    public record Call(String target, byte[] callData) {}

    /** Outcome of one read: success and return data, or failure and revert data. */
    public record CallResult(boolean success, byte[] returnData) {}

    /** The batch itself could not be read (transport error or the node refused the whole call). */
    public static final class BatchReadException extends IOException {
        public BatchReadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Web3j web3j;
    private final String multicall3;
    private final int pageSize;

    /**
     * @param web3j the connection
     * @param multicall3 address of a contract with Multicall3's {@code aggregate3}
     * @param pageSize calls per {@code eth_call}, at least 1
     */
    public BatchReader(Web3j web3j, String multicall3, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        this.web3j = web3j;
        this.multicall3 = multicall3;
        this.pageSize = pageSize;
    }

    /** Reads every call at {@code block}; results are in the order of {@code calls}. */
    public List<CallResult> read(List<Call> calls, DefaultBlockParameter block) throws BatchReadException {
        List<CallResult> results = new ArrayList<>(calls.size());
        for (int from = 0; from < calls.size(); from += pageSize) {
            results.addAll(readPage(calls.subList(from, Math.min(calls.size(), from + pageSize)), block));
        }
        return results;
    }

    /** Number of {@code eth_call}s {@link #read} makes for {@code calls} calls. */
    public int pagesFor(int calls) {
        return (calls + pageSize - 1) / pageSize;
    }

    private List<CallResult> readPage(List<Call> page, DefaultBlockParameter block) throws BatchReadException {
        List<Multicall3.Call3> encoded = page.stream()
                .map(c -> new Multicall3.Call3(c.target(), true, c.callData()))
                .toList();
        Function aggregate3 = new Function("aggregate3",
                List.of(new DynamicArray<>(Multicall3.Call3.class, encoded)),
                List.of(new TypeReference<DynamicArray<Multicall3.Result>>() {}));
        EthCall response;
        try {
            response = web3j.ethCall(Transaction.createEthCallTransaction(null, multicall3,
                    FunctionEncoder.encode(aggregate3)), block).send();
        } catch (IOException e) {
            throw new BatchReadException("aggregate3 call to " + multicall3 + " failed: " + e.getMessage(), e);
        }
        if (response.hasError() || response.isReverted()) {
            String reason = response.hasError() ? response.getError().getMessage() : response.getRevertReason();
            throw new BatchReadException("aggregate3 at " + multicall3 + " was refused: " + reason, null);
        }
        @SuppressWarnings("rawtypes")
        List<Type> decoded = FunctionReturnDecoder.decode(response.getValue(), aggregate3.getOutputParameters());
        if (decoded.isEmpty()) {
            throw new BatchReadException("aggregate3 at " + multicall3 + " returned nothing: is it Multicall3?", null);
        }
        @SuppressWarnings("unchecked")
        List<Multicall3.Result> raw = ((DynamicArray<Multicall3.Result>) decoded.get(0)).getValue();
        if (raw.size() != page.size()) {
            throw new BatchReadException("aggregate3 returned " + raw.size() + " results for " + page.size()
                    + " calls", null);
        }
        return raw.stream().map(r -> new CallResult(r.success, r.returnData)).toList();
    }

    /** Hex of {@code bytes} with 0x, for logs. */
    public static String hex(byte[] bytes) {
        return Numeric.toHexString(bytes);
    }
}
