package io.ballast.deploy;

import io.ballast.wrappers.BallastPolicyModule;
import io.ballast.wrappers.BallastRiskEngine;
import io.ballast.wrappers.BallastVault;
import io.ballast.wrappers.ILendingAdapter;
import java.math.BigInteger;
import org.web3j.protocol.Web3j;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * Reads what a vault's risk engine makes of the vault now: the vault's state as the engine sees it (rebuilt from the
 * vault's and its lending venue's views, as {@code BallastVault._upkeepState} builds it) and the engine's
 * {@code assess} of it under the policy in force.
 */
public final class RiskView {
    private RiskView() {}

    /**
     * The vault's upkeep state from its views. {@code headRequestAssets} (the value the head redemption request
     * needs) is left at 0: the vault computes it internally and the engine's {@code assess} does not read it.
     */
    public static BallastRiskEngine.UpkeepState upkeepState(BallastVault vault, Web3j web3j, TransactionManager tx,
            ContractGasProvider gas) throws Exception {
        var pos = vault.position().send();
        ILendingAdapter lending = ILendingAdapter.load(vault.lendingAdapter().send(), web3j, tx, gas);
        String self = vault.getContractAddress();
        BigInteger ltBase = lending.reserveState(self, vault.base().send()).send().component4();
        BigInteger ltQuote = lending.reserveState(self, vault.asset().send()).send().component4();
        var queue = vault.queueState().send();
        var times = vault.upkeepTimes().send();
        return new BallastRiskEngine.UpkeepState(pos.exposureWad, pos.equity, pos.idleAsset,
                vault.healthFactor().send(), ltBase, ltQuote, queue.component3(), BigInteger.ZERO, times.component1(),
                times.component2(), vault.paused().send(), vault.emergencyUnwind().send(), pos.priceWad);
    }

    /** The policy-module struct as the risk engine's wrapper takes it. */
    public static BallastRiskEngine.Policy enginePolicy(BallastPolicyModule.Policy p) {
        return new BallastRiskEngine.Policy(p.targetExposureWad, p.bandWad, p.minDriftWad, p.hfFloorWad,
                p.hfTargetWad, p.hfCriticalWad, p.heartbeat, p.minChunkSpacing, p.maxTradeAssets,
                p.gasPriceCeilingWei, p.slippageBps, p.maxDeviationBps, p.bountyPremiumBps, p.entryFeeBps,
                p.bountyCapPerUpkeep, p.bountyCapPerDay, p.exitFeeBps, p.idleBufferBps);
    }

    /** The engine's assessment of the vault now, under the policy in force. */
    public static BallastRiskEngine.Assessment assess(BallastVault vault, Web3j web3j, TransactionManager tx,
            ContractGasProvider gas) throws Exception {
        BallastPolicyModule module = BallastPolicyModule.load(vault.policyModule().send(), web3j, tx, gas);
        BallastRiskEngine engine = BallastRiskEngine.load(module.riskEngine().send(), web3j, tx, gas);
        return engine.assess(upkeepState(vault, web3j, tx, gas), enginePolicy(module.policy().send())).send();
    }
}
