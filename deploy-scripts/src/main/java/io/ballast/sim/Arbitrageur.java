package io.ballast.sim;

import static io.ballast.deploy.Units.MAX_UINT256;

import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.Units;
import io.ballast.wrappers.SwapRouter;
import io.ballast.wrappers.TestERC20;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Trades each Uniswap pool back to the feed price whenever it has drifted more than a band away, as arbitrageurs do
 * on mainnet. The swap is an {@code exactInputSingle} bounded by {@code sqrtPriceLimitX96} at the feed price, so the
 * pool stops exactly there and only the input needed is spent.
 */
public final class Arbitrageur {
    private static final Logger LOG = LoggerFactory.getLogger(Arbitrageur.class);

    private final LocalMarket market;
    private final Credentials account;
    private final int bandBps;
    private final Set<String> approved = new HashSet<>();

    public Arbitrageur(LocalMarket market, Credentials account, int bandBps) {
        if (bandBps < 0) {
            throw new IllegalArgumentException("arbitrage band must be >= 0 bps, got " + bandBps);
        }
        this.market = market;
        this.account = account;
        this.bandBps = bandBps;
    }

    /** One arbitrage swap. Prices are USDC per WETH. */
    public record Trade(int fee, BigDecimal poolPriceBefore, BigDecimal poolPriceAfter, BigDecimal feedPrice,
            String tokenIn, BigInteger amountIn, String txHash, BigInteger gasUsed) {}

    /** Arbitrages every pool of the pair; returns the trades made. */
    public List<Trade> arbitrageAll() throws Exception {
        List<Trade> trades = new ArrayList<>();
        for (int fee : LocalMarket.FEE_TIERS) {
            arbitrage(fee).ifPresent(trades::add);
        }
        return trades;
    }

    /** The pool's price in USDC per WETH. */
    public BigDecimal poolPrice(int fee) throws Exception {
        return usdcPerWeth(market.uniswapPool(fee, account).slot0().send().component1());
    }

    /** Brings pool {@code fee} back to the feed price if it is outside the band. */
    public Optional<Trade> arbitrage(int fee) throws Exception {
        BigInteger current = market.uniswapPool(fee, account).slot0().send().component1();
        BigDecimal feed = market.feedWethInUsdc(account);
        BigDecimal before = usdcPerWeth(current);
        BigDecimal deviationBps = before.subtract(feed).abs().multiply(BigDecimal.valueOf(10_000))
                .divide(feed, 6, RoundingMode.HALF_EVEN);
        if (deviationBps.compareTo(BigDecimal.valueOf(bandBps)) <= 0) {
            return Optional.empty();
        }
        BigInteger target = targetSqrtPrice(feed);
        // selling token0 moves sqrtPrice (token1 per token0) down
        boolean zeroForOne = current.compareTo(target) > 0;
        String token0 = market.token0();
        String token1 = token0.equalsIgnoreCase(market.usdc()) ? market.weth() : market.usdc();
        String tokenIn = zeroForOne ? token0 : token1;
        String tokenOut = zeroForOne ? token1 : token0;
        TestERC20 in = market.token(tokenIn, account);
        BigInteger balanceBefore = in.balanceOf(account.getAddress()).send();
        if (balanceBefore.signum() == 0) {
            throw new IllegalStateException("arbitrageur " + account.getAddress() + " has no " + tokenIn);
        }
        SwapRouter router = market.swapRouter(account);
        approveOnce(in, router.getContractAddress());
        BigInteger deadline = BigInteger.valueOf(market.chain().latestTimestamp() + 600);
        TransactionReceipt receipt = router.exactInputSingle(new SwapRouter.ExactInputSingleParams(tokenIn, tokenOut,
                BigInteger.valueOf(fee), account.getAddress(), deadline, balanceBefore, BigInteger.ZERO, target),
                BigInteger.ZERO).send();
        BigInteger spent = balanceBefore.subtract(in.balanceOf(account.getAddress()).send());
        BigDecimal after = poolPrice(fee);
        LOG.debug("arbitrage fee={} before={} after={} feed={} tx={}", fee, before, after, feed,
                receipt.getTransactionHash());
        return Optional.of(new Trade(fee, before, after, feed, tokenIn, spent, receipt.getTransactionHash(),
                receipt.getGasUsed()));
    }

    private void approveOnce(TestERC20 token, String spender) throws Exception {
        if (approved.add(token.getContractAddress() + spender)) {
            token.approve(spender, MAX_UINT256).send();
        }
    }

    private BigDecimal usdcPerWeth(BigInteger sqrtPriceX96) {
        if (market.usdcIsToken0()) {
            BigDecimal wethPerUsdc = Units.price(sqrtPriceX96, LocalMarket.USDC_DECIMALS, LocalMarket.WETH_DECIMALS);
            return BigDecimal.ONE.divide(wethPerUsdc, MathContext.DECIMAL128);
        }
        return Units.price(sqrtPriceX96, LocalMarket.WETH_DECIMALS, LocalMarket.USDC_DECIMALS);
    }

    private BigInteger targetSqrtPrice(BigDecimal usdcPerWeth) {
        return market.usdcIsToken0()
                ? Units.sqrtPriceX96(BigDecimal.ONE.divide(usdcPerWeth, MathContext.DECIMAL128),
                        LocalMarket.USDC_DECIMALS, LocalMarket.WETH_DECIMALS)
                : Units.sqrtPriceX96(usdcPerWeth, LocalMarket.WETH_DECIMALS, LocalMarket.USDC_DECIMALS);
    }
}
