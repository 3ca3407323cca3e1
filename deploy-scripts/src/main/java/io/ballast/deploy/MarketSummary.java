package io.ballast.deploy;

import io.ballast.chain.HardhatAccounts;
import io.ballast.sim.Arbitrageur;
import io.ballast.wrappers.AaveProtocolDataProvider;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;

/** Prints what a local market holds: feeds, Uniswap pools and Aave reserves, read from the chain. */
public final class MarketSummary {
    private MarketSummary() {}

    public static void print(LocalMarket market, PrintStream out) throws Exception {
        Credentials reader = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
        out.printf("%nDeployed contracts (chain %d, manifest %s)%n", market.chain().chainId(),
                market.manifest().file().getFileName());
        for (Map.Entry<String, String> e : market.manifest().contracts().entrySet()) {
            out.printf("  %-28s %s%n", e.getKey(), e.getValue());
        }

        out.printf("%nPrice feeds (AggregatorV3, %d decimals)%n", LocalMarket.FEED_DECIMALS);
        long now = market.chain().latestTimestamp();
        for (String name : List.of("usdcUsdFeed", "wethUsdFeed")) {
            var feed = name.startsWith("usdc") ? market.usdcFeed(reader) : market.wethFeed(reader);
            var round = feed.latestRoundData().send();
            out.printf("  %-12s %14s USD  round %s, updated %d s ago%n", feed.description().send(),
                    new BigDecimal(round.component2(), LocalMarket.FEED_DECIMALS).toPlainString(), round.component1(),
                    now - round.component4().longValueExact());
        }

        out.printf("%nUniswap V3 USDC/WETH pools%n");
        Arbitrageur prices = new Arbitrageur(market, reader, 0);
        for (int fee : LocalMarket.FEE_TIERS) {
            var pool = market.uniswapPool(fee, reader);
            BigInteger usdc = market.usdc(reader).balanceOf(pool.getContractAddress()).send();
            BigInteger weth = market.weth(reader).balanceOf(pool.getContractAddress()).send();
            out.printf("  fee %.2f%%  price %12s USDC/WETH  in-range liquidity %s  holds %s USDC + %s WETH%n",
                    fee / 10_000.0, prices.poolPrice(fee).setScale(2, RoundingMode.HALF_EVEN).toPlainString(),
                    pool.liquidity().send(), Units.decimal(usdc, LocalMarket.USDC_DECIMALS).toPlainString(),
                    Units.decimal(weth, LocalMarket.WETH_DECIMALS).toPlainString());
        }

        out.printf("%nAave V3 reserves%n");
        AaveProtocolDataProvider data = market.aaveDataProvider(reader);
        out.printf("  %-6s %6s %6s %7s %16s %16s %10s%n", "asset", "LTV", "liq.th", "bonus", "supplied", "borrowed",
                "borrowing");
        for (String asset : List.of(market.usdc(), market.weth())) {
            var config = data.getReserveConfigurationData(asset).send();
            var reserve = data.getReserveData(asset).send();
            int decimals = config.component1().intValueExact();
            out.printf("  %-6s %5.2f%% %5.2f%% %6.2f%% %16s %16s %10s%n", market.token(asset, reader).symbol().send(),
                    config.component2().intValue() / 100.0, config.component3().intValue() / 100.0,
                    config.component4().intValue() / 100.0 - 100,
                    Units.decimal(reserve.component3(), decimals).setScale(2, RoundingMode.DOWN).toPlainString(),
                    Units.decimal(reserve.component5(), decimals).setScale(2, RoundingMode.DOWN).toPlainString(),
                    config.component7() ? "enabled" : "disabled");
        }
    }
}
