package io.ballast.deploy;

import io.ballast.chain.Chain;
import io.ballast.wrappers.AaveOracle;
import io.ballast.wrappers.AaveProtocolDataProvider;
import io.ballast.wrappers.Multicall3;
import io.ballast.wrappers.NonfungiblePositionManager;
import io.ballast.wrappers.Pool;
import io.ballast.wrappers.QuoterV2;
import io.ballast.wrappers.SettablePriceFeed;
import io.ballast.wrappers.SwapRouter;
import io.ballast.wrappers.TestERC20;
import io.ballast.wrappers.UniswapV3Factory;
import io.ballast.wrappers.UniswapV3Pool;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import org.web3j.crypto.Credentials;

/**
 * The local market deployed by {@link LocalMarketDeployer}: its manifest, and wrappers bound to any account.
 *
 * @param chain the connection
 * @param manifest every address by name
 */
public record LocalMarket(Chain chain, Manifest manifest) {
    /** Uniswap V3 fee tiers with a USDC/WETH pool, in hundredths of a basis point. */
    public static final List<Integer> FEE_TIERS = List.of(500, 3000);
    public static final int USDC_DECIMALS = 6;
    public static final int WETH_DECIMALS = 18;
    public static final int FEED_DECIMALS = 8;

    public String usdc() {
        return manifest.address("usdc");
    }

    public String weth() {
        return manifest.address("weth");
    }

    /** Address of the USDC/WETH pool at fee tier {@code fee} (500 or 3000). */
    public String uniswapPool(int fee) {
        return manifest.address("uniswapPool" + fee);
    }

    /** The lower of the two token addresses: token0 in every Uniswap pool of the pair. */
    public String token0() {
        return new BigInteger(usdc().substring(2), 16).compareTo(new BigInteger(weth().substring(2), 16)) < 0
                ? usdc() : weth();
    }

    public boolean usdcIsToken0() {
        return token0().equalsIgnoreCase(usdc());
    }

    public TestERC20 usdc(Credentials as) {
        return TestERC20.load(usdc(), chain.web3j(), chain.txManager(as), chain.gasProvider());
    }

    public TestERC20 weth(Credentials as) {
        return TestERC20.load(weth(), chain.web3j(), chain.txManager(as), chain.gasProvider());
    }

    public TestERC20 token(String address, Credentials as) {
        return TestERC20.load(address, chain.web3j(), chain.txManager(as), chain.gasProvider());
    }

    public SettablePriceFeed usdcFeed(Credentials as) {
        return SettablePriceFeed.load(manifest.address("usdcUsdFeed"), chain.web3j(), chain.txManager(as),
                chain.gasProvider());
    }

    public SettablePriceFeed wethFeed(Credentials as) {
        return SettablePriceFeed.load(manifest.address("wethUsdFeed"), chain.web3j(), chain.txManager(as),
                chain.gasProvider());
    }

    /** The feeds' price of one WETH in USDC: WETH/USD over USDC/USD. */
    public BigDecimal feedWethInUsdc(Credentials as) throws Exception {
        BigInteger weth = wethFeed(as).latestRoundData().send().component2();
        BigInteger usdc = usdcFeed(as).latestRoundData().send().component2();
        return new BigDecimal(weth).divide(new BigDecimal(usdc), 18, RoundingMode.HALF_EVEN);
    }

    public Multicall3 multicall3(Credentials as) {
        return Multicall3.load(manifest.address("multicall3"), chain.web3j(), chain.txManager(as), chain.gasProvider());
    }

    public UniswapV3Factory uniswapFactory(Credentials as) {
        return UniswapV3Factory.load(manifest.address("uniswapFactory"), chain.web3j(), chain.txManager(as),
                chain.gasProvider());
    }

    public UniswapV3Pool uniswapPool(int fee, Credentials as) {
        return UniswapV3Pool.load(uniswapPool(fee), chain.web3j(), chain.txManager(as), chain.gasProvider());
    }

    public SwapRouter swapRouter(Credentials as) {
        return SwapRouter.load(manifest.address("swapRouter"), chain.web3j(), chain.txManager(as), chain.gasProvider());
    }

    public QuoterV2 quoter(Credentials as) {
        return QuoterV2.load(manifest.address("quoterV2"), chain.web3j(), chain.txManager(as), chain.gasProvider());
    }

    public NonfungiblePositionManager positionManager(Credentials as) {
        return NonfungiblePositionManager.load(manifest.address("positionManager"), chain.web3j(), chain.txManager(as),
                chain.gasProvider());
    }

    public Pool aavePool(Credentials as) {
        return Pool.load(manifest.address("aavePool"), chain.web3j(), chain.txManager(as), chain.gasProvider());
    }

    public AaveOracle aaveOracle(Credentials as) {
        return AaveOracle.load(manifest.address("aaveOracle"), chain.web3j(), chain.txManager(as), chain.gasProvider());
    }

    public AaveProtocolDataProvider aaveDataProvider(Credentials as) {
        return AaveProtocolDataProvider.load(manifest.address("aaveDataProvider"), chain.web3j(), chain.txManager(as),
                chain.gasProvider());
    }
}
