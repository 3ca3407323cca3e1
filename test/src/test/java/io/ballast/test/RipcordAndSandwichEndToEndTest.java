package io.ballast.test;

import static io.ballast.deploy.Units.MAX_UINT256;
import static io.ballast.deploy.Units.WAD;
import static io.ballast.deploy.Units.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.chain.TransactionRevertedException;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.RiskSpec;
import io.ballast.deploy.Units;
import io.ballast.keeper.abi.RevertReasons;
import io.ballast.sim.InProcessKeeper;
import io.ballast.sim.InProcessKeeper.Action;
import io.ballast.sim.InProcessKeeper.Upkeep;
import io.ballast.sim.Liquidator;
import io.ballast.sim.MarketSimulator;
import io.ballast.wrappers.BallastVault;
import io.ballast.wrappers.Pool;
import io.ballast.wrappers.SwapRouter;
import io.ballast.wrappers.UniswapV3SwapAdapter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tuples.generated.Tuple2;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.utils.Numeric;

/**
 * The risk engine's emergency rules against a real market (Aave V3 and Uniswap V3 bytecode on a local chain): the
 * ripcord, which trades a crashing vault back to health within wider emergency limits where the liquidation buffer's
 * normal limits refuse to trade, and the pool-deviation and min-out guards that make a sandwich around a keeper's
 * rebalance fail, leaving the attacker with the cost of the round trip.
 */
@ExtendWith(LocalChainExtension.class)
class RipcordAndSandwichEndToEndTest {
    private static final Credentials ADMIN = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
    private static final Credentials KEEPER = HardhatAccounts.account(HardhatAccounts.FIRST_FREE);
    /** Sells WETH into the vaults' pool as a crash runs: the part of the move arbitrage has caught up. */
    private static final Credentials MARKET_SELLER = HardhatAccounts.account(HardhatAccounts.FIRST_FREE + 1);
    private static final Credentials ATTACKER = HardhatAccounts.account(HardhatAccounts.FIRST_FREE + 2);
    private static final int FIRST_DEPOSITOR = HardhatAccounts.FIRST_FREE + 3;

    /** The fee tier of the pool the vaults trade on (the swap adapter's; checked against it below). */
    private static final int VAULT_POOL_FEE = 500;
    private static final BigDecimal START_PRICE = new BigDecimal("2000");
    private static final BigInteger BAND = WAD.divide(BigInteger.TEN);
    private static final BigDecimal BPS = BigDecimal.valueOf(10_000);

    private static final String PRICE_DEVIATION = RevertReasons.selector("VaultPriceDeviation(uint256,uint256,uint256)");
    private static final String SLIPPAGE_EXCEEDED = RevertReasons.selector("VaultSlippageExceeded(uint256,uint256)");
    private static final String ERROR_STRING = RevertReasons.selector("Error(string)");
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{8,}");

    private static LocalMarket market;
    private static Chain chain;
    private static MarketSimulator simulator;
    private static InProcessKeeper keeper;
    private static int nextDepositor = FIRST_DEPOSITOR;
    private static final Set<String> approved = new HashSet<>();

    @BeforeAll
    static void setUp(LocalMarket localMarket) throws Exception {
        market = localMarket;
        chain = market.chain();
        simulator = new MarketSimulator(market, 5);
        keeper = new InProcessKeeper(KEEPER, simulator);
        market.weth(ADMIN).mint(MARKET_SELLER.getAddress(), raw("20000", LocalMarket.WETH_DECIMALS)).send();
        market.usdc(ADMIN).mint(ATTACKER.getAddress(), raw("2000000", LocalMarket.USDC_DECIMALS)).send();
    }

    @AfterAll
    static void printGas() {
        GasFigures.print();
    }

    @AfterEach
    void restorePrice() throws Exception {
        simulator.step(START_PRICE, List.of());
    }

    // ================================================================ (b) the ripcord in a crash

