package io.ballast.deploy;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.wrappers.AaveV3LendingAdapter;
import io.ballast.wrappers.BallastPolicyModuleDeployer;
import io.ballast.wrappers.BallastPriceModule;
import io.ballast.wrappers.BallastRiskEngineDeployer;
import io.ballast.wrappers.BallastVault;
import io.ballast.wrappers.BallastVaultDeployer;
import io.ballast.wrappers.BallastVaultFactory;
import io.ballast.wrappers.UniswapV3SwapAdapter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * Deploys Ballast onto existing venues: the venue adapters (Aave V3 lending, Uniswap V3 swaps at one fee tier), the
 * chunked creation-code deployers and the factory once, then vaults, each with its own price module, registered in
 * the factory. Every contract and step is recorded in the manifest, so an interrupted deployment resumes.
 */
public final class BallastDeployer {
    /** Risk-adding policy changes wait this long on the local chain (seconds). */
    public static final long TIMELOCK = 86_400;
    /** Longest a local feed answer may go unrefreshed before the vault treats the oracle as unsafe (seconds). */
    public static final long MAX_STALENESS = 2 * 86_400;

    /**
     * Addresses of the venues Ballast trades on.
     *
     * @param aavePool Aave V3 Pool (the proxy)
     * @param swapRouter Uniswap V3 SwapRouter (v1, with deadline)
     * @param uniswapFactory Uniswap V3 factory
     * @param swapFee fee tier the vaults swap in (e.g. 500 for 0.05%)
     */
    public record Venues(String aavePool, String swapRouter, String uniswapFactory, int swapFee) {}

    /** One price feed: address, staleness limit and accepted answer range in whole units (the feed's decimals). */
    public record Feed(String address, long maxStalenessSeconds, BigDecimal min, BigDecimal max, int decimals) {
        BallastPriceModule.FeedConfig toConfig() {
            BigDecimal scale = BigDecimal.TEN.pow(decimals);
            return new BallastPriceModule.FeedConfig(address, BigInteger.valueOf(maxStalenessSeconds),
                    min.multiply(scale).toBigIntegerExact(), max.multiply(scale).toBigIntegerExact());
        }
    }

    /**
     * Everything one vault needs.
     *
     * @param symbol share symbol, also its key in the manifest
     * @param name share name
     * @param asset the vault asset (quote), e.g. USDC
     * @param base the risk asset, e.g. WETH
     * @param baseFeed base/USD feed
     * @param quoteFeed asset/USD feed
     * @param nativeFeed native gas token/USD feed, for pricing bounties
     * @param sequencerFeed L2 sequencer uptime feed, or null on L1
     * @param gracePeriodSeconds grace after the sequencer comes back
     * @param policy first policy
     * @param lowerBounds hard lower bounds
     * @param upperBounds hard upper bounds
     * @param timelockSeconds wait for risk-adding changes
     * @param risk the risk engine's first configuration
     * @param admin admin (roles, keepers)
     * @param curator curator (policy)
     * @param guardian guardian (pause)
     * @param keepers allowlisted keepers
     */
    public record VaultSpec(String symbol, String name, String asset, String base, Feed baseFeed, Feed quoteFeed,
            Feed nativeFeed, String sequencerFeed, long gracePeriodSeconds, PolicySpec policy, PolicySpec lowerBounds,
            PolicySpec upperBounds, long timelockSeconds, RiskSpec risk, String admin, String curator, String guardian,
            List<String> keepers) {}

    private final Chain chain;
    private final Credentials signer;
    private final Venues venues;
    private final TransactionManager tx;
    private final ContractGasProvider gas;
    private final Deployment deployment;
    /** Set when deploying on the local market (enables {@link #deployVault(String, PolicySpec, List)}). */
    private LocalMarket market;

    public BallastDeployer(Chain chain, Credentials signer, Manifest manifest, Venues venues) {
        this.chain = chain;
        this.signer = signer;
        this.venues = venues;
        this.tx = chain.txManager(signer);
        this.gas = chain.gasProvider();
        this.deployment = new Deployment(chain, manifest);
    }

    /** Deploys on the local market, signing with Hardhat's account 0 and recording into the market's manifest. */
    public BallastDeployer(LocalMarket market) {
        this(market.chain(), HardhatAccounts.account(HardhatAccounts.DEPLOYER), market.manifest(),
                new Venues(market.manifest().address("aavePool"), market.manifest().address("swapRouter"),
                        market.manifest().address("uniswapFactory"), 500));
        this.market = market;
    }

