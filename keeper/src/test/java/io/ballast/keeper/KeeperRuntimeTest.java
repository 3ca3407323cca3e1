package io.ballast.keeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.ballast.keeper.act.Sleeper;
import io.ballast.keeper.config.ConfigException;
import io.ballast.keeper.config.ConfigKey;
import io.ballast.keeper.config.KeeperConfig;
import io.ballast.keeper.config.Secret;
import io.ballast.keeper.testing.FakeChain;
import io.ballast.keeper.testing.TestKeys;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthChainId;

class KeeperRuntimeTest {
    private static KeeperConfig config(long chainId) {
        return KeeperConfig.builder().rpcUrl("https://node.example.com/v2/api-key-xyz").chainId(chainId)
                .privateKey(Secret.of(TestKeys.KEY_0)).vaults(List.of(TestKeys.VAULT_A)).metricsPort(-1).build();
    }

    @Test
    void shouldRefuseToStartOnAnotherChainThanConfigured() {
        FakeChain mainnet = new FakeChain().chainId(1);

        assertThatThrownBy(() -> KeeperRuntime.verifyChain(mainnet, config(31337)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("chain-id: the endpoint https://node.example.com/*** is on chain 1 but chain-id is 31337:"
                        + " refusing to start")
                .satisfies(e -> assertThat(((ConfigException) e).key()).contains(ConfigKey.CHAIN_ID));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCheckTheChainBeforeLoadingTheKeyOrTouchingTheNonce() throws Exception {
        Web3j web3j = mock(Web3j.class);
        Request<?, EthChainId> request = mock(Request.class);
        EthChainId answer = new EthChainId();
        answer.setResult("0x1");
        when(request.send()).thenReturn(answer);
        when(web3j.ethChainId()).thenAnswer(i -> request);

        assertThatThrownBy(() -> KeeperRuntime.start(config(31337), web3j, Clock.systemUTC(), Sleeper.SYSTEM))
                .isInstanceOf(ConfigException.class).hasMessageContaining("on chain 1");
        org.mockito.Mockito.verify(web3j).ethChainId();
        org.mockito.Mockito.verifyNoMoreInteractions(web3j);
    }
}
