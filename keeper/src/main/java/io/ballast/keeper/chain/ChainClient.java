package io.ballast.keeper.chain;

import java.math.BigInteger;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The JSON-RPC calls the keeper makes, with typed failures: {@link ChainException.Unreachable} when the node did not
 * answer, {@link ChainException.Rejected} when it answered with an error, {@link ChainException.CallReverted} when a
 * call or estimate reverted. {@link Web3jChainClient} implements it over web3j; tests implement it in memory.
 */
public interface ChainClient {
    /** {@code eth_chainId}. */
    long chainId() throws ChainException;

    /** {@code eth_call} at the latest block; {@code from} may be null. Returns the return data. */
    byte[] call(String from, String to, byte[] data) throws ChainException;

    /** {@code eth_estimateGas} for a call from {@code from}. */
    BigInteger estimateGas(String from, String to, byte[] data) throws ChainException;

    /** Base fee per gas of the latest block; a {@link ChainException.Rejected} on a chain without EIP-1559. */
    BigInteger latestBaseFee() throws ChainException;

    /** {@code eth_getTransactionCount} at {@code pending} or at {@code latest}. */
    BigInteger transactionCount(String address, boolean pending) throws ChainException;

    /** {@code eth_sendRawTransaction}; returns the hash the node reports. */
    String sendRawTransaction(String signedHex) throws ChainException;

    /** {@code eth_getTransactionReceipt}: empty while the transaction is not mined (or unknown). */
    Optional<TransactionReceipt> receipt(String hash) throws ChainException;

    /** Whether the node knows the transaction ({@code eth_getTransactionByHash}), pending or mined. */
    boolean knowsTransaction(String hash) throws ChainException;
}