    /** Deploys the shared contracts if missing; returns the factory address. */
    public String deployFactory() throws Exception {
        var web3j = chain.web3j();
        deployment.contract("ballastLendingAdapter", () -> AaveV3LendingAdapter.deploy(web3j, tx, gas,
                venues.aavePool()).send());
        deployment.contract("ballastSwapAdapter", () -> UniswapV3SwapAdapter.deploy(web3j, tx, gas,
                venues.swapRouter(), venues.uniswapFactory(), BigInteger.valueOf(venues.swapFee())).send());
        String vaultDeployer = deployment.contract("ballastVaultDeployer", () -> BallastVaultDeployer.deploy(web3j, tx,
                gas).send());
        String moduleDeployer = deployment.contract("ballastPolicyModuleDeployer", () -> BallastPolicyModuleDeployer
                .deploy(web3j, tx, gas).send());
        String engineDeployer = deployment.contract("ballastRiskEngineDeployer", () -> BallastRiskEngineDeployer
                .deploy(web3j, tx, gas).send());
        return deployment.contract("ballastFactory", () -> BallastVaultFactory.deploy(web3j, tx, gas,
                signer.getAddress(), vaultDeployer, moduleDeployer, engineDeployer).send());
    }

    /** Deploys one vault (and the shared contracts if missing); returns the vault and its policy module. */
    public String[] deployVault(VaultSpec spec) throws Exception {
        String factory = deployFactory();
        var web3j = chain.web3j();
        Manifest manifest = deployment.manifest();
        String symbol = spec.symbol();
        String priceModule = deployment.contract("priceModule:" + symbol, () -> BallastPriceModule.deploy(web3j, tx,
                gas, spec.baseFeed().toConfig(), spec.quoteFeed().toConfig(), spec.nativeFeed().toConfig(),
                spec.sequencerFeed() == null ? Address.DEFAULT.getValue() : spec.sequencerFeed(),
                BigInteger.valueOf(spec.gracePeriodSeconds())).send());
        String vault = deployment.record("vault:" + symbol, () -> {
            BallastVaultFactory f = BallastVaultFactory.load(factory, web3j, tx, gas);
            var receipt = f.createVault(new BallastVaultFactory.VaultConfig(spec.asset(), spec.base(), spec.name(),
                    symbol, priceModule, Address.DEFAULT.getValue(), manifest.address("ballastLendingAdapter"),
                    manifest.address("ballastSwapAdapter"), spec.admin(), spec.curator(), spec.guardian()),
                    spec.policy().toFactoryPolicy(), spec.lowerBounds().toFactoryPolicy(),
                    spec.upperBounds().toFactoryPolicy(), BigInteger.valueOf(spec.timelockSeconds()),
                    spec.risk().toFactoryRisk()).send();
            return BallastVaultFactory.getVaultCreatedEvents(receipt).getFirst().vault;
        });
        BallastVault v = BallastVault.load(vault, web3j, tx, gas);
        String module = deployment.record("policyModule:" + symbol, () -> v.policyModule().send());
        for (String keeper : spec.keepers()) {
            deployment.step("keeper:" + symbol + ":" + keeper.toLowerCase(),
                    () -> v.grantRole(v.KEEPER_ROLE().send(), keeper).send());
        }
        return new String[] {vault, module};
    }

    /**
     * Deploys a USDC/WETH vault on the local market with {@code policy} (bounds {@link PolicySpec#lowerBounds()} and
     * {@link PolicySpec#upperBounds()}), account 0 as admin, curator and guardian, and {@code keepers} allowed.
     */
    public LocalVault deployVault(String symbol, PolicySpec policy, List<String> keepers) throws Exception {
        return deployVault(symbol, policy, RiskSpec.defaults(), keepers);
    }

    /** As {@link #deployVault(String, PolicySpec, List)}, with the risk engine configured by {@code risk}. */
    public LocalVault deployVault(String symbol, PolicySpec policy, RiskSpec risk, List<String> keepers)
            throws Exception {
        if (market == null) {
            throw new IllegalStateException("deployVault(symbol, policy, keepers) is for the local market");
        }
        Manifest m = market.manifest();
        String admin = signer.getAddress();
        Feed weth = new Feed(m.address("wethUsdFeed"), MAX_STALENESS, new BigDecimal("10"), new BigDecimal("100000"),
                LocalMarket.FEED_DECIMALS);
        Feed usdc = new Feed(m.address("usdcUsdFeed"), MAX_STALENESS, new BigDecimal("0.5"), new BigDecimal("2"),
                LocalMarket.FEED_DECIMALS);
        String[] deployed = deployVault(new VaultSpec(symbol, "Ballast " + symbol, market.usdc(), market.weth(), weth,
                usdc, weth, null, 0, policy, PolicySpec.lowerBounds(), PolicySpec.upperBounds(), TIMELOCK, risk, admin,
                admin, admin, keepers));
        return new LocalVault(market, m.address("ballastFactory"), deployed[0], deployed[1]);
    }
}