    /**
     * A 3x long (the most the policy bounds allow) whose health factors leave the ripcord room below the buffer: HF at
     * 3x with the 5% idle buffer and WETH's 83% liquidation threshold is 3 * 0.83 / 2.05 = 1.215, so the policy's
     * health-factor cap (x <= H (1 - i) / (H - LT) = 3.08 at H = 1.2) leaves the target at 3.
     */
    private static PolicySpec long3x() {
        PolicySpec p = PolicySpec.long2x();
        return new PolicySpec(new BigDecimal("3"), p.band(), p.minDrift(), new BigDecimal("1.15"),
                new BigDecimal("1.2"), new BigDecimal("1.1"), p.heartbeatSeconds(), p.minChunkSpacingSeconds(),
                p.maxTradeAssets(), p.gasPriceCeilingWei(), p.slippageBps(), p.maxDeviationBps(),
                p.bountyPremiumBps(), p.entryFeeBps(), p.bountyCapPerUpkeep(), p.bountyCapPerDay(), p.exitFeeBps(),
                p.idleBufferBps());
    }

    /** The path: six oracle updates of -7%, ten minutes apart: 2000 to 1294 (-35.3%) within the hour. */
    private static final int CRASH_STEPS = 6;
    private static final BigDecimal CRASH_STEP = new BigDecimal("0.93");
    private static final long CRASH_STEP_SECONDS = 600;
    /** How far above the new oracle price the vaults' pool still is when the keeper acts on an update. */
    private static final BigDecimal POOL_LAG = new BigDecimal("0.02");

