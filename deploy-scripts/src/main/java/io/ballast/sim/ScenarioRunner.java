package io.ballast.sim;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.scenario.PricePath;
import io.ballast.wrappers.BallastVault;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.web3j.crypto.Credentials;

/**
 * Replays a price path through the real contracts on the local chain: for each point the chain clock moves to the
 * point's time (relative to the start), the feed is set, the arbitrageur realigns the pools, the keeper serves the
 * managed vaults, and the liquidator liquidates any vault below a health factor of 1. Every vault is sampled after
 * each point.
 */
public final class ScenarioRunner {
    private static final double HF_CHART_CAP = 5.0;
    private final LocalMarket market;
    private final MarketSimulator simulator;
    private final KeeperDriver keeper;
    private final Credentials reader = HardhatAccounts.account(HardhatAccounts.DEPLOYER);

    public ScenarioRunner(LocalMarket market, MarketSimulator simulator, KeeperDriver keeper) {
        this.market = market;
        this.simulator = simulator;
        this.keeper = keeper;
    }

    /**
     * A vault in the run.
     *
     * @param label name in reports
     * @param vault the vault
     * @param managed whether the keeper serves it (the unmanaged baseline is left alone)
     * @param band its rebalancing band (for charts)
     */
    public record Track(String label, LocalVault vault, boolean managed, double band) {}

    /** One vault after one point. Health factor capped at 5 for charts (no debt reads as the cap). */
    public record Sample(double exposure, double target, double healthFactor, double equity) {}

    /** What happened to one vault over the run. */
    public static final class VaultResult {
        public final Track track;
        public final List<Sample> samples = new ArrayList<>();
        public final Map<InProcessKeeper.Action, Integer> upkeepsByAction = new EnumMap<>(InProcessKeeper.Action.class);
        public BigInteger upkeepGas = BigInteger.ZERO;
        public BigInteger bountiesAccrued = BigInteger.ZERO;
        /** Swap fees and slippage against the oracle, in USDC. */
        public double swapCost;
        /** Gas of the upkeeps at their effective gas price, in USDC at the ETH price. */
        public double gasCost;
        public int liquidations;

        VaultResult(Track track) {
            this.track = track;
        }

        public int upkeeps() {
            return upkeepsByAction.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Largest fall of equity from a previous high, as a fraction. */
        public double maxDrawdown() {
            double peak = Double.NEGATIVE_INFINITY;
            double worst = 0;
            for (Sample s : samples) {
                peak = Math.max(peak, s.equity());
                if (peak > 0) {
                    worst = Math.max(worst, (peak - s.equity()) / peak);
                }
            }
            return worst;
        }

        /** Root-mean-square distance of exposure from target over the samples. */
        public double rmsExposureError() {
            return Math.sqrt(samples.stream().mapToDouble(s -> Math.pow(s.exposure() - s.target(), 2)).average()
                    .orElse(0));
        }
    }

    /** The whole run: timestamps and prices of the points, and each vault's result. */
    public record Result(PricePath path, List<Long> timestamps, List<Double> prices, Map<String, VaultResult> vaults,
            double wallSeconds) {}

    /**
     * Runs {@code path}; {@code progress} is told the index of each point done.
     */
    public Result run(PricePath path, List<Track> tracks, IntConsumer progress) throws Exception {
        long started = System.nanoTime();
        Chain chain = market.chain();
        Map<String, VaultResult> results = new LinkedHashMap<>();
        tracks.forEach(t -> results.put(t.label(), new VaultResult(t)));
        List<String> watched = tracks.stream().map(t -> t.vault().vault()).toList();
        List<Long> timestamps = new ArrayList<>();
        List<Double> prices = new ArrayList<>();
        long chainStart = chain.latestTimestamp() + 1;
        long pathStart = path.points().getFirst().timestamp();
        for (int i = 0; i < path.points().size(); i++) {
            PricePath.Point point = path.points().get(i);
            long target = chainStart + (point.timestamp() - pathStart);
            if (target > chain.latestTimestamp()) {
                chain.raw("evm_setNextBlockTimestamp", List.of(target));
            }
            MarketSimulator.StepResult step = simulator.step(point.price(), watched);
            count(step.liquidations(), results);
            List<LocalVault> managed = tracks.stream().filter(Track::managed).map(Track::vault).toList();
            var upkeeps = keeper.serve(managed, 12);
            for (Track track : tracks) {
                if (track.managed()) {
                    record(upkeeps.getOrDefault(track.vault().vault().toLowerCase(), List.of()),
                            results.get(track.label()), point.price().doubleValue());
                }
            }
            count(simulator.liquidator().liquidate(watched), results);
            timestamps.add(point.timestamp());
            prices.add(point.price().doubleValue());
            for (Track track : tracks) {
                results.get(track.label()).samples.add(sample(track));
            }
            progress.accept(i);
        }
        return new Result(path, timestamps, prices, results, (System.nanoTime() - started) / 1e9);
    }

    /** Brings a fresh vault to its target before a run (the unmanaged baseline starts from the same position). */
    public void prepare(Track track) throws Exception {
        keeper.serve(List.of(track.vault()), 40);
    }

    private static void count(List<Liquidator.Liquidation> liquidations, Map<String, VaultResult> results) {
        for (Liquidator.Liquidation l : liquidations) {
            results.values().stream().filter(r -> r.track.vault().vault().equalsIgnoreCase(l.user()))
                    .forEach(r -> r.liquidations++);
        }
    }

    private void record(List<InProcessKeeper.Upkeep> upkeeps, VaultResult result, double price) {
        for (InProcessKeeper.Upkeep u : upkeeps) {
            result.upkeepsByAction.merge(u.action(), 1, Integer::sum);
            result.upkeepGas = result.upkeepGas.add(u.receipt().getGasUsed());
            BigInteger gasPrice = u.receipt().getEffectiveGasPrice() == null ? BigInteger.ZERO
                    : new BigInteger(u.receipt().getEffectiveGasPrice().substring(2), 16);
            result.gasCost += u.receipt().getGasUsed().multiply(gasPrice).doubleValue() / 1e18 * price;
            for (var swap : BallastVault.getSwappedEvents(u.receipt())) {
                boolean soldUsdc = swap.tokenIn.equalsIgnoreCase(market.usdc());
                double in = swap.amountIn.doubleValue() / (soldUsdc ? 1e6 : 1e18) * (soldUsdc ? 1 : price);
                double out = swap.amountOut.doubleValue() / (soldUsdc ? 1e18 : 1e6) * (soldUsdc ? price : 1);
                result.swapCost += in - out;
            }
            for (var accrued : BallastVault.getBountyAccruedEvents(u.receipt())) {
                result.bountiesAccrued = result.bountiesAccrued.add(accrued.amount);
            }
        }
    }

    private Sample sample(Track track) throws Exception {
        BallastVault vault = track.vault().vault(reader);
        var position = vault.position().send();
        double exposure = wad(position.exposureWad);
        double target = wad(vault.targetExposure().send());
        double hf = Math.min(HF_CHART_CAP, wad(vault.healthFactor().send()));
        double equity = new BigDecimal(position.equity).movePointLeft(LocalMarket.USDC_DECIMALS).doubleValue();
        return new Sample(exposure, target, hf, equity);
    }

    private static double wad(BigInteger value) {
        return new BigDecimal(value).movePointLeft(18).doubleValue();
    }
}
