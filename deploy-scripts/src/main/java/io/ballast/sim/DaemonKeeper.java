package io.ballast.sim;

import io.ballast.deploy.LocalVault;
import io.ballast.keeper.KeeperRuntime;
import io.ballast.keeper.act.SendOutcome;
import io.ballast.keeper.config.KeeperConfig;
import io.ballast.keeper.config.Secret;
import io.ballast.wrappers.BallastVault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The production keeper (keeper/: batched checks through Multicall3, simulation, nonce and fee management) run
 * in-process against the local chain, one round at a time, with the arbitrageur between rounds.
 */
public final class DaemonKeeper implements KeeperDriver {
    private final KeeperRuntime runtime;
    private final MarketSimulator simulator;

    /**
     * @param rpcUrl the local node
     * @param keeper the keeper account (a Hardhat test account: its key never leaves this process)
     * @param vaults every vault the keeper watches
     */
    public DaemonKeeper(String rpcUrl, Credentials keeper, List<String> vaults, MarketSimulator simulator)
            throws Exception {
        this.simulator = simulator;
        this.runtime = KeeperRuntime.start(KeeperConfig.builder()
                .rpcUrl(rpcUrl)
                .chainId(31337)
                .privateKey(Secret.of(Numeric.toHexStringWithPrefixZeroPadded(keeper.getEcKeyPair().getPrivateKey(),
                        64)))
                .vaults(vaults)
                .pollInterval(Duration.ofMillis(100))
                .receiptTimeout(Duration.ofSeconds(10))
                .receiptPollInterval(Duration.ofMillis(20))
                .metricsPort(-1)
                .build());
    }

    @Override
    public Map<String, List<InProcessKeeper.Upkeep>> serve(List<LocalVault> vaults, int maxRounds) throws Exception {
        Map<String, List<InProcessKeeper.Upkeep>> done = new HashMap<>();
        List<String> wanted = vaults.stream().map(v -> v.vault().toLowerCase()).toList();
        for (int round = 0; round < maxRounds; round++) {
            Map<String, SendOutcome> outcomes = runtime.keeper().runOnce().await(Duration.ofSeconds(60));
            boolean any = false;
            for (var entry : outcomes.entrySet()) {
                String vault = entry.getKey().toLowerCase();
                if (!wanted.contains(vault) || !(entry.getValue() instanceof SendOutcome.Mined mined)) {
                    continue;
                }
                any = true;
                for (var event : BallastVault.getUpkeepPerformedEvents(mined.receipt())) {
                    done.computeIfAbsent(vault, k -> new ArrayList<>()).add(new InProcessKeeper.Upkeep(
                            InProcessKeeper.Action.values()[event.action.intValueExact()], event.exposureBefore, null,
                            mined.receipt()));
                }
            }
            simulator.arbitrageur().arbitrageAll();
            if (!any) {
                break;
            }
        }
        return done;
    }

    @Override
    public void close() {
        runtime.close();
    }
}