    /**
     * The crash. Why the liquidation buffer cannot save the vault here and the ripcord can:
     *
     * <p>Each -7% oracle update lands while the vaults' 0.05% pool has only caught up part of the way: it is still 2%
     * above the new oracle price when the keeper, which reacts to the update, acts. Arbitrage closes the rest only
     * afterwards, as the next update is already coming, so the keeper never finds the pool in line during the fall.
     * A 2% gap is over the policy's 1% deviation limit and under the ripcord's 3% emergency limit, so every
     * liquidation-buffer upkeep (and every band rebalance) reverts with {@code VaultPriceDeviation} and the keeper,
     * which simulates before it sends, skips it, while a ripcord upkeep trades.
     *
     * <p>From HF 1.215 at 3x: after the 1st update HF = 1.13 (under the 1.15 floor, over the 1.1 critical level:
     * only the buffer is due, and it cannot trade); after the 2nd HF = 1.05, under the critical level: the ripcord
     * sells WETH and repays until HF is back near the 1.2 target; and so on, every two updates, never leaving HF
     * below 1.2 * 0.93^2 = 1.04. Without the ripcord, the buffer reverts at every update, and after the 3rd
     * (HF = 1.215 * 0.93^3 = 0.98) the liquidator liquidates the vault. (Below HF 1 the buffer could not sell even
     * at an aligned pool: the venue lets no collateral out, so all it can do is repay debt from idle funds.)
     *
     * <p>Both vaults are served at each update, the one without the ripcord first: its upkeeps revert and move
     * nothing, so both see the same pool.
     */
    @Test
    void aThirtyFivePercentFallInAnHourLiquidatesTheVaultWithoutTheRipcordButNotTheOneWithIt() throws Exception {
        LocalVault managed = leveredVault("bETH3xR", long3x(), RiskSpec.defaults());
        LocalVault unmanaged = leveredVault("bETH3xN", long3x(), RiskSpec.defaults().withRipcord(false));
        assertThat(managed.riskEngine(ADMIN).riskConfig().send().ripcordEnabled).isTrue();
        assertThat(unmanaged.riskEngine(ADMIN).riskConfig().send().ripcordEnabled).isFalse();
        for (LocalVault vault : List.of(managed, unmanaged)) {
            assertThat(exposure(vault).subtract(PolicySpec.wad(new BigDecimal("3"))).abs()).as("at 3x")
                    .isLessThanOrEqualTo(BAND);
            assertThat(healthFactor(vault)).as("HF at 3x").isBetween(wad("1.19"), wad("1.25"));
        }
        List<String> watched = List.of(managed.vault(), unmanaged.vault());
        BigInteger fromBlock = chain.blockNumber();
        Liquidator liquidator = simulator.liquidator();
        List<Liquidator.Liquidation> liquidations = new ArrayList<>();
        List<Attempt> managedAttempts = new ArrayList<>();
        List<Attempt> unmanagedAttempts = new ArrayList<>();
        StringBuilder log = new StringBuilder("\nCrash path (oracle, pool when the keeper acts, HF after the step)\n");

        BigDecimal price = START_PRICE;
        for (int step = 1; step <= CRASH_STEPS; step++) {
            chain.advanceTime(CRASH_STEP_SECONDS);
            price = price.multiply(CRASH_STEP).setScale(2, RoundingMode.HALF_EVEN);
            simulator.setWethPrice(price);
            simulator.refreshIfOlderThan(market.usdcFeed(ADMIN), MarketSimulator.USDC_HEARTBEAT_SECONDS);
            movePool(MARKET_SELLER, price.multiply(BigDecimal.ONE.add(POOL_LAG)));
            BigDecimal lagging = simulator.arbitrageur().poolPrice(VAULT_POOL_FEE);
            BigDecimal lagBps = lagging.subtract(price).multiply(BPS).divide(price, 1, RoundingMode.HALF_EVEN);
            assertThat(lagBps).as("pool ahead of the oracle by more than 1%%, less than 3%%")
                    .isBetween(new BigDecimal("150"), new BigDecimal("250"));

            List<Attempt> u = keeperActs(unmanaged, step);
            List<Attempt> m = keeperActs(managed, step);
            unmanagedAttempts.addAll(u);
            managedAttempts.addAll(m);
            simulator.arbitrageur().arbitrageAll();
            List<Liquidator.Liquidation> done = liquidator.liquidate(watched);
            liquidations.addAll(done);
            log.append(String.format("  %d  %8s  %8.2f (+%s bps)  ripcord HF %.3f %s  |  no ripcord HF %.3f %s%s%n",
                    step, price, lagging, lagBps, hf(managed), m, hf(unmanaged), u,
                    done.isEmpty() ? "" : "  LIQUIDATED x" + done.size()));
        }
        System.out.print(log);

        // the vault with the ripcord: ripcord upkeeps traded, nobody liquidated it, and it is healthy
        List<Attempt> ripcords = managedAttempts.stream().filter(a -> a.action() == Action.RIPCORD && a.mined())
                .toList();
        assertThat(ripcords).as("ripcord upkeeps mined").isNotEmpty();
        assertThat(liquidations).extracting(Liquidator.Liquidation::user)
                .doesNotContain(managed.vault().toLowerCase());
        assertThat(liquidationCalls(managed.vault(), fromBlock)).as("Aave LiquidationCall events for the vault")
                .isEmpty();
        assertThat(liquidator.healthFactor(managed.vault())).isGreaterThan(WAD);
        BigDecimal hfCritical = long3x().hfCritical();
        assertThat(hf(managed)).as("back above the critical level").isGreaterThan(hfCritical.doubleValue());
        for (Attempt ripcord : ripcords) {
            var performed = BallastVault.getUpkeepPerformedEvents(ripcord.receipt());
            assertThat(performed).extracting(e -> e.action.intValue()).containsExactly(Action.RIPCORD.ordinal());
            var swaps = BallastVault.getSwappedEvents(ripcord.receipt());
            assertThat(swaps).as("the ripcord sold WETH").isNotEmpty()
                    .allSatisfy(s -> assertThat(s.tokenIn).isEqualToIgnoringCase(market.weth()));
            // min-out at the 3% emergency slippage (policy: 0.5%) of the oracle value of what it sold
            for (var swap : swaps) {
                BigDecimal oracleOut = new BigDecimal(swap.amountIn).movePointLeft(LocalMarket.WETH_DECIMALS)
                        .multiply(ripcord.oraclePrice()).movePointRight(LocalMarket.USDC_DECIMALS);
                BigDecimal ratio = new BigDecimal(swap.minAmountOut).divide(oracleOut, MathContext.DECIMAL64);
                assertThat(ratio).isBetween(new BigDecimal("0.9699"), new BigDecimal("0.9701"));
                assertThat(swap.amountOut).isGreaterThanOrEqualTo(swap.minAmountOut);
            }
        }
        assertThat(managedAttempts).filteredOn(a -> a.action() == Action.RIPCORD).as("no ripcord refused")
                .allMatch(Attempt::mined);
        // the buffer of the same vault was refused by the normal deviation limit while the pool lagged
        assertThat(managedAttempts).filteredOn(a -> a.action() == Action.LIQUIDATION_BUFFER && !a.mined())
                .isNotEmpty().allSatisfy(a -> assertThat(a.error()).startsWith("VaultPriceDeviation"));
        GasFigures.record("Ballast performUpkeep RIPCORD", ripcords.getFirst().receipt());

        // without the ripcord: every buffer upkeep refused, nothing ever traded, and the liquidator liquidated it
        List<Attempt> buffers = unmanagedAttempts.stream()
                .filter(a -> a.action() == Action.LIQUIDATION_BUFFER && !a.mined()).toList();
        assertThat(buffers).as("buffer upkeeps the keeper skipped").isNotEmpty()
                .anySatisfy(a -> assertThat(a.error()).startsWith("VaultPriceDeviation").contains("limit 100"));
        assertThat(unmanagedAttempts).noneMatch(a -> a.action() == Action.RIPCORD);
        assertThat(unmanagedAttempts).filteredOn(Attempt::mined)
                .allSatisfy(a -> assertThat(BallastVault.getSwappedEvents(a.receipt())).isEmpty());
        assertThat(liquidations).extracting(Liquidator.Liquidation::user).as("the vault without the ripcord")
                .contains(unmanaged.vault().toLowerCase());
        long liquidated = liquidations.stream().filter(l -> l.user().equalsIgnoreCase(unmanaged.vault())).count();
        assertThat(liquidationCalls(unmanaged.vault(), fromBlock)).as("Aave LiquidationCall events").isNotEmpty()
                .hasSize((int) liquidated);

        System.out.printf("With the ripcord: %d ripcord upkeeps (gas %s), %d buffer and %d band upkeeps refused, "
                + "0 liquidations, final HF %.3f; without it: %d buffer upkeeps refused, %d liquidations, final HF "
                + "%.3f%n", ripcords.size(), ripcords.stream().map(a -> a.receipt().getGasUsed().toString()).toList(),
                refused(managedAttempts, Action.LIQUIDATION_BUFFER), refused(managedAttempts, Action.BAND_REBALANCE),
                hf(managed), buffers.size(), liquidated, hf(unmanaged));
    }

