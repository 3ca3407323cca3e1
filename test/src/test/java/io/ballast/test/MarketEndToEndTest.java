package io.ballast.test;

import static io.ballast.deploy.Units.MAX_UINT256;
import static io.ballast.deploy.Units.WAD;
import static io.ballast.deploy.Units.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.LocalMarket;
import io.ballast.sim.Arbitrageur;
import io.ballast.sim.Liquidator;
import io.ballast.sim.MarketSimulator;
import io.ballast.wrappers.Pool;
import io.ballast.wrappers.SwapRouter;
import io.ballast.wrappers.UniswapV3Pool;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The local market is real: the npm Uniswap V3 and Aave V3 bytecode behaves as on mainnet. */
@ExtendWith(LocalChainExtension.class)
class MarketEndToEndTest {
    private static final Credentials MINTER = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
    private static MarketSimulator simulator;

    @BeforeAll
    static void setUp(LocalMarket market) {
        simulator = new MarketSimulator(market, 10);
    }

    @AfterAll
    static void printGas() {
        GasFigures.print();
    }

    private static Credentials funded(LocalMarket market, int index, String usdc, String weth) throws Exception {
        Credentials account = HardhatAccounts.account(index);
        market.usdc(MINTER).mint(account.getAddress(), raw(usdc, LocalMarket.USDC_DECIMALS)).send();
        market.weth(MINTER).mint(account.getAddress(), raw(weth, LocalMarket.WETH_DECIMALS)).send();
        return account;
    }

    @Test
    void swapMovesThePoolPriceAndPaysTheFee(LocalMarket market) throws Exception {
        Credentials trader = funded(market, HardhatAccounts.FIRST_FREE, "0", "10");
        UniswapV3Pool pool = market.uniswapPool(3000, trader);
        BigInteger sqrtBefore = pool.slot0().send().component1();
        boolean wethIsToken0 = !market.usdcIsToken0();
        BigInteger feeGrowthBefore = wethIsToken0 ? pool.feeGrowthGlobal0X128().send() : pool.feeGrowthGlobal1X128().send();
        BigDecimal priceBefore = simulator.arbitrageur().poolPrice(3000);

        SwapRouter router = market.swapRouter(trader);
        market.weth(trader).approve(router.getContractAddress(), MAX_UINT256).send();
        BigInteger amountIn = raw("10", LocalMarket.WETH_DECIMALS);
        TransactionReceipt receipt = router.exactInputSingle(new SwapRouter.ExactInputSingleParams(market.weth(),
                market.usdc(), BigInteger.valueOf(3000), trader.getAddress(),
                BigInteger.valueOf(market.chain().latestTimestamp() + 600), amountIn, BigInteger.ONE, BigInteger.ZERO),
                BigInteger.ZERO).send();

        BigInteger usdcOut = market.usdc(trader).balanceOf(trader.getAddress()).send();
        BigDecimal priceAfter = simulator.arbitrageur().poolPrice(3000);
        BigInteger feeGrowthAfter = wethIsToken0 ? pool.feeGrowthGlobal0X128().send() : pool.feeGrowthGlobal1X128().send();
        assertThat(pool.slot0().send().component1()).isNotEqualTo(sqrtBefore);
        assertThat(priceAfter).as("selling WETH lowers its pool price").isLessThan(priceBefore);
        assertThat(feeGrowthAfter).as("the 0.3%% fee accrues to liquidity providers").isGreaterThan(feeGrowthBefore);
        // 10 WETH at <= 2000 USDC, less the 0.3% fee: strictly below 19,940 USDC
        assertThat(usdcOut).isPositive().isLessThan(raw("19940", LocalMarket.USDC_DECIMALS));
        GasFigures.record("Uniswap V3 exactInputSingle (10 WETH, 0.3% pool)", receipt);
    }

    @Test
    void wethCollateralisedUsdcBorrowWorks(LocalMarket market) throws Exception {
        Credentials borrower = funded(market, HardhatAccounts.FIRST_FREE + 1, "0", "10");
        Pool pool = market.aavePool(borrower);
        market.weth(borrower).approve(pool.getContractAddress(), MAX_UINT256).send();
        TransactionReceipt supply = pool.supply(market.weth(), raw("10", 18), borrower.getAddress(), BigInteger.ZERO)
                .send();
        TransactionReceipt borrow = pool.borrow(market.usdc(), raw("10000", 6), BigInteger.TWO, BigInteger.ZERO,
                borrower.getAddress()).send();

        assertThat(market.usdc(borrower).balanceOf(borrower.getAddress()).send()).isEqualTo(raw("10000", 6));
        var account = pool.getUserAccountData(borrower.getAddress()).send();
        // 10 WETH at 2000 USD with an 83% liquidation threshold against 10,000 USD of debt: health factor 1.66
        assertThat(account.component2()).as("debt in USD, 8 decimals").isGreaterThanOrEqualTo(raw("10000", 8));
        assertThat(account.component6()).isBetween(new BigInteger("1650000000000000000"),
                new BigInteger("1660000000000000000"));

        market.usdc(borrower).approve(pool.getContractAddress(), MAX_UINT256).send();
        market.usdc(MINTER).mint(borrower.getAddress(), raw("1", 6)).send(); // interest accrued since the borrow
        TransactionReceipt repay = pool.repay(market.usdc(), MAX_UINT256, BigInteger.TWO, borrower.getAddress()).send();
        assertThat(pool.getUserAccountData(borrower.getAddress()).send().component2()).isZero();
        TransactionReceipt withdraw = pool.withdraw(market.weth(), MAX_UINT256, borrower.getAddress()).send();
        assertThat(market.weth(borrower).balanceOf(borrower.getAddress()).send()).isEqualTo(raw("10", 18));

        GasFigures.record("Aave V3 supply (first WETH as collateral)", supply);
        GasFigures.record("Aave V3 borrow (first)", borrow);
        GasFigures.record("Aave V3 repay (full)", repay);
        GasFigures.record("Aave V3 withdraw (all, no debt left)", withdraw);
    }

