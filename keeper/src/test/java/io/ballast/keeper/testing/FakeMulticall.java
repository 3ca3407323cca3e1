package io.ballast.keeper.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.ballast.keeper.chain.ChainException;
import io.ballast.wrappers.Multicall3;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

/**
 * A mocked {@link Web3j} whose {@code eth_call} behaves like Multicall3's {@code aggregate3} over the contracts of a
 * {@link FakeChain}: each call is decoded, run against the fake contract, and answered with allowed failures. A test
 * can make whole batches fail ({@link #failBatchesWhere}).
 */
public final class FakeMulticall {
    private final FakeChain chain;
    private final AtomicInteger batches = new AtomicInteger();
    private volatile Predicate<List<String>> failing = targets -> false;
    private volatile boolean throwIo;

    public FakeMulticall(FakeChain chain) {
        this.chain = chain;
    }

    /** Batches whose targets match are refused by the node (or fail in transport, with {@code transport}). */
    public FakeMulticall failBatchesWhere(Predicate<List<String>> targets, boolean transport) {
        this.failing = targets;
        this.throwIo = transport;
        return this;
    }

    public int batches() {
        return batches.get();
    }

    public Web3j web3j() {
        Web3j web3j = mock(Web3j.class);
        when(web3j.ethCall(any(Transaction.class), any())).thenAnswer(invocation -> {
            Transaction tx = invocation.getArgument(0);
            return request(tx.getData());
        });
        return web3j;
    }

    private Request<?, EthCall> request(String data) {
        return new Request<>() {
            @Override
            public EthCall send() throws IOException {
                batches.incrementAndGet();
                return answer(data);
            }
        };
    }

    private EthCall answer(String data) throws IOException {
        EthCall response = new EthCall();
        List<String> targets = targets(data);
        if (failing.test(targets)) {
            if (throwIo) {
                throw new IOException("connection reset by peer");
            }
            response.setError(new Response.Error(-32000, "request exceeds defined limit"));
            return response;
        }
        try {
            response.setResult(aggregate3(chain, data));
        } catch (ChainException e) {
            throw new IOException(e);
        }
        return response;
    }

    /** Answers {@code aggregate3(calls)} ({@code data} is the call data, 0x-prefixed) over the chain's contracts. */
    public static String aggregate3(FakeChain chain, String data) throws ChainException {
        List<Multicall3.Result> results = new ArrayList<>();
        for (Multicall3.Call3 call : calls(data)) {
            try {
                results.add(new Multicall3.Result(true, chain.call(null, call.target, call.callData)));
            } catch (ChainException.CallReverted e) {
                results.add(new Multicall3.Result(false, e.revertData()));
            }
        }
        return "0x" + FunctionEncoder.encodeConstructor(List.of(new DynamicArray<>(Multicall3.Result.class, results)));
    }

    private static List<String> targets(String data) {
        return calls(data).stream().map(c -> c.target).toList();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Multicall3.Call3> calls(String data) {
        Function aggregate3 = new Function("aggregate3", List.of(),
                List.of(new TypeReference<DynamicArray<Multicall3.Call3>>() {}));
        List<Type> decoded = FunctionReturnDecoder.decode("0x" + data.substring(10), aggregate3.getOutputParameters());
        return ((DynamicArray<Multicall3.Call3>) decoded.getFirst()).getValue();
    }
}