    // ================================================================ (e) a sandwich around a rebalance

    /**
     * After a +8% rally a 2x vault is under its target (x = 2.16 / 1.16 = 1.86) and must buy WETH. (Under the
     * default breaker's 10% jump limit: past it, x* would be held at x and nothing would be due.) The keeper's
     * simulation passes; an attacker who sees its transaction buys WETH first, 1.5% above the oracle, to sell it back
     * to the vault at that price and then back into the pool. The vault refuses to trade at a pool 1.5% off the
     * oracle, so the attacker is left with its round trip through the pool: two 0.05% fees.
     */
    @Test
    void aSandwichPastTheDeviationLimitMakesTheRebalanceRevertAndTheAttackerLoses() throws Exception {
        BigInteger adapterFee = UniswapV3SwapAdapter.load(market.manifest().address("ballastSwapAdapter"),
                chain.web3j(), chain.txManager(ADMIN), chain.gasProvider()).fee().send();
        assertThat(adapterFee.intValueExact()).as("the pool the vaults trade on").isEqualTo(VAULT_POOL_FEE);
        LocalVault vault = leveredVault("bETH2xS", PolicySpec.long2x(), RiskSpec.defaults());
        BigDecimal oracle = rally();
        byte[] performData = dueUpkeep(vault, Action.BAND_REBALANCE);
        BallastVault asKeeper = vault.vault(KEEPER);
        // the keeper simulates (eth_estimateGas) at the aligned pool: the upkeep would go through
        String call = asKeeper.performUpkeep(performData).encodeFunctionCall();
        BigInteger gasLimit = chain.gasProvider().getGasLimit(Transaction.createEthCallTransaction(
                KEEPER.getAddress(), vault.vault(), call));
        BallastVault.Position before = vault.vault(ADMIN).position().send();
        Holdings attackerBefore = holdings(ATTACKER);

        // front-run: buy WETH in the vaults' pool until it is 1.5% above the oracle
        Swap front = movePool(ATTACKER, oracle.multiply(new BigDecimal("1.015")));
        BigDecimal deviationBps = poolDeviationBps(oracle);
        assertThat(deviationBps).as("pool above the oracle by more than the 1% limit").isGreaterThan(
                new BigDecimal("140"));
        // the keeper's transaction, signed with its simulated gas limit, lands after the front-run and reverts
        BallastVault inFlight = BallastVault.load(vault.vault(), chain.web3j(), chain.txManager(KEEPER),
                new StaticEIP1559GasProvider(chain.chainId(), chain.gasProvider().getMaxFeePerGas(),
                        chain.gasProvider().getMaxPriorityFeePerGas(), gasLimit));
        TransactionReceipt reverted = minedRevert(KEEPER, () -> inFlight.performUpkeep(performData).send());
        assertThat(reverted.isStatusOK()).as("mined and reverted").isFalse();
        // why: sent again through the wrapper, its simulation reverts with the vault's deviation guard
        byte[] revert = revertData(() -> asKeeper.performUpkeep(performData).send());
        assertThat(Numeric.toHexString(Arrays.copyOfRange(revert, 0, 4))).isEqualTo(PRICE_DEVIATION);
        BigInteger spot = word(revert, 0);
        BigInteger oracleWad = word(revert, 1);
        assertThat(word(revert, 2)).as("maxDeviationBps").isEqualTo(BigInteger.valueOf(100));
        assertThat(oracleWad).isEqualTo(PolicySpec.wad(oracle));
        assertThat(spot.subtract(oracleWad).multiply(BigInteger.valueOf(10_000)))
                .isGreaterThan(oracleWad.multiply(BigInteger.valueOf(100)));
        assertUnchanged(before, vault.vault(ADMIN).position().send());

        // back-run: sell the WETH back into the pool
        Swap back = swap(ATTACKER, market.weth(), market.usdc(), front.received(), BigInteger.ZERO);
        Holdings attackerAfter = holdings(ATTACKER);
        assertThat(attackerAfter.weth()).isEqualTo(attackerBefore.weth());
        BigDecimal loss = attackerBefore.value(oracle).subtract(attackerAfter.value(oracle));
        BigDecimal spent = Units.decimal(front.spent(), LocalMarket.USDC_DECIMALS);
        // two 0.05% fees on about the amount it moved through the pool, less a little on the way back
        assertThat(loss).as("the attacker's loss, USDC").isPositive()
                .isGreaterThan(spent.multiply(new BigDecimal("0.0009")));
        System.out.printf("Sandwich past the deviation limit: %s USDC bought %s WETH (pool +%s bps), sold back for "
                + "%s USDC: attacker lost %s USDC; the keeper's reverted upkeep used %,d gas%n", spent,
                Units.decimal(front.received(), LocalMarket.WETH_DECIMALS), deviationBps,
                Units.decimal(back.received(), LocalMarket.USDC_DECIMALS), loss, reverted.getGasUsed());

        // once the arbitrageur restores the pool, the keeper's rebalance goes through
        simulator.arbitrageur().arbitrageAll();
        assertThat(poolDeviationBps(oracle).abs()).isLessThan(BigDecimal.TEN);
        List<Upkeep> upkeeps = keeper.serve(vault, 10);
        assertThat(upkeeps).extracting(Upkeep::action).contains(Action.BAND_REBALANCE);
        assertThat(BallastVault.getSwappedEvents(upkeeps.getFirst().receipt())).isNotEmpty()
                .allSatisfy(s -> assertThat(s.tokenOut).isEqualToIgnoringCase(market.weth()));
        assertThat(exposure(vault).subtract(PolicySpec.wad(new BigDecimal("2"))).abs()).isLessThanOrEqualTo(BAND);
        GasFigures.record("Uniswap V3 front-run swap (0.05% pool, +1.5%)", front.receipt());
        GasFigures.record("Ballast performUpkeep reverted on VaultPriceDeviation (mined)", reverted.getGasUsed());
    }

