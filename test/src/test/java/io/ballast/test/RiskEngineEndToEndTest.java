package io.ballast.test;

import static io.ballast.deploy.Units.MAX_UINT256;
import static io.ballast.deploy.Units.WAD;
import static io.ballast.deploy.Units.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ballast.chain.HardhatAccounts;
import io.ballast.chain.TransactionRevertedException;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.RiskSpec;
import io.ballast.risk.VolatilityReference;
import io.ballast.sim.InProcessKeeper;
import io.ballast.sim.InProcessKeeper.Action;
import io.ballast.sim.MarketSimulator;
import io.ballast.wrappers.BallastRiskEngine;
import io.ballast.wrappers.BallastVault;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The risk engine on the real Aave V3 and Uniswap V3 bytecode: volatility targeting shrinks a 2x long when realized
 * volatility spikes, a trailing stop takes the vault out after a rally and a 10% drop and holds it out until re-armed,
 * a stale feed closes deposits and upkeeps but not withdrawals (and the circuit breaker cools off once the feed is
 * back), and the on-chain volatility estimator matches the Java reference on the same sampled series.
 */
@ExtendWith(LocalChainExtension.class)
class RiskEngineEndToEndTest {
    private static final Credentials ADMIN = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
    private static final Credentials KEEPER = HardhatAccounts.account(HardhatAccounts.FIRST_FREE);
    private static final Credentials HOLDER = HardhatAccounts.account(HardhatAccounts.FIRST_FREE + 1);
    private static final BigDecimal TARGET = new BigDecimal("2");
    private static final double BAND = 0.1;

    private static LocalMarket market;
    private static MarketSimulator simulator;
    private static InProcessKeeper keeper;

    @BeforeAll
    static void setUp(LocalMarket localMarket) {
        market = localMarket;
        simulator = new MarketSimulator(market, 5);
        keeper = new InProcessKeeper(KEEPER, simulator);
    }

    @AfterAll
    static void printGas() {
        GasFigures.print();
    }

    @AfterEach
    void restorePrice() throws Exception {
        // also reposts the feeds a test let go stale
        simulator.step(new BigDecimal("2000"), List.of());
    }

    // ---------------------------------------------------------------- (a) volatility targeting

