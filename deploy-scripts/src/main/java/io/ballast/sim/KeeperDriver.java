package io.ballast.sim;

import io.ballast.deploy.LocalVault;
import java.util.List;
import java.util.Map;

/** What a simulation needs from a keeper: serve the managed vaults until nothing is due (or a round limit). */
public interface KeeperDriver extends AutoCloseable {
    /**
     * Serves {@code vaults}; the arbitrageur realigns the pools between rounds.
     *
     * @return the upkeeps done, by vault address (lower case)
     */
    Map<String, List<InProcessKeeper.Upkeep>> serve(List<LocalVault> vaults, int maxRounds) throws Exception;

    @Override
    default void close() {}
}