    /**
     * The same sandwich, but the attacker moves the pool only 0.7% (within the 1% deviation limit): then the min-out,
     * the oracle value less the 0.5% slippage limit, is more than the pool pays, and the swap reverts in the router.
     */
    @Test
    void aSandwichWithinTheDeviationLimitIsCaughtByTheMinOut() throws Exception {
        LocalVault vault = leveredVault("bETH2xM", PolicySpec.long2x(), RiskSpec.defaults());
        BigDecimal oracle = rally();
        byte[] performData = dueUpkeep(vault, Action.BAND_REBALANCE);
        BallastVault.Position before = vault.vault(ADMIN).position().send();
        Holdings attackerBefore = holdings(ATTACKER);

        Swap front = movePool(ATTACKER, oracle.multiply(new BigDecimal("1.007")));
        BigDecimal deviationBps = poolDeviationBps(oracle);
        assertThat(deviationBps).as("within the 1% deviation limit, over the 0.5% slippage").isBetween(
                new BigDecimal("60"), new BigDecimal("95"));
        byte[] revert = revertData(() -> vault.vault(KEEPER).performUpkeep(performData).send());
        String selector = Numeric.toHexString(Arrays.copyOfRange(revert, 0, 4));
        String reason = RevertReasons.describe(revert);
        // the vault passes its min-out to the router, which checks it first; the vault's own check is a backstop
        assertThat(selector).as(reason).isIn(ERROR_STRING, SLIPPAGE_EXCEEDED);
        if (selector.equals(ERROR_STRING)) {
            assertThat(reason).isEqualTo("Error(\"Too little received\")");
        }
        assertUnchanged(before, vault.vault(ADMIN).position().send());

        swap(ATTACKER, market.weth(), market.usdc(), front.received(), BigInteger.ZERO);
        Holdings attackerAfter = holdings(ATTACKER);
        BigDecimal loss = attackerBefore.value(oracle).subtract(attackerAfter.value(oracle));
        assertThat(loss).as("the attacker's loss, USDC").isPositive();
        System.out.printf("Sandwich within the deviation limit (pool +%s bps): %s; attacker lost %s USDC on %s USDC%n",
                deviationBps, reason, loss, Units.decimal(front.spent(), LocalMarket.USDC_DECIMALS));

        simulator.arbitrageur().arbitrageAll();
        assertThat(keeper.serve(vault, 10)).extracting(Upkeep::action).contains(Action.BAND_REBALANCE);
        assertThat(exposure(vault).subtract(PolicySpec.wad(new BigDecimal("2"))).abs()).isLessThanOrEqualTo(BAND);
    }

