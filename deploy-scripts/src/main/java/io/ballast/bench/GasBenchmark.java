package io.ballast.bench;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.Units;
import io.ballast.sim.InProcessKeeper;
import io.ballast.sim.InProcessKeeper.Action;
import io.ballast.sim.MarketSimulator;
import io.ballast.wrappers.BallastVault;
import io.ballast.wrappers.BenchPlainVault;
import io.ballast.wrappers.BenchVenueReference;
import io.ballast.wrappers.Pool;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple2;

/**
 * Gas of a Ballast vault against baselines measured in the same run, on the local market:
 * <ul>
 *   <li>deposit, withdraw and redeem against {@code BenchPlainVault}, a plain OpenZeppelin ERC-4626 vault over the
 *       same USDC token, the same operations in the same order;</li>
 *   <li>each {@code performUpkeep} action against {@code BenchVenueReference}, which holds its own Aave position and
 *       makes the same venue calls with the same amounts (read from the upkeep's receipt: the vault's
 *       {@code Swapped} events and the Aave Pool's {@code Supply}/{@code Withdraw}/{@code Borrow}/{@code Repay}
 *       events) from the same chain state (the upkeep runs, the chain is reverted to before it, the reference
 *       replays it), and nothing else;</li>
 *   <li>{@code checkUpkeep}: {@code eth_estimateGas} of the call, which includes the 21,000 base of a transaction.</li>
 * </ul>
 * Every figure is the {@code gasUsed} of a mined transaction (21,000 base and calldata included on both sides).
 */
public final class GasBenchmark {
    static final long TX_BASE_GAS = 21_000;
    private static final Credentials ADMIN = HardhatAccounts.account(HardhatAccounts.DEPLOYER);
    private static final Credentials KEEPER = HardhatAccounts.account(HardhatAccounts.FIRST_FREE);
    private static final Credentials ALICE = HardhatAccounts.account(HardhatAccounts.FIRST_FREE + 1);
    private static final Credentials BOB = HardhatAccounts.account(HardhatAccounts.FIRST_FREE + 2);
    private static final BigDecimal START_PRICE = new BigDecimal("2000");
    /** Asset the reference holds idle beyond the vault's, so that rounding differences never starve a replay. */
    private static final BigInteger REFERENCE_CUSHION = Units.raw("1000", 6);

    /** One ERC-4626 operation on both vaults. */
    public record VaultOpFigure(String operation, String note, long ballast, long plainErc4626, double ratio) {}

    /** One upkeep and its venue floor. */
    public record UpkeepFigure(String name, String scenario, String action, String venueCalls, String referenceCall,
            long ballast, long venueFloor, long overhead, double overheadPercent, double ratio) {}

    /** {@code eth_estimateGas} of {@code checkUpkeep} on a levered vault. */
    public record CheckFigure(String state, boolean upkeepNeeded, long estimateGas, long minusTxBase) {}

    /** The gas part's figures. */
    public record Result(List<VaultOpFigure> vaultOps, List<UpkeepFigure> upkeeps, List<CheckFigure> checkUpkeep,
            double seconds) {}

    private final LocalMarket market;
    private final Chain chain;
    private final MarketSimulator simulator;
    private final PrintStream log;
    private final String aavePool;
    private final List<VaultOpFigure> ops = new ArrayList<>();
    private final List<UpkeepFigure> upkeeps = new ArrayList<>();
    private final List<CheckFigure> checks = new ArrayList<>();
    private LocalVault vault;
    private BenchVenueReference reference;

    private GasBenchmark(LocalMarket market, PrintStream log) {
        this.market = market;
        this.chain = market.chain();
        this.simulator = new MarketSimulator(market, 5);
        this.log = log;
        this.aavePool = market.manifest().address("aavePool");
    }

    /** Runs the gas part on {@code market} (a fresh local market; the chain is left at a different state). */
    public static Result run(LocalMarket market, PrintStream log) throws Exception {
        long started = System.nanoTime();
        GasBenchmark bench = new GasBenchmark(market, log);
        bench.measure();
        return new Result(List.copyOf(bench.ops), List.copyOf(bench.upkeeps), List.copyOf(bench.checks),
                (System.nanoTime() - started) / 1e9);
    }

