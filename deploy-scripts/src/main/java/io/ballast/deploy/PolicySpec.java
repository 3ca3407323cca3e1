package io.ballast.deploy;

import io.ballast.wrappers.BallastPolicyModule;
import io.ballast.wrappers.BallastVaultFactory;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A vault policy in human units, mirroring the on-chain {@code IBallastPolicyModule.Policy} struct. Ratios and health
 * factors are decimals (2 = 2.0x), fees and limits in basis points, durations in seconds, amounts in raw asset units.
 *
 * @param targetExposure target exposure x* (signed: above 1 leveraged long, 0..1 unlevered, below 0 short)
 * @param band fixed rebalancing band around the target
 * @param minDrift drift from target below which a heartbeat does not trade
 * @param hfFloor health factor below which the liquidation buffer acts
 * @param hfTarget health factor the buffer deleverages to
 * @param hfCritical health factor of the ripcord
 * @param heartbeatSeconds longest time between rebalances
 * @param minChunkSpacingSeconds minimum time between chunks of a large trade
 * @param maxTradeAssets largest trade per upkeep, raw asset units
 * @param gasPriceCeilingWei gas price the bounty is paid at most
 * @param slippageBps slippage limit against the oracle
 * @param maxDeviationBps pool-versus-oracle deviation limit
 * @param bountyPremiumBps premium over gas cost
 * @param entryFeeBps deposit fee kept by the vault
 * @param bountyCapPerUpkeep bounty cap per upkeep, raw asset units
 * @param bountyCapPerDay bounty cap per day, raw asset units
 * @param exitFeeBps exit fee kept by the vault
 * @param idleBufferBps idle funds kept undeployed, of equity
 */