    // ================================================================ vaults

    private static LocalVault leveredVault(String symbol, PolicySpec policy, RiskSpec risk) throws Exception {
        LocalVault vault = new BallastDeployer(market).deployVault(symbol, policy, risk, List.of(KEEPER.getAddress()));
        Credentials who = HardhatAccounts.account(nextDepositor++);
        market.usdc(ADMIN).mint(who.getAddress(), raw("100000", 6)).send();
        market.usdc(who).approve(vault.vault(), MAX_UINT256).send();
        vault.vault(who).deposit(raw("100000", 6), who.getAddress()).send();
        keeper.serve(vault, 40);
        assertThat(InProcessKeeper.due(vault, KEEPER)).as("levered to target").isEqualTo(Action.NONE);
        return vault;
    }

    /** +8% with the pools following; returns the oracle price. */
    private static BigDecimal rally() throws Exception {
        BigDecimal price = new BigDecimal("2160");
        simulator.step(price, List.of());
        return price;
    }

    private static byte[] dueUpkeep(LocalVault vault, Action expected) throws Exception {
        Tuple2<Boolean, byte[]> check = vault.vault(KEEPER).checkUpkeep(new byte[0]).send();
        assertThat(check.component1()).isTrue();
        assertThat(InProcessKeeper.decode(check.component2()).action()).isEqualTo(expected);
        return check.component2();
    }

    private static BigInteger exposure(LocalVault vault) throws Exception {
        return vault.vault(ADMIN).position().send().exposureWad;
    }

    private static BigInteger healthFactor(LocalVault vault) throws Exception {
        return vault.vault(ADMIN).healthFactor().send();
    }

    private static double hf(LocalVault vault) throws Exception {
        return new BigDecimal(healthFactor(vault)).movePointLeft(18).doubleValue();
    }

    private static BigInteger wad(String value) {
        return PolicySpec.wad(new BigDecimal(value));
    }

    /**
     * Nothing traded, borrowed or moved: every balance as before, up to the interest the venue accrued in the few
     * blocks between (a millionth; the rebalance would have borrowed and bought about 16,000 USDC's worth).
     */
    private static void assertUnchanged(BallastVault.Position before, BallastVault.Position after) {
        assertThat(after.idleAsset).as("idle USDC").isEqualTo(before.idleAsset);
        assertThat(after.idleBase).as("idle WETH").isEqualTo(before.idleBase);
        assertClose("USDC debt", before.borrowedAsset, after.borrowedAsset);
        assertClose("WETH debt", before.borrowedBase, after.borrowedBase);
        assertClose("WETH supplied", before.suppliedBase, after.suppliedBase);
        assertClose("USDC supplied", before.suppliedAsset, after.suppliedAsset);
    }

    private static void assertClose(String what, BigInteger before, BigInteger after) {
        assertThat(after).as(what).isGreaterThanOrEqualTo(before)
                .isLessThanOrEqualTo(before.add(before.divide(BigInteger.valueOf(1_000_000))));
    }

    // ================================================================ keeper

