package io.ballast.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.Units;
import io.ballast.keeper.multicall.BatchReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint80;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/** The keeper's batched reads go through the local Multicall3 at its canonical address. */
@ExtendWith(LocalChainExtension.class)
class BatchReaderChainTest {
    @Test
    void shouldReadHundredsOfCallsInPagesAndIsolateAFailingOne(LocalMarket market) throws Exception {
        market.usdc(HardhatAccounts.account(0)).mint(HardhatAccounts.account(7).getAddress(), Units.raw("42", 6)).send();
        List<BatchReader.Call> calls = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String holder = HardhatAccounts.account(i % HardhatAccounts.COUNT).getAddress();
            calls.add(new BatchReader.Call(market.usdc(), Numeric.hexStringToByteArray(FunctionEncoder.encode(
                    new Function("balanceOf", List.of(new Address(holder)), List.of())))));
        }
        // a call that reverts: round 99 of the feed does not exist
        calls.add(new BatchReader.Call(market.manifest().address("wethUsdFeed"), Numeric.hexStringToByteArray(
                FunctionEncoder.encode(new Function("getRoundData", List.of(new Uint80(99)), List.of())))));

        BatchReader reader = new BatchReader(market.chain().web3j(), market.manifest().address("multicall3"), 100);
        List<BatchReader.CallResult> results = reader.read(calls, DefaultBlockParameterName.LATEST);

        assertThat(results).hasSize(251);
        assertThat(reader.pagesFor(251)).isEqualTo(3);
        assertThat(results.subList(0, 250)).allSatisfy(r -> assertThat(r.success()).isTrue());
        assertThat(new BigInteger(1, results.get(7).returnData())).isEqualTo(Units.raw("42", 6));
        assertThat(new BigInteger(1, results.get(27).returnData())).as("account 7 again").isEqualTo(Units.raw("42", 6));
        assertThat(results.get(250).success()).isFalse();
        assertThat(BatchReader.hex(results.get(250).returnData())).startsWith(
                Numeric.toHexString(org.web3j.crypto.Hash.sha3("FeedRoundNotFound(uint80)".getBytes())).substring(0, 10));
    }
}
