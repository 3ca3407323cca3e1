package io.ballast.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.tx.gas.ContractEIP1559GasProvider;

/**
 * EIP-1559 fees from the latest base fee ({@code 2 * baseFee + tip}) and a gas limit from {@code eth_estimateGas} with
 * 25% headroom, capped below the per-transaction limit of EIP-7825. A transaction that would revert fails here, before
 * it is signed or sent, with the node's revert message.
 */
public final class EstimatingGasProvider implements ContractEIP1559GasProvider {
    /** EIP-7825 caps a transaction at 2^24 gas; stay just below. */
    public static final BigInteger MAX_GAS = BigInteger.valueOf(16_000_000L);

    private static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L);

    private final Web3j web3j;
    private final long chainId;

    public EstimatingGasProvider(Web3j web3j, long chainId) {
        this.web3j = web3j;
        this.chainId = chainId;
    }

    @Override
    public BigInteger getGasLimit(Transaction transaction) {
        try {
            EthEstimateGas estimate = web3j.ethEstimateGas(transaction).send();
            if (estimate.hasError()) {
                throw new TransactionRevertedException(estimate.getError().getMessage(), estimate.getError().getData());
            }
            BigInteger withHeadroom = estimate.getAmountUsed().multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4));
            return withHeadroom.min(MAX_GAS);
        } catch (IOException e) {
            throw new UncheckedIOException("eth_estimateGas failed: " + e.getMessage(), e);
        }
    }

    @Override
    public BigInteger getGasLimit() {
        return MAX_GAS;
    }

    @Override
    public BigInteger getGasPrice() {
        return getMaxFeePerGas();
    }

    @Override
    public long getChainId() {
        return chainId;
    }

    @Override
    public BigInteger getMaxFeePerGas() {
        try {
            BigInteger baseFee = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                    .send()
                    .getBlock()
                    .getBaseFeePerGas();
            return baseFee.shiftLeft(1).add(TIP);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the base fee: " + e.getMessage(), e);
        }
    }

    @Override
    public BigInteger getMaxPriorityFeePerGas() {
        return TIP;
    }
}
