package io.ballast.deploy;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.wrappers.AaveV3LendingAdapter;
import io.ballast.wrappers.BallastPolicyModuleDeployer;
import io.ballast.wrappers.BallastPriceModule;
import io.ballast.wrappers.BallastVault;
import io.ballast.wrappers.BallastVaultDeployer;
import io.ballast.wrappers.BallastVaultFactory;
import io.ballast.wrappers.UniswapV3SwapAdapter;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * Deploys Ballast on the local market: the venue adapters (Aave V3 lending, Uniswap V3 swaps at one fee tier), the
 * chunked creation-code deployers, the factory, and then vaults, each with its own price module, registered in the
 * factory. Everything is recorded in the market's manifest and resumes like the market deployment.
 */
public final class BallastDeployer {
    /** Uniswap fee tier the local vaults swap in. */
    public static final int SWAP_FEE = 500;
    /** Risk-adding policy changes wait this long (seconds). */
    public static final long TIMELOCK = 86_400;
    /** Longest a feed answer may go unrefreshed before the vault treats the oracle as unsafe (seconds). */
    public static final long MAX_STALENESS = 2 * 86_400;

    private final LocalMarket market;
    private final Chain chain;
    private final Credentials admin = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
    private final TransactionManager tx;
    private final ContractGasProvider gas;
    private final Deployment deployment;

    public BallastDeployer(LocalMarket market) {
        this.market = market;
        this.chain = market.chain();
        this.tx = chain.txManager(admin);
        this.gas = chain.gasProvider();
        this.deployment = new Deployment(chain, market.manifest());
    }

    /** Deploys the shared contracts if missing; returns the factory address. */
    public String deployFactory() throws Exception {
        var web3j = chain.web3j();
        deployment.contract("ballastLendingAdapter", () -> AaveV3LendingAdapter.deploy(web3j, tx, gas,
                market.manifest().address("aavePool")).send());
        deployment.contract("ballastSwapAdapter", () -> UniswapV3SwapAdapter.deploy(web3j, tx, gas,
                market.manifest().address("swapRouter"), market.manifest().address("uniswapFactory"),
                BigInteger.valueOf(SWAP_FEE)).send());
        String vaultDeployer = deployment.contract("ballastVaultDeployer", () -> BallastVaultDeployer.deploy(web3j, tx,
                gas).send());
        String moduleDeployer = deployment.contract("ballastPolicyModuleDeployer", () -> BallastPolicyModuleDeployer
                .deploy(web3j, tx, gas).send());
        return deployment.contract("ballastFactory", () -> BallastVaultFactory.deploy(web3j, tx, gas,
                admin.getAddress(), vaultDeployer, moduleDeployer).send());
    }

    /**
     * Deploys a USDC/WETH vault with {@code policy} (bounds {@link PolicySpec#lowerBounds()} and
     * {@link PolicySpec#upperBounds()}) and grants {@code keepers} the keeper role. The deployer account is admin,
     * curator and guardian.
     *
     * @param symbol share symbol, also the vault's name in the manifest
     */
    public LocalVault deployVault(String symbol, PolicySpec policy, List<String> keepers) throws Exception {
        String factory = deployFactory();
        var web3j = chain.web3j();
        String priceModule = deployment.contract("priceModule:" + symbol, () -> BallastPriceModule.deploy(web3j, tx,
                gas, feed("wethUsdFeed", "10", "100000"), feed("usdcUsdFeed", "0.5", "2"),
                feed("wethUsdFeed", "10", "100000"), Address.DEFAULT.getValue(), BigInteger.ZERO).send());
        String vault = deployment.record("vault:" + symbol, () -> {
            BallastVaultFactory f = BallastVaultFactory.load(factory, web3j, tx, gas);
            var receipt = f.createVault(new BallastVaultFactory.VaultConfig(market.usdc(), market.weth(),
                    "Ballast " + symbol, symbol, priceModule, Address.DEFAULT.getValue(),
                    market.manifest().address("ballastLendingAdapter"), market.manifest().address("ballastSwapAdapter"),
                    admin.getAddress(), admin.getAddress(), admin.getAddress()), policy.toFactoryPolicy(),
                    PolicySpec.lowerBounds().toFactoryPolicy(), PolicySpec.upperBounds().toFactoryPolicy(),
                    BigInteger.valueOf(TIMELOCK)).send();
            return BallastVaultFactory.getVaultCreatedEvents(receipt).getFirst().vault;
        });
        BallastVault v = BallastVault.load(vault, web3j, tx, gas);
        String module = deployment.record("policyModule:" + symbol, () -> v.policyModule().send());
        for (String keeper : keepers) {
            deployment.step("keeper:" + symbol + ":" + keeper.toLowerCase(),
                    () -> v.grantRole(v.KEEPER_ROLE().send(), keeper).send());
        }
        return new LocalVault(market, factory, vault, module);
    }

    private BallastPriceModule.FeedConfig feed(String name, String min, String max) {
        return new BallastPriceModule.FeedConfig(market.manifest().address(name), BigInteger.valueOf(MAX_STALENESS),
                LocalMarketDeployer.feedAnswer(new java.math.BigDecimal(min)),
                LocalMarketDeployer.feedAnswer(new java.math.BigDecimal(max)));
    }
}
