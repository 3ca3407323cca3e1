package io.ballast.sim;

import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalMarketDeployer;
import io.ballast.wrappers.SettablePriceFeed;
import java.math.BigDecimal;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Drives the local market: sets the feed price (and reposts the USDC feed on its heartbeat), then lets the
 * arbitrageur bring the Uniswap pools back to the feed and the liquidator liquidate the watched Aave accounts that
 * fell below a health factor of 1.
 */
public final class MarketSimulator {
    /** The USDC/USD feed's heartbeat: its answer is reposted when it is this old (Chainlink's is 24 h; half here). */
    public static final long USDC_HEARTBEAT_SECONDS = 12 * 3600;

    private final LocalMarket market;
    private final Credentials feedOwner = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
    private final Arbitrageur arbitrageur;
    private final Liquidator liquidator;

    /**
     * @param market the local market
     * @param arbitrageBandBps the arbitrageur leaves a pool alone while it is within this many basis points of the feed
     */
    public MarketSimulator(LocalMarket market, int arbitrageBandBps) {
        this.market = market;
        this.arbitrageur = new Arbitrageur(market, HardhatAccounts.account(HardhatAccounts.ARBITRAGEUR),
                arbitrageBandBps);
        this.liquidator = new Liquidator(market, HardhatAccounts.account(HardhatAccounts.LIQUIDATOR));
    }

    public Arbitrageur arbitrageur() {
        return arbitrageur;
    }

    public Liquidator liquidator() {
        return liquidator;
    }

    /**
     * Reposts a feed's answer when it is older than {@code heartbeat} seconds, as Chainlink's reporters do on their
     * heartbeat when the price has not moved.
     */
    public void refreshIfOlderThan(SettablePriceFeed feed, long heartbeat) throws Exception {
        var round = feed.latestRoundData().send();
        if (market.chain().latestTimestamp() - round.component4().longValueExact() >= heartbeat) {
            feed.setPrice(round.component2()).send();
        }
    }

    /** Sets the WETH/USD feed (8 decimals) to {@code usdPerWeth}. */
    public TransactionReceipt setWethPrice(BigDecimal usdPerWeth) throws Exception {
        return market.wethFeed(feedOwner).setPrice(LocalMarketDeployer.feedAnswer(usdPerWeth)).send();
    }

    /** Sets the USDC/USD feed (8 decimals) to {@code usdPerUsdc}. */
    public TransactionReceipt setUsdcPrice(BigDecimal usdPerUsdc) throws Exception {
        return market.usdcFeed(feedOwner).setPrice(LocalMarketDeployer.feedAnswer(usdPerUsdc)).send();
    }

    /** The feed price of WETH in USDC: WETH/USD over USDC/USD. */
    public BigDecimal feedWethInUsdc() throws Exception {
        return market.feedWethInUsdc(feedOwner);
    }

    /**
     * One market step: sets the WETH price, arbitrages every pool back to the feed, then liquidates the watched
     * accounts that are liquidatable.
     */
    public StepResult step(BigDecimal usdPerWeth, List<String> watchedAccounts) throws Exception {
        setWethPrice(usdPerWeth);
        refreshIfOlderThan(market.usdcFeed(feedOwner), USDC_HEARTBEAT_SECONDS);
        List<Arbitrageur.Trade> trades = arbitrageur.arbitrageAll();
        List<Liquidator.Liquidation> liquidations = liquidator.liquidate(watchedAccounts);
        return new StepResult(trades, liquidations);
    }

    /** What one {@link #step} did. */
    public record StepResult(List<Arbitrageur.Trade> trades, List<Liquidator.Liquidation> liquidations) {}
}
