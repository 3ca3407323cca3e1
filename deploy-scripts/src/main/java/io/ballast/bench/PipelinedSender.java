package io.ballast.bench;

import io.ballast.chain.Chain;
import io.ballast.chain.EstimatingGasProvider;
import io.ballast.chain.TransactionRevertedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Many transactions from one account, fast: signed with consecutive nonces and sent one after the other without
 * estimating each one or waiting for its receipt, then confirmed together. For setting up large local fixtures
 * (hundreds of vaults); a real deployment should send one transaction at a time.
 */
public final class PipelinedSender {
    private static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L);
    /** Gas limit over a call's estimate, for calls of the same shape that cost a little more or less. */
    private static final int HEADROOM_PERCENT = 50;

    /** One call: {@code data} sent to {@code to}. */
    public record Call(String to, String data) {}

    private final Chain chain;
    private final Credentials from;

    public PipelinedSender(Chain chain, Credentials from) {
        this.chain = chain;
        this.from = from;
    }

    /**
     * Sends every call and returns their receipts, in order. The gas limit is the first call's estimate plus headroom,
     * so the calls should be of one shape (the same function with similar arguments).
     *
     * @throws TransactionRevertedException when the node refuses a call or one reverts
     */
    public List<TransactionReceipt> sendAll(List<Call> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        Web3j web3j = chain.web3j();
        BigInteger gasLimit = estimate(calls.getFirst()).multiply(BigInteger.valueOf(100 + HEADROOM_PERCENT))
                .divide(BigInteger.valueOf(100)).min(EstimatingGasProvider.MAX_GAS);
        BigInteger nonce = Chain.call(web3j.ethGetTransactionCount(from.getAddress(),
                DefaultBlockParameterName.PENDING)).getTransactionCount();
        List<String> hashes = new ArrayList<>(calls.size());
        for (Call call : calls) {
            // the base fee moves with every block: read it per transaction so a long run never falls below it
            BigInteger maxFee = baseFee(web3j).shiftLeft(1).add(TIP);
            RawTransaction tx = RawTransaction.createTransaction(chain.chainId(), nonce, gasLimit, call.to(),
                    BigInteger.ZERO, call.data(), TIP, maxFee);
            String signed = Numeric.toHexString(TransactionEncoder.signMessage(tx, from));
            hashes.add(Chain.call(web3j.ethSendRawTransaction(signed)).getTransactionHash());
            nonce = nonce.add(BigInteger.ONE);
        }
        List<TransactionReceipt> receipts = new ArrayList<>(hashes.size());
        for (String hash : hashes) {
            TransactionReceipt receipt = awaitReceipt(web3j, hash);
            if (!receipt.isStatusOK()) {
                throw new TransactionRevertedException("pipelined transaction " + hash + " reverted", null);
            }
            receipts.add(receipt);
        }
        return receipts;
    }

    private BigInteger estimate(Call call) {
        return Chain.call(chain.web3j().ethEstimateGas(Transaction.createEthCallTransaction(from.getAddress(),
                call.to(), call.data()))).getAmountUsed();
    }

    private static BigInteger baseFee(Web3j web3j) {
        return Chain.call(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock()
                .getBaseFeePerGas();
    }

    private static TransactionReceipt awaitReceipt(Web3j web3j, String hash) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            var receipt = Chain.call(web3j.ethGetTransactionReceipt(hash)).getTransactionReceipt();
            if (receipt.isPresent()) {
                return receipt.get();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + hash, e);
            }
        }
        throw new UncheckedIOException(new IOException("no receipt for " + hash + " within 60 s"));
    }
}
