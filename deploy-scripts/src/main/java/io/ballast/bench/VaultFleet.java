package io.ballast.bench;

import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalMarketDeployer;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.RiskSpec;
import io.ballast.wrappers.BallastPriceModule;
import io.ballast.wrappers.BallastVault;
import io.ballast.wrappers.BallastVaultFactory;
import io.ballast.wrappers.TestERC20;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Many real Ballast vaults on the local market, deployed cheaply for scale tests and benchmarks: one price module
 * shared by all of them (a price module only reads the feeds, so sharing it changes nothing a vault decides), created
 * through the factory with {@link PipelinedSender}. Unlike {@link BallastDeployer#deployVault}, nothing is recorded in
 * the manifest and no keeper is granted a role.
 */
public final class VaultFleet {
    private static final Credentials ADMIN = HardhatAccounts.account(HardhatAccounts.DEPLOYER);

    private VaultFleet() {}

    /**
     * Deploys {@code count} USDC/WETH vaults with {@code policy}, share symbols {@code prefix0}, {@code prefix1}, ...,
     * sharing one new price module; the factory and adapters are deployed first if the market has none.
     *
     * @return the vault addresses, in creation order
     */
    public static List<String> deploy(LocalMarket market, String prefix, int count, PolicySpec policy)
            throws Exception {
        String factoryAddress = new BallastDeployer(market).deployFactory();
        var chain = market.chain();
        String priceModule = BallastPriceModule.deploy(chain.web3j(), chain.txManager(ADMIN), chain.gasProvider(),
                feed(market, "wethUsdFeed", "10", "100000"), feed(market, "usdcUsdFeed", "0.5", "2"),
                feed(market, "wethUsdFeed", "10", "100000"), Address.DEFAULT.getValue(), BigInteger.ZERO).send()
                .getContractAddress();
        BallastVaultFactory factory = BallastVaultFactory.load(factoryAddress, chain.web3j(), chain.txManager(ADMIN),
                chain.gasProvider());
        String admin = ADMIN.getAddress();
        List<PipelinedSender.Call> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String symbol = prefix + i;
            calls.add(new PipelinedSender.Call(factoryAddress, factory.createVault(new BallastVaultFactory.VaultConfig(
                    market.usdc(), market.weth(), "Ballast " + symbol, symbol, priceModule, Address.DEFAULT.getValue(),
                    market.manifest().address("ballastLendingAdapter"), market.manifest().address("ballastSwapAdapter"),
                    admin, admin, admin), policy.toFactoryPolicy(), PolicySpec.lowerBounds().toFactoryPolicy(),
                    PolicySpec.upperBounds().toFactoryPolicy(), BigInteger.valueOf(BallastDeployer.TIMELOCK),
                    RiskSpec.defaults().toFactoryRisk())
                    .encodeFunctionCall()));
        }
        List<String> vaults = new ArrayList<>(count);
        for (TransactionReceipt receipt : new PipelinedSender(chain, ADMIN).sendAll(calls)) {
            vaults.add(BallastVaultFactory.getVaultCreatedEvents(receipt).getFirst().vault);
        }
        return vaults;
    }

    /**
     * Mints {@code assetsEach} USDC (raw units) per vault to {@code depositor} and deposits it into every vault, so
     * each vault has shares and its {@code checkUpkeep} runs the policy rather than returning early.
     */
    public static void fund(LocalMarket market, List<String> vaults, Credentials depositor, BigInteger assetsEach)
            throws Exception {
        var chain = market.chain();
        market.usdc(ADMIN).mint(depositor.getAddress(), assetsEach.multiply(BigInteger.valueOf(vaults.size()))).send();
        TestERC20 usdc = market.usdc(depositor);
        List<PipelinedSender.Call> approvals = new ArrayList<>(vaults.size());
        List<PipelinedSender.Call> deposits = new ArrayList<>(vaults.size());
        for (String vault : vaults) {
            approvals.add(new PipelinedSender.Call(market.usdc(), usdc.approve(vault, assetsEach).encodeFunctionCall()));
            deposits.add(new PipelinedSender.Call(vault, BallastVault.load(vault, chain.web3j(),
                    chain.txManager(depositor), chain.gasProvider()).deposit(assetsEach, depositor.getAddress())
                    .encodeFunctionCall()));
        }
        PipelinedSender sender = new PipelinedSender(chain, depositor);
        sender.sendAll(approvals);
        sender.sendAll(deposits);
    }

    private static BallastPriceModule.FeedConfig feed(LocalMarket market, String name, String min, String max) {
        return new BallastPriceModule.FeedConfig(market.manifest().address(name),
                BigInteger.valueOf(BallastDeployer.MAX_STALENESS),
                LocalMarketDeployer.feedAnswer(new BigDecimal(min)), LocalMarketDeployer.feedAnswer(new BigDecimal(max)));
    }
}
