package io.ballast.keeper.multicall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ballast.wrappers.Multicall3;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

class BatchReaderTest {
    private static final String MULTICALL = "0xcA11bde05977b3631167028862bE2a173976CA11";

    /** An encoded aggregate3 answer: one (success, data) per call. */
    private static String answer(List<Multicall3.Result> results) {
        return "0x" + FunctionEncoder.encodeConstructor(List.of(new DynamicArray<>(Multicall3.Result.class, results)));
    }

    @SuppressWarnings("unchecked")
    private static Web3j web3jAnswering(String... values) throws IOException {
        Web3j web3j = mock(Web3j.class);
        Request<?, EthCall> request = mock(Request.class);
        List<EthCall> responses = new ArrayList<>();
        for (String value : values) {
            EthCall call = new EthCall();
            call.setResult(value);
            responses.add(call);
        }
        when(request.send()).thenReturn(responses.getFirst(), responses.subList(1, responses.size())
                .toArray(EthCall[]::new));
        when(web3j.ethCall(any(Transaction.class), any())).thenAnswer(i -> request);
        return web3j;
    }

    @Test
    void shouldReportEachCallsOutcomeWithoutFailingTheBatch() throws Exception {
        Web3j web3j = web3jAnswering(answer(List.of(new Multicall3.Result(true, new byte[] {1}),
                new Multicall3.Result(false, new byte[] {(byte) 0xde, (byte) 0xad}))));
        BatchReader reader = new BatchReader(web3j, MULTICALL, 100);

        List<BatchReader.CallResult> results = reader.read(List.of(new BatchReader.Call("0x01", new byte[0]),
                new BatchReader.Call("0x02", new byte[0])), DefaultBlockParameterName.LATEST);

        assertThat(results).hasSize(2);
        assertThat(results.get(0).success()).isTrue();
        assertThat(results.get(0).returnData()).containsExactly(1);
        assertThat(results.get(1).success()).isFalse();
        assertThat(BatchReader.hex(results.get(1).returnData())).isEqualTo("0xdead");
    }

    @Test
    void shouldSplitABatchIntoPagesSentToMulticall3() throws Exception {
        Multicall3.Result ok = new Multicall3.Result(true, new byte[0]);
        Web3j web3j = web3jAnswering(answer(List.of(ok, ok)), answer(List.of(ok, ok)), answer(List.of(ok)));
        BatchReader reader = new BatchReader(web3j, MULTICALL, 2);
        List<BatchReader.Call> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(new BatchReader.Call("0x0" + i, new byte[0]));
        }

        assertThat(reader.read(calls, DefaultBlockParameterName.LATEST)).hasSize(5);
        assertThat(reader.pagesFor(5)).isEqualTo(3);
        ArgumentCaptor<Transaction> sent = ArgumentCaptor.forClass(Transaction.class);
        verify(web3j, times(3)).ethCall(sent.capture(), any());
        assertThat(sent.getAllValues()).allSatisfy(tx -> assertThat(tx.getTo()).isEqualTo(MULTICALL));
    }

    @Test
    void shouldFailClearlyWhenTheNodeRefusesTheBatchOrTheCountIsWrong() throws Exception {
        Web3j refusing = web3jAnswering("0x");
        EthCall error = new EthCall();
        error.setError(new Response.Error(-32000, "execution reverted"));
        @SuppressWarnings("unchecked")
        Request<?, EthCall> request = mock(Request.class);
        when(request.send()).thenReturn(error);
        when(refusing.ethCall(any(Transaction.class), any())).thenAnswer(i -> request);
        BatchReader reader = new BatchReader(refusing, MULTICALL, 10);
        List<BatchReader.Call> one = List.of(new BatchReader.Call("0x01", new byte[0]));
        assertThatThrownBy(() -> reader.read(one, DefaultBlockParameterName.LATEST))
                .isInstanceOf(BatchReader.BatchReadException.class)
                .hasMessageContaining("refused");

        Web3j shortAnswer = web3jAnswering(answer(List.of()));
        assertThatThrownBy(() -> new BatchReader(shortAnswer, MULTICALL, 10).read(one, DefaultBlockParameterName.LATEST))
                .hasMessageContaining("0 results for 1 calls");
        assertThatThrownBy(() -> new BatchReader(shortAnswer, MULTICALL, 0)).hasMessageContaining("at least 1");
    }
}