    /**
     * One due upkeep and what became of it: mined (receipt), or skipped because its simulation reverted (error).
     * {@code oraclePrice} is the oracle price it saw.
     */
    private record Attempt(int step, Action action, TransactionReceipt receipt, String error, BigDecimal oraclePrice) {
        boolean mined() {
            return receipt != null;
        }

        @Override
        public String toString() {
            return action + (mined() ? "" : " refused: " + error.replaceAll(" \\(0x[0-9a-f]{8}\\)", ""));
        }
    }

    /**
     * The keeper acting on an oracle update: performs while an upkeep is due and its simulation passes; an upkeep
     * whose simulation reverts is skipped (the keeper sends nothing) until the next update. No arbitrage in between.
     */
    private static List<Attempt> keeperActs(LocalVault vault, int step) throws Exception {
        BallastVault v = vault.vault(KEEPER);
        BigDecimal oracle = market.feedWethInUsdc(KEEPER);
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Tuple2<Boolean, byte[]> check = v.checkUpkeep(new byte[0]).send();
            if (!check.component1()) {
                break;
            }
            Action action = InProcessKeeper.decode(check.component2()).action();
            try {
                attempts.add(new Attempt(step, action, v.performUpkeep(check.component2()).send(), null, oracle));
            } catch (TransactionRevertedException e) {
                attempts.add(new Attempt(step, action, null, describe(revertBytes(e)), oracle));
                break;
            }
        }
        return attempts;
    }

    private static long refused(List<Attempt> attempts, Action action) {
        return attempts.stream().filter(a -> a.action() == action && !a.mined()).count();
    }

    /** The revert reason, with the deviation error's arguments spelled out. */
    private static String describe(byte[] revert) {
        if (revert.length == 4 + 96 && Numeric.toHexString(Arrays.copyOfRange(revert, 0, 4)).equals(PRICE_DEVIATION)) {
            return String.format("VaultPriceDeviation spot %.2f oracle %.2f limit %d",
                    new BigDecimal(word(revert, 0)).movePointLeft(18), new BigDecimal(word(revert, 1)).movePointLeft(18),
                    word(revert, 2));
        }
        return RevertReasons.describe(revert);
    }

    // ================================================================ reverts

    @FunctionalInterface
    private interface Send {
        Object run() throws Exception;
    }

    /** The revert data of a send refused at its gas estimate (the wrapper's simulation). */
    private static byte[] revertData(Send send) throws Exception {
        try {
            send.run();
        } catch (TransactionRevertedException e) {
            return revertBytes(e);
        }
        throw new AssertionError("expected the transaction to revert");
    }

    /**
     * The receipt of a transaction from {@code from} that was mined and reverted: web3j reports it with the receipt;
     * a node that answers the send of a failing transaction with an error (it still mines it) leaves it in the
     * latest block.
     */
    private static TransactionReceipt minedRevert(Credentials from, Send send) throws Exception {
        try {
            send.run();
        } catch (TransactionException e) {
            if (e.getTransactionReceipt().isPresent()) {
                return e.getTransactionReceipt().get();
            }
            return lastTransactionOf(from, e);
        } catch (RuntimeException e) {
            return lastTransactionOf(from, e);
        }
        throw new AssertionError("expected the transaction to be mined and revert");
    }

    private static TransactionReceipt lastTransactionOf(Credentials from, Exception cause) throws Exception {
        var block = chain.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, true).send().getBlock();
        for (var tx : block.getTransactions()) {
            var t = (org.web3j.protocol.core.methods.response.Transaction) tx.get();
            if (t.getFrom().equalsIgnoreCase(from.getAddress())) {
                return chain.web3j().ethGetTransactionReceipt(t.getHash()).send().getTransactionReceipt()
                        .orElseThrow();
            }
        }
        throw new AssertionError("the transaction was not mined", cause);
    }

    /** The node keeps revert data as raw JSON (a hex string, or an object holding one): take the first hex string. */
    private static byte[] revertBytes(TransactionRevertedException e) {
        Matcher hex = HEX.matcher(String.valueOf(e.data()));
        if (!hex.find() || hex.group().length() % 2 != 0) {
            throw new AssertionError("no revert data in: " + e.getMessage() + " / " + e.data(), e);
        }
        return Numeric.hexStringToByteArray(hex.group());
    }

    /** ABI word {@code index} of a custom error's arguments. */
    private static BigInteger word(byte[] revert, int index) {
        return new BigInteger(1, Arrays.copyOfRange(revert, 4 + 32 * index, 4 + 32 * (index + 1)));
    }

    // ================================================================ Aave events

    /** Aave {@code LiquidationCall} logs whose user is {@code user}, since {@code fromBlock}. */
    private static List<EthLog.LogResult> liquidationCalls(String user, BigInteger fromBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(fromBlock), DefaultBlockParameterName.LATEST,
                market.manifest().address("aavePool"));
        filter.addSingleTopic(EventEncoder.encode(Pool.LIQUIDATIONCALL_EVENT));
        filter.addNullTopic();
        filter.addNullTopic();
        filter.addSingleTopic("0x" + TypeEncoder.encode(new Address(user)));
        return Chain.call(chain.web3j().ethGetLogs(filter)).getLogs();
    }

    // ================================================================ the pool

    /** USDC and WETH of an account, raw units. */
    private record Holdings(BigInteger usdc, BigInteger weth) {
        BigDecimal value(BigDecimal usdcPerWeth) {
            return Units.decimal(usdc, LocalMarket.USDC_DECIMALS)
                    .add(Units.decimal(weth, LocalMarket.WETH_DECIMALS).multiply(usdcPerWeth));
        }
    }

    private static Holdings holdings(Credentials who) throws Exception {
        return new Holdings(market.usdc(who).balanceOf(who.getAddress()).send(),
                market.weth(who).balanceOf(who.getAddress()).send());
    }

    /** One swap: raw amounts. */
    private record Swap(String tokenIn, BigInteger spent, BigInteger received, TransactionReceipt receipt) {}

    /** The vaults' pool price over the oracle, bps (positive: WETH dearer in the pool). */
    private static BigDecimal poolDeviationBps(BigDecimal oracle) throws Exception {
        return simulator.arbitrageur().poolPrice(VAULT_POOL_FEE).subtract(oracle).multiply(BPS)
                .divide(oracle, 1, RoundingMode.HALF_EVEN);
    }

    /**
     * Trades the vaults' pool to {@code usdcPerWeth}: an exact-input swap of {@code trader}'s whole balance of the token
     * that moves it there, bounded by {@code sqrtPriceLimitX96} at that price so it stops exactly there.
     */
    private static Swap movePool(Credentials trader, BigDecimal usdcPerWeth) throws Exception {
        BigInteger current = market.uniswapPool(VAULT_POOL_FEE, trader).slot0().send().component1();
        BigInteger target = market.usdcIsToken0()
                ? Units.sqrtPriceX96(BigDecimal.ONE.divide(usdcPerWeth, MathContext.DECIMAL128),
                        LocalMarket.USDC_DECIMALS, LocalMarket.WETH_DECIMALS)
                : Units.sqrtPriceX96(usdcPerWeth, LocalMarket.WETH_DECIMALS, LocalMarket.USDC_DECIMALS);
        boolean zeroForOne = current.compareTo(target) > 0;
        String token0 = market.token0();
        String token1 = token0.equalsIgnoreCase(market.usdc()) ? market.weth() : market.usdc();
        String in = zeroForOne ? token0 : token1;
        String out = zeroForOne ? token1 : token0;
        BigInteger balance = market.token(in, trader).balanceOf(trader.getAddress()).send();
        return swap(trader, in, out, balance, target);
    }

    private static Swap swap(Credentials trader, String in, String out, BigInteger amountIn, BigInteger sqrtLimit)
            throws Exception {
        SwapRouter router = market.swapRouter(trader);
        if (approved.add(trader.getAddress() + in)) {
            market.token(in, trader).approve(router.getContractAddress(), MAX_UINT256).send();
        }
        BigInteger inBefore = market.token(in, trader).balanceOf(trader.getAddress()).send();
        BigInteger outBefore = market.token(out, trader).balanceOf(trader.getAddress()).send();
        TransactionReceipt receipt = router.exactInputSingle(new SwapRouter.ExactInputSingleParams(in, out,
                BigInteger.valueOf(VAULT_POOL_FEE), trader.getAddress(),
                BigInteger.valueOf(chain.latestTimestamp() + 600), amountIn, BigInteger.ZERO, sqrtLimit),
                BigInteger.ZERO).send();
        BigInteger spent = inBefore.subtract(market.token(in, trader).balanceOf(trader.getAddress()).send());
        BigInteger received = market.token(out, trader).balanceOf(trader.getAddress()).send().subtract(outBefore);
        return new Swap(in, spent, received, receipt);
    }
}
