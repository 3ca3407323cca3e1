package io.ballast.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalMarketDeployer;
import io.ballast.deploy.Manifest;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** The deployment writes a manifest and resumes from it instead of deploying twice. */
@ExtendWith(LocalChainExtension.class)
class LocalMarketDeploymentTest {
    private static final String DEPLOYER = HardhatAccounts.account(HardhatAccounts.DEPLOYER).getAddress();

    private static long deployerNonce(Chain chain) {
        return Chain.call(chain.web3j().ethGetTransactionCount(DEPLOYER, DefaultBlockParameterName.LATEST))
                .getTransactionCount().longValueExact();
    }

    @Test
    void manifestNamesTheChainTheBlockAndEveryAddressWithCode(LocalMarket market, Chain chain) {
        Manifest manifest = market.manifest();
        assertThat(manifest.chainId()).isEqualTo(31337L);
        assertThat(manifest.block()).isPositive().isLessThanOrEqualTo(chain.blockNumber().longValueExact());
        assertThat(manifest.contracts()).containsKeys("usdc", "weth", "usdcUsdFeed", "wethUsdFeed", "multicall3",
                "uniswapFactory", "uniswapPool500", "uniswapPool3000", "swapRouter", "quoterV2",
                "aaveAddressesProvider", "aaveAclManager", "aavePool", "aaveConfigurator", "aaveOracle",
                "aaveDataProvider", "aaveBorrowLogic", "aaveSupplyLogic", "aaveLiquidationLogic");
        assertThat(manifest.contracts().values()).allSatisfy(address -> assertThat(chain.hasCode(address)).isTrue());
        assertThat(Manifest.read(manifest.file())).hasValueSatisfying(
                read -> assertThat(read.contracts()).isEqualTo(manifest.contracts()));
    }

    @Test
    void aCompleteManifestSendsNoTransactionAndAnInterruptedOneResumes(Chain chain) throws Exception {
        Path file = Path.of("target", "manifests", "resume.json");
        Files.deleteIfExists(file);
        long before = deployerNonce(chain);
        LocalMarket full = new LocalMarketDeployer(chain, LocalMarketDeployer.Config.defaults()).deploy(file);
        long fullTransactions = deployerNonce(chain) - before;

        long beforeRerun = deployerNonce(chain);
        LocalMarket rerun = new LocalMarketDeployer(chain, LocalMarketDeployer.Config.defaults()).deploy(file);
        assertThat(deployerNonce(chain)).as("nothing sent when everything is recorded").isEqualTo(beforeRerun);
        assertThat(rerun.manifest().contracts()).isEqualTo(full.manifest().contracts());

        // interrupted after the first ten contracts (tokens, feeds, Multicall3, Uniswap core), before any step
        List<Map.Entry<String, String>> kept = new ArrayList<>(full.manifest().contracts().entrySet()).subList(0, 10);
        ObjectMapper json = new ObjectMapper();
        ObjectNode truncated = (ObjectNode) json.readTree(file.toFile());
        ObjectNode contracts = truncated.putObject("contracts");
        kept.forEach(e -> contracts.put(e.getKey(), e.getValue()));
        truncated.putObject("steps");
        json.writeValue(file.toFile(), truncated);

        long beforeResume = deployerNonce(chain);
        LocalMarket resumed = new LocalMarketDeployer(chain, LocalMarketDeployer.Config.defaults()).deploy(file);
        long resumeTransactions = deployerNonce(chain) - beforeResume;

        kept.forEach(e -> assertThat(resumed.manifest().address(e.getKey())).isEqualTo(e.getValue()));
        assertThat(resumed.manifest().contracts().keySet()).isEqualTo(full.manifest().contracts().keySet());
        assertThat(resumed.manifest().steps().keySet()).isEqualTo(full.manifest().steps().keySet());
        assertThat(resumeTransactions).as("only the missing part is deployed")
                .isPositive().isLessThan(fullTransactions);
        assertThat(resumed.aavePool(HardhatAccounts.account(0)).getReservesList().send()).hasSize(2);
    }

    @Test
    void aManifestOfAnotherChainIsNotResumed(Chain chain) throws Exception {
        Path file = Path.of("target", "manifests", "other-chain.json");
        Files.deleteIfExists(file);
        Manifest.create(file, 1L).putContract("usdc", "0x5FbDB2315678afecb367f032d93F642f64180aa3", 1);

        LocalMarket market = new LocalMarketDeployer(chain, LocalMarketDeployer.Config.defaults()).deploy(file);

        assertThat(market.manifest().chainId()).isEqualTo(chain.chainId());
        assertThat(market.manifest().contracts()).hasSizeGreaterThan(30);
        assertThat(new BigInteger(market.usdc(HardhatAccounts.account(0)).decimals().send().toString()))
                .isEqualTo(BigInteger.valueOf(6));
    }
}
