package io.ballast.keeper.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.exceptions.ClientConnectionException;

class Web3jChainClientTest {
    private static final String TO = "0x00000000000000000000000000000000000000a1";

    private final Web3j web3j = mock(Web3j.class);
    private final Web3jChainClient client = new Web3jChainClient(web3j);

    @SuppressWarnings("unchecked")
    private static <T extends Response<?>> Request<?, T> answering(T response) throws IOException {
        Request<?, T> request = mock(Request.class);
        when(request.send()).thenReturn(response);
        return request;
    }

    @Test
    void shouldTurnARevertIntoCallRevertedWithItsData() throws Exception {
        // Hardhat's answer, as observed: code 3, data as a quoted hex string
        EthCall reverted = new EthCall();
        reverted.setError(new Response.Error(3, "VM Exception while processing transaction: reverted with an "
                + "unrecognized custom error (return data: 0xdeadbeef)"));
        reverted.getError().setData("\"0xdeadbeef\"");
        Request<?, EthCall> request = answering(reverted);
        when(web3j.ethCall(any(Transaction.class), any())).thenAnswer(i -> request);

        assertThatThrownBy(() -> client.call(null, TO, new byte[0]))
                .isInstanceOfSatisfying(ChainException.CallReverted.class, e -> {
                    assertThat(e.revertData()).containsExactly(0xde, 0xad, 0xbe, 0xef);
                    assertThat(e.code()).isEqualTo(3);
                });
    }

    @Test
    void shouldTellANodeErrorFromARevertAndFromATransportFailure() throws Exception {
        EthSendTransaction refused = new EthSendTransaction();
        refused.setError(new Response.Error(-32000, "nonce too low"));
        Request<?, EthSendTransaction> send = answering(refused);
        when(web3j.ethSendRawTransaction(any())).thenAnswer(i -> send);
        assertThatThrownBy(() -> client.sendRawTransaction("0x01"))
                .isInstanceOfSatisfying(ChainException.Rejected.class,
                        e -> assertThat(e.nodeMessage()).isEqualTo("nonce too low"))
                .isNotInstanceOf(ChainException.CallReverted.class);

        @SuppressWarnings("unchecked")
        Request<?, EthCall> down = mock(Request.class);
        when(down.send()).thenThrow(new ClientConnectionException("Invalid response received: 502"));
        when(web3j.ethCall(any(Transaction.class), any())).thenAnswer(i -> down);
        assertThatThrownBy(() -> client.call(null, TO, new byte[0])).isInstanceOf(ChainException.Unreachable.class)
                .hasMessageContaining("502");
    }

    @Test
    void shouldRefuseAChainWithoutBaseFee() throws Exception {
        EthBlock block = new EthBlock();
        block.setResult(new EthBlock.Block());
        Request<?, EthBlock> request = answering(block);
        when(web3j.ethGetBlockByNumber(any(), org.mockito.ArgumentMatchers.anyBoolean())).thenAnswer(i -> request);
        assertThatThrownBy(client::latestBaseFee).hasMessageContaining("does not use EIP-1559");

        EthBlock.Block withFee = new EthBlock.Block();
        withFee.setBaseFeePerGas("0x3b9aca00");
        block.setResult(withFee);
        assertThat(client.latestBaseFee()).isEqualTo(BigInteger.valueOf(1_000_000_000L));
    }

    @Test
    void shouldFindRevertDataWhateverShapeTheNodeGivesIt() {
        assertThat(Web3jChainClient.revertData("\"0x1234\"")).containsExactly(0x12, 0x34);
        assertThat(Web3jChainClient.revertData("{\"data\":\"0xabcd\"}")).containsExactly(0xab, 0xcd);
        assertThat(Web3jChainClient.revertData(null)).isEmpty();
        assertThat(Web3jChainClient.revertData("\"Reverted\"")).isEmpty();
    }
}