public record PolicySpec(BigDecimal targetExposure, BigDecimal band, BigDecimal minDrift, BigDecimal hfFloor,
        BigDecimal hfTarget, BigDecimal hfCritical, long heartbeatSeconds, long minChunkSpacingSeconds,
        BigInteger maxTradeAssets, BigInteger gasPriceCeilingWei, int slippageBps, int maxDeviationBps,
        int bountyPremiumBps, int entryFeeBps, BigInteger bountyCapPerUpkeep, BigInteger bountyCapPerDay,
        int exitFeeBps, int idleBufferBps) {

    /** A 2x long ETH vault on a 6-decimal asset: band 0.1, health factor floor 1.25 / target 1.5 / critical 1.1. */
    public static PolicySpec long2x() {
        return new PolicySpec(new BigDecimal("2"), new BigDecimal("0.1"), new BigDecimal("0.02"),
                new BigDecimal("1.25"), new BigDecimal("1.5"), new BigDecimal("1.1"), 86_400, 0,
                Units.raw("250000", 6), BigInteger.valueOf(100_000_000_000L), 50, 100, 2000, 10,
                Units.raw("50", 6), Units.raw("200", 6), 10, 500);
    }

    /** Hard lower bounds used with {@link #long2x()}. */
    public static PolicySpec lowerBounds() {
        return new PolicySpec(new BigDecimal("-3"), new BigDecimal("0.01"), BigDecimal.ZERO, new BigDecimal("1.05"),
                new BigDecimal("1.1"), BigDecimal.ONE, 3600, 0, Units.raw("1", 6), BigInteger.valueOf(1_000_000_000L),
                1, 1, 0, 0, BigInteger.ZERO, BigInteger.ZERO, 0, 0);
    }

    /** Hard upper bounds used with {@link #long2x()}. */
    public static PolicySpec upperBounds() {
        return new PolicySpec(new BigDecimal("3"), new BigDecimal("0.5"), new BigDecimal("0.5"), new BigDecimal("3"),
                new BigDecimal("5"), new BigDecimal("2"), 30L * 86_400, 86_400, Units.raw("100000000", 6),
                BigInteger.valueOf(1_000_000_000_000L), 500, 500, 10_000, 100, Units.raw("1000", 6),
                Units.raw("10000", 6), 100, 10_000);
    }

    /** The same policy with another target exposure. */
    public PolicySpec withTarget(BigDecimal target) {
        return new PolicySpec(target, band, minDrift, hfFloor, hfTarget, hfCritical, heartbeatSeconds,
                minChunkSpacingSeconds, maxTradeAssets, gasPriceCeilingWei, slippageBps, maxDeviationBps,
                bountyPremiumBps, entryFeeBps, bountyCapPerUpkeep, bountyCapPerDay, exitFeeBps, idleBufferBps);
    }

    /** The same policy with another fixed band. */
    public PolicySpec withBand(BigDecimal newBand) {
        return new PolicySpec(targetExposure, newBand, minDrift, hfFloor, hfTarget, hfCritical, heartbeatSeconds,
                minChunkSpacingSeconds, maxTradeAssets, gasPriceCeilingWei, slippageBps, maxDeviationBps,
                bountyPremiumBps, entryFeeBps, bountyCapPerUpkeep, bountyCapPerDay, exitFeeBps, idleBufferBps);
    }

    /**
     * Time-based rebalancing: back to target every hour once it drifted 0.005 (heartbeat 1 h), with
     * the band at its widest bound so that it rarely acts on its own.
     */
    public PolicySpec timeBased() {
        return new PolicySpec(targetExposure, new BigDecimal("0.5"), new BigDecimal("0.005"), hfFloor, hfTarget,
                hfCritical,
                3600, minChunkSpacingSeconds, maxTradeAssets, gasPriceCeilingWei, slippageBps, maxDeviationBps,
                bountyPremiumBps, entryFeeBps, bountyCapPerUpkeep, bountyCapPerDay, exitFeeBps, idleBufferBps);
    }

    /** The struct as the generated factory wrapper takes it. */
    public BallastVaultFactory.Policy toFactoryPolicy() {
        return new BallastVaultFactory.Policy(wad(targetExposure), wad(band), wad(minDrift), wad(hfFloor),
                wad(hfTarget), wad(hfCritical), BigInteger.valueOf(heartbeatSeconds),
                BigInteger.valueOf(minChunkSpacingSeconds), maxTradeAssets, gasPriceCeilingWei,
                BigInteger.valueOf(slippageBps), BigInteger.valueOf(maxDeviationBps),
                BigInteger.valueOf(bountyPremiumBps), BigInteger.valueOf(entryFeeBps), bountyCapPerUpkeep,
                bountyCapPerDay, BigInteger.valueOf(exitFeeBps), BigInteger.valueOf(idleBufferBps));
    }

    /** The struct as the generated policy-module wrapper takes it. */
    public BallastPolicyModule.Policy toModulePolicy() {
        BallastVaultFactory.Policy p = toFactoryPolicy();
        return new BallastPolicyModule.Policy(p.targetExposureWad, p.bandWad, p.minDriftWad, p.hfFloorWad,
                p.hfTargetWad, p.hfCriticalWad, p.heartbeat, p.minChunkSpacing, p.maxTradeAssets, p.gasPriceCeilingWei,
                p.slippageBps, p.maxDeviationBps, p.bountyPremiumBps, p.entryFeeBps, p.bountyCapPerUpkeep,
                p.bountyCapPerDay, p.exitFeeBps, p.idleBufferBps);
    }

    /** The policy a policy module reports. */
    public static PolicySpec of(BallastPolicyModule.Policy p) {
        return new PolicySpec(fromWad(p.targetExposureWad), fromWad(p.bandWad), fromWad(p.minDriftWad),
                fromWad(p.hfFloorWad), fromWad(p.hfTargetWad), fromWad(p.hfCriticalWad), p.heartbeat.longValueExact(),
                p.minChunkSpacing.longValueExact(), p.maxTradeAssets, p.gasPriceCeilingWei,
                p.slippageBps.intValueExact(), p.maxDeviationBps.intValueExact(), p.bountyPremiumBps.intValueExact(),
                p.entryFeeBps.intValueExact(), p.bountyCapPerUpkeep, p.bountyCapPerDay, p.exitFeeBps.intValueExact(),
                p.idleBufferBps.intValueExact());
    }

    private static BigDecimal fromWad(BigInteger wad) {
        return new BigDecimal(wad).movePointLeft(18).stripTrailingZeros();
    }

    /** A decimal as a WAD integer (exact; rejects more than 18 decimals). */
    public static BigInteger wad(BigDecimal value) {
        return value.movePointRight(18).toBigIntegerExact();
    }
}
