package io.ballast.keeper.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.utils.Numeric;

/** {@link ChainClient} over a web3j connection. Stateless and thread-safe when the {@link Web3j} is. */
public final class Web3jChainClient implements ChainClient {
    /** JSON-RPC error code geth, Hardhat, Besu and others use for "execution reverted". */
    private static final int EXECUTION_REVERTED = 3;
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]*");

    private final Web3j web3j;

    public Web3jChainClient(Web3j web3j) {
        this.web3j = web3j;
    }

    @Override
    public long chainId() throws ChainException {
        return send(web3j.ethChainId()).getChainId().longValueExact();
    }

    @Override
    public byte[] call(String from, String to, byte[] data) throws ChainException {
        var request = web3j.ethCall(Transaction.createEthCallTransaction(from, to, Numeric.toHexString(data)),
                DefaultBlockParameterName.LATEST);
        String value = sendRevertAware(request).getValue();
        return value == null ? new byte[0] : Numeric.hexStringToByteArray(value);
    }

    @Override
    public BigInteger estimateGas(String from, String to, byte[] data) throws ChainException {
        var request = web3j.ethEstimateGas(Transaction.createEthCallTransaction(from, to, Numeric.toHexString(data)));
        return sendRevertAware(request).getAmountUsed();
    }

    @Override
    public BigInteger latestBaseFee() throws ChainException {
        EthBlock.Block block = send(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
        if (block == null) {
            throw new ChainException.Rejected("eth_getBlockByNumber", 0, "the node returned no latest block");
        }
        if (block.getBaseFeePerGasRaw() == null) {
            throw new ChainException.Rejected("eth_getBlockByNumber", 0,
                    "the latest block has no base fee: this chain does not use EIP-1559 fees");
        }
        return block.getBaseFeePerGas();
    }

    @Override
    public BigInteger transactionCount(String address, boolean pending) throws ChainException {
        return send(web3j.ethGetTransactionCount(address,
                pending ? DefaultBlockParameterName.PENDING : DefaultBlockParameterName.LATEST)).getTransactionCount();
    }

    @Override
    public String sendRawTransaction(String signedHex) throws ChainException {
        return send(web3j.ethSendRawTransaction(signedHex)).getTransactionHash();
    }

    @Override
    public Optional<TransactionReceipt> receipt(String hash) throws ChainException {
        return send(web3j.ethGetTransactionReceipt(hash)).getTransactionReceipt();
    }

    @Override
    public boolean knowsTransaction(String hash) throws ChainException {
        return send(web3j.ethGetTransactionByHash(hash)).getTransaction().isPresent();
    }

    private static <T extends Response<?>> T send(Request<?, T> request) throws ChainException {
        T response = transport(request);
        if (response.hasError()) {
            Response.Error error = response.getError();
            throw new ChainException.Rejected(request.getMethod(), error.getCode(), error.getMessage());
        }
        return response;
    }

    /** Like {@link #send}, but a revert becomes {@link ChainException.CallReverted} with its data. */
    private static <T extends Response<?>> T sendRevertAware(Request<?, T> request) throws ChainException {
        T response = transport(request);
        if (response.hasError()) {
            Response.Error error = response.getError();
            String message = error.getMessage() == null ? "" : error.getMessage();
            if (error.getCode() == EXECUTION_REVERTED || message.toLowerCase().contains("revert")) {
                throw new ChainException.CallReverted(request.getMethod(), error.getCode(), message,
                        revertData(error.getData()));
            }
            throw new ChainException.Rejected(request.getMethod(), error.getCode(), message);
        }
        return response;
    }

    private static <T extends Response<?>> T transport(Request<?, T> request) throws ChainException.Unreachable {
        try {
            T response = request.send();
            if (response == null) {
                throw new ChainException.Unreachable(request.getMethod() + ": empty reply from the node", null);
            }
            return response;
        } catch (IOException | ClientConnectionException e) {
            throw new ChainException.Unreachable(request.getMethod() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The revert data in a JSON-RPC error's {@code data}: web3j keeps it as raw JSON (a quoted hex string, or an
     * object holding one), so take the first hex string in it.
     */
    static byte[] revertData(String data) {
        if (data == null) {
            return new byte[0];
        }
        Matcher hex = HEX.matcher(data);
        return hex.find() && hex.group().length() % 2 == 0 ? Numeric.hexStringToByteArray(hex.group()) : new byte[0];
    }
}
