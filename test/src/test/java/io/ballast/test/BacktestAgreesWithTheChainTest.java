package io.ballast.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ballast.chain.HardhatAccounts;
import io.ballast.cli.BacktestCommand;
import io.ballast.deploy.LocalMarket;
import io.ballast.scenario.PricePath;
import io.ballast.sim.ScenarioRunner;
import io.ballast.wrappers.Pool;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;

/**
 * A short backtest run on a chain the test keeps: what {@code report.json} says of each policy's final equity and
 * liquidations is what the chain itself says (the vault's {@code position()} and Aave's {@code LiquidationCall}
 * events for the vault).
 */
@ExtendWith(LocalChainExtension.class)
class BacktestAgreesWithTheChainTest {
    @TempDir
    Path dir;

    @Test
    void reportJsonAgreesWithTheVaultsAndAavesOwnRecords(LocalMarket market) throws Exception {
        // a 40% fall in eight hourly steps: the unmanaged 2x long is liquidated, the kept ones are not
        List<PricePath.Point> points = new ArrayList<>();
        String[] prices = {"2000", "1900", "1800", "1700", "1600", "1500", "1400", "1300", "1200"};
        for (int i = 0; i < prices.length; i++) {
            points.add(new PricePath.Point(1_767_225_600L + 3600L * i, new BigDecimal(prices[i])));
        }
        PricePath path = new PricePath("fall40", points);

        ScenarioRunner.Result result = BacktestCommand.run(market, path, List.of("fixed-band", "time-based"), dir,
                false);

        JsonNode policies = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("policies");
        assertThat(policies).hasSize(3);
        int liquidatedPolicies = 0;
        for (JsonNode p : policies) {
            String label = p.get("policy").asText();
            String vault = result.vaults().get(label).track.vault().vault();
            var position = result.vaults().get(label).track.vault().vault(HardhatAccounts.account(0)).position()
                    .send();
            double onChainEquity = new BigDecimal(position.equity).movePointLeft(6).doubleValue();
            assertThat(p.get("finalEquity").asDouble()).as(label + " final equity against position().equity")
                    .isCloseTo(onChainEquity, within(0.01));
            int liquidationEvents = liquidationCalls(market, vault);
            assertThat(p.get("liquidations").asInt()).as(label + " liquidations against Aave's LiquidationCall events")
                    .isEqualTo(liquidationEvents);
            if (liquidationEvents > 0) {
                liquidatedPolicies++;
            }
        }
        assertThat(policies.get(2).get("policy").asText()).isEqualTo("unmanaged");
        assertThat(policies.get(2).get("liquidations").asInt()).as("the unmanaged vault was liquidated").isPositive();
        assertThat(liquidatedPolicies).as("only the unmanaged one").isEqualTo(1);
    }

    /** Aave {@code LiquidationCall} events whose {@code user} (third indexed topic) is {@code account}. */
    private static int liquidationCalls(LocalMarket market, String account) throws Exception {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
                market.manifest().address("aavePool"));
        filter.addSingleTopic(EventEncoder.encode(Pool.LIQUIDATIONCALL_EVENT));
        filter.addNullTopic();
        filter.addNullTopic();
        filter.addSingleTopic("0x" + TypeEncoder.encode(new Address(account)));
        EthLog logs = market.chain().web3j().ethGetLogs(filter).send();
        return logs.getLogs().size();
    }
}