    private void measure() throws Exception {
        simulator.setWethPrice(START_PRICE);
        simulator.arbitrageur().arbitrageAll();
        vault = new BallastDeployer(market).deployVault("bGAS", PolicySpec.long2x(), List.of(KEEPER.getAddress()));
        BenchPlainVault plain = BenchPlainVault.deploy(chain.web3j(), chain.txManager(ADMIN), chain.gasProvider(),
                market.usdc(), "Plain ERC-4626 (benchmark baseline)", "pUSDC").send();
        reference = BenchVenueReference.deploy(chain.web3j(), chain.txManager(ADMIN), chain.gasProvider(), aavePool,
                market.manifest().address("swapRouter"), market.weth(), market.usdc(), BigInteger.valueOf(500)).send();
        for (Credentials who : List.of(ALICE, BOB)) {
            market.usdc(ADMIN).mint(who.getAddress(), Units.raw("500000", 6)).send();
            market.usdc(who).approve(vault.vault(), Units.MAX_UINT256).send();
            market.usdc(who).approve(plain.getContractAddress(), Units.MAX_UINT256).send();
        }
        BallastVault ballastAlice = vault.vault(ALICE);
        BallastVault ballastBob = vault.vault(BOB);
        BenchPlainVault plainAlice = BenchPlainVault.load(plain.getContractAddress(), chain.web3j(),
                chain.txManager(ALICE), chain.gasProvider());
        BenchPlainVault plainBob = BenchPlainVault.load(plain.getContractAddress(), chain.web3j(),
                chain.txManager(BOB), chain.gasProvider());

        BigInteger first = Units.raw("100000", 6);
        op("deposit (first)", "into an empty vault", ballastAlice.deposit(first, ALICE.getAddress()).send(),
                plainAlice.deposit(first, ALICE.getAddress()).send());

        // the reference starts from the vault's idle asset (plus a cushion) and follows it up to 2x
        market.usdc(ADMIN).mint(reference.getContractAddress(),
                market.usdc(ADMIN).balanceOf(vault.vault()).send().add(REFERENCE_CUSHION)).send();
        int round = 0;
        while (InProcessKeeper.due(vault, KEEPER) != Action.NONE && round < 10) {
            round++;
            upkeep("leverage up " + round, "from idle to the 2x target, upkeep " + round, true);
        }
        log.printf("  gas: the vault reached x = %.3f in %d upkeeps%n", exposure(), round);
        String levered = chain.snapshot();
        checks.add(checkGas("levered at 2x, nothing due"));

        BigInteger second = Units.raw("10000", 6);
        BigInteger amount = Units.raw("1000", 6);
        op("deposit (second)", "vault holding its 2x position", ballastBob.deposit(second, BOB.getAddress()).send(),
                plainBob.deposit(second, BOB.getAddress()).send());
        op("withdraw", "1,000 USDC, from idle funds", ballastAlice.withdraw(amount, ALICE.getAddress(),
                ALICE.getAddress()).send(), plainAlice.withdraw(amount, ALICE.getAddress(), ALICE.getAddress()).send());
        op("redeem", "shares worth 1,000 USDC", ballastBob.redeem(ballastBob.previewWithdraw(amount).send(),
                BOB.getAddress(), BOB.getAddress()).send(), plainBob.redeem(plainBob.previewWithdraw(amount).send(),
                BOB.getAddress(), BOB.getAddress()).send());
        levered = revertTo(levered);

        // WETH +8%: a 2x long's exposure falls to 1.86, below the 0.1 band; it levers up again
        simulator.step(new BigDecimal("2160"), List.of());
        checks.add(checkGas("after a rally, band rebalance due"));
        upkeep("leverage up (band)", "band rebalance after WETH +8% (x 1.86)", false);
        levered = revertTo(levered);

        // WETH -6%: exposure rises to 2.14, above the band; it levers down
        simulator.step(new BigDecimal("1880"), List.of());
        upkeep("leverage down (band)", "band rebalance after WETH -6% (x 2.14)", false);
        levered = revertTo(levered);

        // WETH -27%: health factor 1.66 -> 1.21, under the 1.25 floor
        simulator.step(new BigDecimal("1460"), List.of());
        upkeep("liquidation buffer", "top-up then deleverage after WETH -27% (HF 1.21)", false);
        levered = revertTo(levered);

        // WETH -35%: health factor 1.08, under the 1.1 critical level (ripcord on in RiskSpec.defaults())
        simulator.step(new BigDecimal("1300"), List.of());
        upkeep("ripcord", "deleverage after WETH -35% (HF 1.08, critical 1.1)", false);
        levered = revertTo(levered);

        // half of the first depositor's shares queued: idle funds cannot pay them
        BigInteger half = ballastAlice.balanceOf(ALICE.getAddress()).send().divide(BigInteger.TWO);
        ballastAlice.requestRedeem(half, ALICE.getAddress(), ALICE.getAddress()).send();
        upkeep("redemption fill", "unwind and fill a queued redeem of half the shares", false);
        revertTo(levered);
    }

