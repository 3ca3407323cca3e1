package io.ballast.test.keeper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.http.HttpService;

/**
 * The keeper's JSON-RPC connection, seen from the test: records every request the keeper makes (method and
 * parameters, in order) and lets a test hold a request back or look at its answer through an {@link Interceptor}.
 * Thread-safe.
 */
final class RecordingHttpService extends HttpService {
    /** Sees each request before it is sent and its answer after (an answer is null when the node gave none). */
    interface Interceptor {
        void before(Request<?, ?> request) throws IOException;

        void after(Request<?, ?> request, Response<?> response);
    }

    /** One request: its method and parameters as web3j built them. */
    record Call(String method, List<?> params) {}

    private final List<Call> calls = new ArrayList<>();
    private volatile Interceptor interceptor;

    RecordingHttpService(String url) {
        super(url);
    }

    void intercept(Interceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public <T extends Response> T send(Request request, Class<T> responseType) throws IOException {
        synchronized (calls) {
            calls.add(new Call(request.getMethod(), List.copyOf(request.getParams())));
        }
        Interceptor seen = interceptor;
        if (seen != null) {
            seen.before(request);
        }
        T response = null;
        try {
            response = super.send(request, responseType);
            return response;
        } finally {
            if (seen != null) {
                seen.after(request, response);
            }
        }
    }

    /** Every request so far, in order. */
    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Requests of {@code method} so far. */
    long count(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).count();
    }

    /** The signed transactions sent with {@code eth_sendRawTransaction}, in order (repeats included). */
    List<String> rawTransactions() {
        return calls().stream().filter(c -> c.method().equals("eth_sendRawTransaction"))
                .map(c -> (String) c.params().getFirst()).toList();
    }

    /** {@code eth_call}s so far whose target is {@code to}. */
    long ethCallsTo(String to) {
        return calls().stream().filter(c -> c.method().equals("eth_call"))
                .filter(c -> to.equalsIgnoreCase(transaction(c.params()).getTo())).count();
    }

    /** The call object of an {@code eth_call} or {@code eth_estimateGas}. */
    static Transaction transaction(List<?> params) {
        return (Transaction) params.getFirst();
    }
}