    @Test
    void liquidatorLiquidatesAnOverBorrowedAccountAfterAPriceDrop(LocalMarket market) throws Exception {
        Credentials borrower = funded(market, HardhatAccounts.FIRST_FREE + 2, "0", "10");
        Pool pool = market.aavePool(borrower);
        market.weth(borrower).approve(pool.getContractAddress(), MAX_UINT256).send();
        pool.supply(market.weth(), raw("10", 18), borrower.getAddress(), BigInteger.ZERO).send();
        // 16,000 USDC against 20,000 USD of WETH: at the 80.5% LTV limit
        pool.borrow(market.usdc(), raw("16000", 6), BigInteger.TWO, BigInteger.ZERO, borrower.getAddress()).send();
        Liquidator liquidator = simulator.liquidator();
        List<String> watched = List.of(borrower.getAddress());
        assertThat(liquidator.liquidate(watched)).as("healthy: nothing to liquidate").isEmpty();

        try {
            // -20%: 10 WETH at 1600 USD, threshold 83% -> health factor 0.83
            MarketSimulator.StepResult step = simulator.step(new BigDecimal("1600"), watched);
            assertThat(step.liquidations()).hasSize(1);
            Liquidator.Liquidation liquidation = step.liquidations().getFirst();
            assertThat(liquidation.healthFactorBefore()).isLessThan(WAD);
            assertThat(liquidation.debtAsset()).isEqualToIgnoringCase(market.usdc());
            assertThat(liquidation.collateralAsset()).isEqualToIgnoringCase(market.weth());
            assertThat(liquidation.debtAfter()).as("the account's debt fell").isLessThan(liquidation.debtBefore());
            assertThat(step.trades()).as("the arbitrageur followed the feed in both pools").hasSize(2);
            GasFigures.record("Aave V3 liquidationCall (close factor 100%)", market.chain().web3j()
                    .ethGetTransactionReceipt(liquidation.txHash()).send().getTransactionReceipt().orElseThrow());
        } finally {
            simulator.step(new BigDecimal("2000"), List.of());
        }
    }

    @Test
    void arbitrageurBringsPoolsBackWithinItsBand(LocalMarket market) throws Exception {
        try {
            simulator.setWethPrice(new BigDecimal("2300"));
            Arbitrageur arbitrageur = simulator.arbitrageur();
            List<Arbitrageur.Trade> trades = arbitrageur.arbitrageAll();
            assertThat(trades).hasSize(2);
            for (int fee : LocalMarket.FEE_TIERS) {
                BigDecimal deviation = arbitrageur.poolPrice(fee).subtract(new BigDecimal("2300")).abs();
                assertThat(deviation).as("pool %d within 10 bps of 2300", fee).isLessThan(new BigDecimal("2.3"));
            }
            assertThat(arbitrageur.arbitrageAll()).as("inside the band: no trade").isEmpty();
        } finally {
            simulator.step(new BigDecimal("2000"), List.of());
        }
    }

    @Test
    void aFeedLeftUnchangedBecomesStaleByItsUpdatedAt(LocalMarket market, Chain chain) throws Exception {
        simulator.setWethPrice(new BigDecimal("2000"));
        var fresh = market.wethFeed(MINTER).latestRoundData().send();
        long heartbeat = 3600;
        assertThat(chain.latestTimestamp() - fresh.component4().longValueExact()).isLessThanOrEqualTo(heartbeat);

        chain.advanceTime(heartbeat + 1);

        var later = market.wethFeed(MINTER).latestRoundData().send();
        assertThat(later.component1()).as("same round").isEqualTo(fresh.component1());
        assertThat(later.component4()).as("updatedAt is when the answer was written").isEqualTo(fresh.component4());
        assertThat(chain.latestTimestamp() - later.component4().longValueExact()).isGreaterThan(heartbeat);

        simulator.setWethPrice(new BigDecimal("2000"));
        var updated = market.wethFeed(MINTER).latestRoundData().send();
        assertThat(updated.component1()).isEqualTo(fresh.component1().add(BigInteger.ONE));
        assertThat(updated.component4().longValueExact()).isEqualTo(chain.latestTimestamp());
    }
}