    /** Takes a new snapshot after reverting to {@code snapshot} (a Hardhat snapshot is used up by a revert). */
    private String revertTo(String snapshot) {
        if (!chain.revert(snapshot)) {
            throw new IllegalStateException("evm_revert to " + snapshot + " failed");
        }
        return chain.snapshot();
    }

    private void op(String operation, String note, TransactionReceipt ballast, TransactionReceipt plain) {
        long b = gas(ballast);
        long p = gas(plain);
        ops.add(new VaultOpFigure(operation, note, b, p, b / (double) p));
        log.printf("  gas: %-18s Ballast %,9d  plain ERC-4626 %,9d  %.2fx%n", operation, b, p, b / (double) p);
    }

    private CheckFigure checkGas(String state) throws Exception {
        String data = FunctionEncoder.encode(new Function("checkUpkeep", List.of(new DynamicBytes(new byte[0])),
                List.of()));
        long estimate = Chain.call(chain.web3j().ethEstimateGas(Transaction.createEthCallTransaction(
                KEEPER.getAddress(), vault.vault(), data))).getAmountUsed().longValueExact();
        boolean needed = vault.vault(KEEPER).checkUpkeep(new byte[0]).send().component1();
        log.printf("  gas: checkUpkeep (%s) %,d%n", state, estimate);
        return new CheckFigure(state, needed, estimate, estimate - TX_BASE_GAS);
    }