    @Test
    void aVolatilitySpikeShrinksExposure() throws Exception {
        BigDecimal volTarget = new BigDecimal("0.6");
        // a calm prior (30%) so the 2x target holds until the market shows otherwise
        RiskSpec risk = estimator(RiskSpec.defaults().withVolTarget(volTarget).withSampling(60, 3600), false,
                new BigDecimal("0.97"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("0.3"));
        LocalVault vault = newVault("bRiskA", risk);
        BallastRiskEngine engine = vault.riskEngine(ADMIN);
        deposit(vault, "100000");
        keeper.serve(vault, 30);
        assertThat(sigma(engine)).as("calm: sigma_hat below the target").isLessThan(volTarget.doubleValue());
        assertThat(exposure(vault)).as("levered to 2x in calm").isCloseTo(2.0, within(BAND));

        // +-4% an hour: a sample each hour of ln(1.04)^2 * 8760 = 13.5 (sigma 370%) pushes the EWMA up fast
        for (int step = 0; step < 6; step++) {
            market.chain().advanceTime(3600);
            simulator.step(new BigDecimal(step % 2 == 0 ? "2080" : "2000"), List.of());
            assertThat(keeper.serve(vault, 20)).as("an upkeep samples every step").isNotEmpty();
        }

        double sigma = sigma(engine);
        double expected = 2 * volTarget.doubleValue() / sigma;
        System.out.printf("%nVolatility targeting: sigma_hat 0.30 -> %.4f, x* = 2 * 0.6 / sigma_hat = %.4f, x = %.4f%n",
                sigma, expected, exposure(vault));
        assertThat(sigma).as("sigma_hat rose clearly above the 60% target").isGreaterThan(1.0);
        assertThat(engine.riskState().send().samples.intValueExact()).isGreaterThanOrEqualTo(6);
        assertThat(wadToDouble(vault.vault(ADMIN).targetExposure().send())).as("x* = 2 * 0.6 / sigma_hat")
                .isCloseTo(expected, within(1e-9));
        assertThat(exposure(vault)).as("the vault followed x* down").isCloseTo(expected, within(BAND + 0.005))
                .isLessThan(1.5);
        assertThat(InProcessKeeper.due(vault, KEEPER)).isEqualTo(Action.NONE);
    }

    // ---------------------------------------------------------------- (c) trailing stop

    @Test
    void aRallyThenATenPercentDropFiresTheTrailingStopAndTheVaultExits() throws Exception {
        // an hourly sample heartbeat, so that every hour of the rally has an upkeep that moves the water mark
        LocalVault vault = newVault("bRiskC", RiskSpec.defaults().withSampling(300, 3600));
        BallastRiskEngine engine = vault.riskEngine(ADMIN);
        deposit(vault, "100000");
        keeper.serve(vault, 30);
        assertThat(exposure(vault)).isCloseTo(2.0, within(BAND));
        recordCheckUpkeepGas(vault);

        var set = engine.setOrders(new BallastRiskEngine.Orders(BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.valueOf(1000))).send();
        assertThat(BallastRiskEngine.getOrdersSetEvents(set)).hasSize(1);

        // the rally: +5% an hour; each hour at least the sample heartbeat is due, and every upkeep moves the mark
        for (String price : List.of("2100", "2200", "2300", "2400")) {
            market.chain().advanceTime(3600);
            simulator.step(new BigDecimal(price), List.of());
            List<InProcessKeeper.Upkeep> upkeeps = keeper.serve(vault, 10);
            assertThat(upkeeps).isNotEmpty();
            recordFirst(upkeeps, Action.SAMPLE, "Ballast performUpkeep SAMPLE");
            assertThat(engine.riskState().send().waterMarkWad).as("the water mark follows the rally to " + price)
                    .isEqualTo(usd(price));
        }
        // -6.25%: above the stop (2,160), the mark stays
        market.chain().advanceTime(3600);
        simulator.step(new BigDecimal("2250"), List.of());
        keeper.serve(vault, 10);
        var state = engine.riskState().send();
        assertThat(state.waterMarkWad).isEqualTo(usd("2400"));
        assertThat(state.fired.intValueExact()).as("not fired above the stop").isZero();
        assertThat(exposure(vault)).as("still levered").isGreaterThan(1.8);

        // -10.4% from the high: at or below 2400 * 0.9
        market.chain().advanceTime(600);
        simulator.step(new BigDecimal("2150"), List.of());
        assertThat(InProcessKeeper.due(vault, KEEPER)).isEqualTo(Action.PROTECTIVE_ORDER);
        List<InProcessKeeper.Upkeep> exit = keeper.serve(vault, 30);

        assertThat(exit).isNotEmpty();
        assertThat(exit).extracting(InProcessKeeper.Upkeep::action).containsOnly(Action.PROTECTIVE_ORDER);
        var triggered = BallastRiskEngine.getOrderTriggeredEvents(exit.getFirst().receipt());
        assertThat(triggered).hasSize(1);
        assertThat(triggered.getFirst().kind.intValueExact()).as("TrailingStop").isEqualTo(3);
        assertThat(triggered.getFirst().priceWad).isEqualTo(usd("2150"));
        assertThat(triggered.getFirst().waterMarkWad).isEqualTo(usd("2400"));
        GasFigures.record("Ballast performUpkeep PROTECTIVE_ORDER", exit.getFirst().receipt());
        var out = vault.vault(ADMIN).position().send();
        assertThat(Math.abs(wadToDouble(out.exposureWad))).as("|x| ~ 0 after the exit").isLessThan(0.05);
        assertThat(out.borrowedAsset).as("the USDC debt is repaid").isLessThan(raw("1", 6));
        assertThat(engine.riskState().send().fired.intValueExact()).isEqualTo(3);

        // the price recovers: the fired order holds x* at the current exposure, nothing re-levers
        for (String price : List.of("2300", "2400")) {
            market.chain().advanceTime(3600);
            simulator.step(new BigDecimal(price), List.of());
            assertThat(keeper.serve(vault, 10)).extracting(InProcessKeeper.Upkeep::action)
                    .doesNotContain(Action.BAND_REBALANCE, Action.HEARTBEAT, Action.DEPLOY_IDLE);
        }
        assertThat(Math.abs(exposure(vault))).as("still out at 2,400").isLessThan(0.05);
        assertThat(Math.abs(wadToDouble(vault.vault(ADMIN).targetExposure().send()))).isLessThan(0.05);

        var rearm = engine.rearm().send();
        assertThat(BallastRiskEngine.getOrdersRearmedEvents(rearm)).hasSize(1);
        state = engine.riskState().send();
        assertThat(state.fired.intValueExact()).isZero();
        assertThat(state.waterMarkWad).as("the mark restarts at the next upkeep").isZero();
        assertThat(InProcessKeeper.due(vault, KEEPER)).as("re-armed: back to the 2x target")
                .isEqualTo(Action.BAND_REBALANCE);
        keeper.serve(vault, 30);
        assertThat(exposure(vault)).isCloseTo(2.0, within(BAND));
        assertThat(engine.riskState().send().waterMarkWad).isEqualTo(usd("2400"));
    }

    // ---------------------------------------------------------------- (d) stale feed

    @Test
    void aStaleFeedBlocksDepositsAndRiskIncreasingTradesWhileWithdrawalsWork() throws Exception {
        long maxGap = 86_400;
        RiskSpec risk = RiskSpec.defaults().withBreaker(1000, 900).withMaxSampleGap(maxGap);
        LocalVault vault = newVault("bRiskD", risk);
        BallastRiskEngine engine = vault.riskEngine(ADMIN);
        BallastVault asHolder = vault.vault(HOLDER);
        deposit(vault, "100000");
        keeper.serve(vault, 30);
        assertThat(exposure(vault)).isCloseTo(2.0, within(BAND));

        // the WETH feed goes quiet past its 2-day staleness limit; the USDC feed keeps its heartbeat
        market.chain().advanceTime(BallastDeployer.MAX_STALENESS + 60);
        simulator.refreshIfOlderThan(market.usdcFeed(ADMIN), MarketSimulator.USDC_HEARTBEAT_SECONDS);

        assertThat(asHolder.maxDeposit(HOLDER.getAddress()).send()).as("deposits closed").isZero();
        market.usdc(ADMIN).mint(HOLDER.getAddress(), raw("1000", 6)).send();
        assertThatThrownBy(() -> asHolder.deposit(raw("1000", 6), HOLDER.getAddress()).send())
                .isInstanceOf(TransactionRevertedException.class)
                .hasMessageContaining("ERC4626ExceededMaxDeposit");
        var check = vault.vault(KEEPER).checkUpkeep(new byte[0]).send();
        assertThat(check.component1()).isFalse();
        assertThat(new String(check.component2(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("oracle");
        BigInteger healthBefore = vault.vault(ADMIN).healthFactor().send();
        BigInteger blockBefore = market.chain().blockNumber();
        assertThatThrownBy(() -> vault.vault(KEEPER).performUpkeep(new byte[0]).send())
                .isInstanceOf(TransactionRevertedException.class).hasMessageContaining("PriceStale");
        assertThat(market.chain().blockNumber()).as("nothing mined").isEqualTo(blockBefore);
        assertThat(vault.vault(ADMIN).healthFactor().send()).as("no trade").isEqualTo(healthBefore);

        // exits are priced at the last answer
        BigInteger max = asHolder.maxWithdraw(HOLDER.getAddress()).send();
        assertThat(max).as("the idle buffer can be withdrawn").isPositive();
        BigInteger usdcBefore = market.usdc(HOLDER).balanceOf(HOLDER.getAddress()).send();
        BigInteger sharesBefore = asHolder.balanceOf(HOLDER.getAddress()).send();
        asHolder.withdraw(max, HOLDER.getAddress(), HOLDER.getAddress()).send();
        assertThat(market.usdc(HOLDER).balanceOf(HOLDER.getAddress()).send().subtract(usdcBefore))
                .as("paid exactly").isEqualTo(max);
        assertThat(asHolder.balanceOf(HOLDER.getAddress()).send()).isLessThan(sharesBefore);

        // the feed is back; nobody could sample for longer than maxSampleGap: the breaker is pending
        simulator.step(new BigDecimal("2000"), List.of());
        BigInteger price = vault.vault(ADMIN).position().send().priceWad;
        assertThat(engine.breaker(price).send().intValueExact()).as("SampleGap").isEqualTo(2);
        assertThat(asHolder.maxDeposit(HOLDER.getAddress()).send()).as("closed until the breaker cleared").isZero();
        List<InProcessKeeper.Upkeep> upkeeps = keeper.serve(vault, 10);
        assertThat(upkeeps).isNotEmpty();
        var tripped = BallastRiskEngine.getBreakerTrippedEvents(upkeeps.getFirst().receipt());
        assertThat(tripped).hasSize(1);
        assertThat(tripped.getFirst().reason.intValueExact()).isEqualTo(2);
        assertThat(upkeeps).extracting(InProcessKeeper.Upkeep::action).doesNotContain(Action.DEPLOY_IDLE);
        double x = exposure(vault);
        assertThat(wadToDouble(vault.vault(ADMIN).targetExposure().send())).as("no risk added while cooling off")
                .isLessThanOrEqualTo(x + 1e-12);

        // cooling off: closed; after it: open
        assertThat(engine.breaker(price).send().intValueExact()).as("CoolOff").isEqualTo(1);
        assertThat(asHolder.maxDeposit(HOLDER.getAddress()).send()).isZero();
        market.chain().advanceTime(risk.coolOffSeconds() + 1);
        assertThat(engine.breaker(price).send().intValueExact()).as("cleared").isZero();
        assertThat(asHolder.maxDeposit(HOLDER.getAddress()).send()).isEqualTo(MAX_UINT256);
        var receipt = asHolder.deposit(raw("1000", 6), HOLDER.getAddress()).send();
        assertThat(receipt.isStatusOK()).isTrue();
    }

    // ---------------------------------------------------------------- (v) estimator vs Java reference

    @Test
    void theOnChainEstimatorMatchesTheJavaReference() throws Exception {
        long spacing = 1800;
        RiskSpec ewma = RiskSpec.defaults().withSampling(spacing, spacing);
        RiskSpec garch = estimator(ewma, true, ewma.ewmaLambda(), new BigDecimal("0.02"), new BigDecimal("0.1"),
                new BigDecimal("0.85"), ewma.initialVol());
        Series e = new Series(newVault("bRiskVE", ewma), ewma);
        Series g = new Series(newVault("bRiskVG", garch), garch);
        for (Series s : List.of(e, g)) {
            deposit(s.vault, "100000");
            s.serve();
        }
        // minutes between steps (some under the 30-minute spacing, so their samples are skipped) and prices
        int[] minutes = {10, 45, 20, 15, 90, 30, 10, 60, 25, 35, 10, 80, 40, 15, 20, 70, 50, 10, 30, 65};
        int[] prices = {2012, 1990, 2031, 2018, 1975, 1992, 2040, 2026, 2003, 2051, 2037, 1998, 2010, 1984, 2022,
            2049, 2015, 1996, 2030, 2008};
        for (int i = 0; i < minutes.length; i++) {
            market.chain().advanceTime(minutes[i] * 60L);
            simulator.step(new BigDecimal(prices[i]), List.of());
            for (Series s : List.of(e, g)) {
                if (InProcessKeeper.due(s.vault, KEEPER) == Action.NONE) {
                    // nothing due inside the spacing: fresh idle funds make an upkeep due (its sample is skipped)
                    deposit(s.vault, "3000");
                    assertThat(InProcessKeeper.due(s.vault, KEEPER)).isNotEqualTo(Action.NONE);
                }
                s.serve();
            }
        }
        for (Series s : List.of(e, g)) {
            assertThat(s.skippedSteps).as("steps whose samples were skipped").isGreaterThanOrEqualTo(3);
            assertThat(s.sampledSteps).as("steps that sampled").isGreaterThanOrEqualTo(8);
            assertThat(Math.abs(s.lastSigma / s.spec.initialVol().doubleValue() - 1)).as("sigma moved off the prior")
                    .isGreaterThan(0.05);
        }
        System.out.printf("%nRisk engine estimator vs VolatilityReference (%d price steps after levering; EWMA %d sampled,"
                + " %d skipped; GARCH %d sampled, %d skipped):%n"
                + "  EWMA  (lambda 0.97)                      max relative error %.3e (final sigma %.4f)%n"
                + "  GARCH (omega 0.02, alpha 0.1, beta 0.85) max relative error %.3e (final sigma %.4f)%n",
                minutes.length, e.sampledSteps, e.skippedSteps, g.sampledSteps, g.skippedSteps, e.maxRelError,
                e.lastSigma, g.maxRelError, g.lastSigma);
        assertThat(e.maxRelError).as("EWMA").isLessThan(1e-9);
        assertThat(g.maxRelError).as("GARCH").isLessThan(1e-9);
    }

    /** One vault's upkeeps as (block time, oracle price) points, replayed through the reference after each step. */
    private static final class Series {
        final LocalVault vault;
        final RiskSpec spec;
        final BallastRiskEngine engine;
        final List<Long> times = new ArrayList<>();
        final List<Double> prices = new ArrayList<>();
        double maxRelError;
        double lastSigma;
        int stepCount;
        int sampledSteps;
        int skippedSteps;

        Series(LocalVault vault, RiskSpec spec) throws Exception {
            this.vault = vault;
            this.spec = spec;
            this.engine = vault.riskEngine(ADMIN);
        }

        void serve() throws Exception {
            long samplesBefore = engine.riskState().send().samples.longValueExact();
            List<InProcessKeeper.Upkeep> upkeeps = keeper.serve(vault, 20);
            assertThat(upkeeps).as("every step produces an upkeep").isNotEmpty();
            double price = wadToDouble(vault.vault(ADMIN).position().send().priceWad);
            for (InProcessKeeper.Upkeep u : upkeeps) {
                times.add(blockTime(u.receipt()));
                prices.add(price);
            }
            var state = engine.riskState().send();
            boolean first = stepCount++ == 0;
            if (!first) {
                if (state.samples.longValueExact() > samplesBefore) {
                    sampledSteps++;
                } else {
                    skippedSteps++;
                }
            }
            long[] t = times.stream().mapToLong(Long::longValue).toArray();
            double[] p = prices.stream().mapToDouble(Double::doubleValue).toArray();
            double init = spec.initialVol().doubleValue();
            double[] reference = VolatilityReference.replay(spec.garch() ? VolatilityReference.Model.GARCH
                    : VolatilityReference.Model.EWMA, init * init, spec.ewmaLambda().doubleValue(),
                    spec.garchOmega().doubleValue(), spec.garchAlpha().doubleValue(), spec.garchBeta().doubleValue(),
                    spec.minSampleSpacingSeconds(), t, p);
            // the chain's reference point and sample count agree with the replay's acceptance rule
            long ref = t[0];
            int accepted = 0;
            for (int i = 1; i < t.length; i++) {
                if (t[i] - ref >= spec.minSampleSpacingSeconds()) {
                    ref = t[i];
                    accepted++;
                }
            }
            assertThat(state.lastSampleAt.longValueExact()).isEqualTo(ref);
            assertThat(state.samples.longValueExact()).isEqualTo(accepted);
            lastSigma = sigma(engine);
            double expected = reference[reference.length - 1];
            maxRelError = Math.max(maxRelError, Math.abs(lastSigma - expected) / expected);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static LocalVault newVault(String symbol, RiskSpec risk) throws Exception {
        return new BallastDeployer(market).deployVault(symbol, PolicySpec.long2x().withTarget(TARGET), risk,
                List.of(KEEPER.getAddress()));
    }

    private static void deposit(LocalVault vault, String usdc) throws Exception {
        market.usdc(ADMIN).mint(HOLDER.getAddress(), raw(usdc, 6)).send();
        if (market.usdc(HOLDER).allowance(HOLDER.getAddress(), vault.vault()).send().signum() == 0) {
            market.usdc(HOLDER).approve(vault.vault(), MAX_UINT256).send();
        }
        vault.vault(HOLDER).deposit(raw(usdc, 6), HOLDER.getAddress()).send();
    }

    /** {@code risk} with another estimator: model, its parameters and the prior volatility. */
    private static RiskSpec estimator(RiskSpec r, boolean garch, BigDecimal lambda, BigDecimal omega, BigDecimal alpha,
            BigDecimal beta, BigDecimal initialVol) {
        return new RiskSpec(garch, lambda, omega, alpha, beta, initialVol, r.minSampleSpacingSeconds(),
                r.sampleHeartbeatSeconds(), r.volTarget(), r.expectedReturn(), r.kellyFraction(),
                r.liquidationSigmas(), r.reactionHorizonSeconds(), r.maxImpactBps(), r.costAwareBand(),
                r.roundTripCost(), r.riskAversion(), r.bandMin(), r.ripcordEnabled(), r.emergencySlippageBps(),
                r.ripcordPremiumBps(), r.maxJumpBps(), r.coolOffSeconds(), r.maxSampleGapSeconds(), r.exitTarget());
    }

    private static double exposure(LocalVault vault) throws Exception {
        return wadToDouble(vault.vault(ADMIN).position().send().exposureWad);
    }

    private static double sigma(BallastRiskEngine engine) throws Exception {
        return wadToDouble(engine.volatility().send());
    }

    private static double wadToDouble(BigInteger wad) {
        return new BigDecimal(wad).movePointLeft(18).doubleValue();
    }

    /** A USDC-per-WETH oracle price in WAD (the USDC feed stays at 1). */
    private static BigInteger usd(String price) {
        return new BigDecimal(price).multiply(new BigDecimal(WAD)).toBigIntegerExact();
    }

    private static long blockTime(TransactionReceipt receipt) throws Exception {
        return market.chain().web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(receipt.getBlockNumber()),
                false).send().getBlock().getTimestamp().longValueExact();
    }

    private static void recordFirst(List<InProcessKeeper.Upkeep> upkeeps, Action action, String name) {
        upkeeps.stream().filter(u -> u.action() == action).findFirst()
                .ifPresent(u -> GasFigures.record(name, u.receipt()));
    }

    private static void recordCheckUpkeepGas(LocalVault vault) throws Exception {
        String data = FunctionEncoder.encode(new Function("checkUpkeep", List.of(new DynamicBytes(new byte[0])),
                List.of()));
        BigInteger gas = market.chain().web3j().ethEstimateGas(Transaction.createEthCallTransaction(
                KEEPER.getAddress(), vault.vault(), data)).send().getAmountUsed();
        GasFigures.record("Ballast checkUpkeep with the risk engine (eth_estimateGas, incl. 21,000 base)", gas);
    }
}