    /**
     * Measures the upkeep due now against the reference replaying its venue calls from the same state. With
     * {@code progress} the upkeep is then performed for real (the reference keeps its replay), so both positions move
     * on together; otherwise the chain is left where the reference replay left it.
     */
    private void upkeep(String name, String scenario, boolean progress) throws Exception {
        BallastVault asKeeper = vault.vault(KEEPER);
        String before = chain.snapshot();
        Tuple2<Boolean, byte[]> check = asKeeper.checkUpkeep(new byte[0]).send();
        if (!check.component1()) {
            throw new IllegalStateException("no upkeep due for '" + name + "': " + new String(check.component2(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        Action action = InProcessKeeper.decode(check.component2()).action();
        TransactionReceipt performed = asKeeper.performUpkeep(check.component2()).send();
        List<VenueOp> calls = venueOps(performed);
        if (!chain.revert(before)) {
            throw new IllegalStateException("evm_revert failed");
        }
        Replay replay = replay(calls);
        TransactionReceipt floor = replay.send().send();
        long b = gas(performed);
        long f = gas(floor);
        String venueCalls = calls.stream().map(VenueOp::toString).collect(Collectors.joining(", "));
        upkeeps.add(new UpkeepFigure(name, scenario, action.name(), venueCalls, replay.description(), b, f, b - f,
                100.0 * (b - f) / f, b / (double) f));
        log.printf("  gas: %-22s %-18s Ballast %,9d  venue floor %,9d  overhead %,8d (+%.0f%%)  [%s]%n", name,
                action, b, f, b - f, 100.0 * (b - f) / f, venueCalls);
        if (progress) {
            simulator.arbitrageur().arbitrageAll();
            new InProcessKeeper(KEEPER, simulator).serve(vault, 1);
        }
    }

    // ------------------------------------------------------------------ venue calls of a receipt

    enum Kind { SUPPLY, WITHDRAW, BORROW, REPAY, SWAP }

    /** One venue call an upkeep made: {@code token} is the reserve, or the token sold. */
    record VenueOp(Kind kind, String token, BigInteger amount, BigInteger minOut, boolean base) {
        @Override
        public String toString() {
            String asset = base ? "WETH" : "USDC";
            return switch (kind) {
                case SWAP -> "swap " + asset + (base ? "->USDC" : "->WETH");
                default -> kind.name().toLowerCase() + " " + asset;
            };
        }
    }

    /** The vault's venue calls, in the order of their logs. */
    private List<VenueOp> venueOps(TransactionReceipt receipt) {
        String supply = EventEncoder.encode(Pool.SUPPLY_EVENT);
        String withdraw = EventEncoder.encode(Pool.WITHDRAW_EVENT);
        String borrow = EventEncoder.encode(Pool.BORROW_EVENT);
        String repay = EventEncoder.encode(Pool.REPAY_EVENT);
        String swapped = EventEncoder.encode(BallastVault.SWAPPED_EVENT);
        String me = vault.vault();
        List<VenueOp> calls = new ArrayList<>();
        for (Log l : receipt.getLogs()) {
            if (l.getTopics().isEmpty()) {
                continue;
            }
            String topic = l.getTopics().getFirst();
            if (l.getAddress().equalsIgnoreCase(aavePool)) {
                if (topic.equals(supply)) {
                    var e = Pool.getSupplyEventFromLog(l);
                    if (e.onBehalfOf.equalsIgnoreCase(me)) {
                        calls.add(new VenueOp(Kind.SUPPLY, e.reserve, e.amount, null, isBase(e.reserve)));
                    }
                } else if (topic.equals(withdraw)) {
                    var e = Pool.getWithdrawEventFromLog(l);
                    if (e.user.equalsIgnoreCase(me)) {
                        calls.add(new VenueOp(Kind.WITHDRAW, e.reserve, e.amount, null, isBase(e.reserve)));
                    }
                } else if (topic.equals(borrow)) {
                    var e = Pool.getBorrowEventFromLog(l);
                    if (e.onBehalfOf.equalsIgnoreCase(me)) {
                        calls.add(new VenueOp(Kind.BORROW, e.reserve, e.amount, null, isBase(e.reserve)));
                    }
                } else if (topic.equals(repay)) {
                    var e = Pool.getRepayEventFromLog(l);
                    if (e.user.equalsIgnoreCase(me)) {
                        calls.add(new VenueOp(Kind.REPAY, e.reserve, e.amount, null, isBase(e.reserve)));
                    }
                }
            } else if (l.getAddress().equalsIgnoreCase(me) && topic.equals(swapped)) {
                var e = BallastVault.getSwappedEventFromLog(l);
                calls.add(new VenueOp(Kind.SWAP, e.tokenIn, e.amountIn, e.minAmountOut, isBase(e.tokenIn)));
            }
        }
        return calls;
    }

    private boolean isBase(String token) {
        return token.equalsIgnoreCase(market.weth());
    }

    // ------------------------------------------------------------------ the reference's replay

    /** The reference call that makes the same venue calls. */
    private record Replay(String description, org.web3j.protocol.core.RemoteFunctionCall<TransactionReceipt> call) {
        org.web3j.protocol.core.RemoteFunctionCall<TransactionReceipt> send() {
            return call;
        }
    }

    /**
     * Maps the vault's venue calls onto one {@code BenchVenueReference} call: borrow? swap USDC->WETH, supply WETH,
     * supply USDC? is {@code leverageUp}; repay/supply USDC alone is {@code topUp}; one withdraw-sell-repay round (its
     * repays summed) is {@code leverageDown}; a top-up and/or several rounds is {@code deleverage}.
     */
    private Replay replay(List<VenueOp> calls) {
        int i = 0;
        if (calls.isEmpty()) {
            throw new IllegalStateException("the upkeep made no venue call: nothing to compare");
        }
        if (is(calls, 0, Kind.BORROW, false) || is(calls, 0, Kind.SWAP, false)) {
            BigInteger borrow = BigInteger.ZERO;
            if (is(calls, i, Kind.BORROW, false)) {
                borrow = calls.get(i++).amount();
            }
            VenueOp swap = expect(calls, i++, Kind.SWAP, false);
            expect(calls, i++, Kind.SUPPLY, true);
            BigInteger supplyQuote = BigInteger.ZERO;
            if (is(calls, i, Kind.SUPPLY, false)) {
                supplyQuote = calls.get(i++).amount();
            }
            done(calls, i);
            return new Replay("leverageUp", reference.leverageUp(borrow, swap.amount(), swap.minOut(), supplyQuote));
        }
        BigInteger topUp = BigInteger.ZERO;
        BigInteger topUpSupply = BigInteger.ZERO;
        if (is(calls, i, Kind.REPAY, false)) {
            topUp = calls.get(i++).amount();
        }
        if (is(calls, i, Kind.SUPPLY, false)) {
            topUpSupply = calls.get(i++).amount();
        }
        List<BenchVenueReference.Round> rounds = new ArrayList<>();
        while (i < calls.size()) {
            BigInteger withdraw = BigInteger.ZERO;
            if (is(calls, i, Kind.WITHDRAW, true)) {
                withdraw = calls.get(i++).amount();
            }
            VenueOp swap = expect(calls, i++, Kind.SWAP, true);
            // a redemption unwind cut short repays again after settling its idle funds (F-10): one repay here
            BigInteger repay = BigInteger.ZERO;
            BigInteger supply = BigInteger.ZERO;
            while (is(calls, i, Kind.REPAY, false)) {
                repay = repay.add(calls.get(i++).amount());
            }
            if (is(calls, i, Kind.SUPPLY, false)) {
                supply = calls.get(i++).amount();
            }
            rounds.add(new BenchVenueReference.Round(withdraw, swap.amount(), swap.minOut(), repay, supply));
        }
        if (rounds.isEmpty()) {
            return new Replay("topUp", reference.topUp(topUp, topUpSupply));
        }
        if (topUpSupply.signum() != 0) {
            throw new IllegalStateException("unexpected venue calls (a top-up supply before rounds): " + calls);
        }
        if (rounds.size() == 1 && topUp.signum() == 0) {
            return new Replay("leverageDown", reference.leverageDown(rounds.getFirst()));
        }
        return new Replay("deleverage(" + rounds.size() + " rounds)", reference.deleverage(topUp, rounds));
    }

    private static boolean is(List<VenueOp> calls, int i, Kind kind, boolean base) {
        return i < calls.size() && calls.get(i).kind() == kind && calls.get(i).base() == base;
    }

    private static VenueOp expect(List<VenueOp> calls, int i, Kind kind, boolean base) {
        if (!is(calls, i, kind, base)) {
            throw new IllegalStateException("unexpected venue calls (no " + kind + (base ? " WETH" : " USDC")
                    + " at " + i + "): " + calls);
        }
        return calls.get(i);
    }

    private static void done(List<VenueOp> calls, int i) {
        if (i != calls.size()) {
            throw new IllegalStateException("unexpected venue calls (left over from " + i + "): " + calls);
        }
    }

    private double exposure() throws Exception {
        return new BigDecimal(vault.vault(ADMIN).position().send().exposureWad).movePointLeft(18).doubleValue();
    }

    private static long gas(TransactionReceipt receipt) {
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException("transaction " + receipt.getTransactionHash() + " reverted");
        }
        return receipt.getGasUsed().longValueExact();
    }
}
