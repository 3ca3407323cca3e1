package io.ballast.keeper.decide;

import java.util.Arrays;
import org.web3j.utils.Numeric;

/** What one scan decided for one vault. */
public sealed interface UpkeepDecision {
    String vault();

    /** {@code checkUpkeep} returned {@code (true, performData)}. */
    record Due(String vault, byte[] performData) implements UpkeepDecision {
        public Due {
            performData = performData.clone();
        }

        @Override
        public byte[] performData() {
            return performData.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Due other && vault.equals(other.vault) && Arrays.equals(performData, other.performData);
        }

        @Override
        public int hashCode() {
            return 31 * vault.hashCode() + Arrays.hashCode(performData);
        }

        @Override
        public String toString() {
            return "Due[vault=" + vault + ", performData=" + Numeric.toHexString(performData) + "]";
        }
    }

    /** {@code checkUpkeep} returned {@code (false, reason)}; {@code reason} is the decoded reason. */
    record NotDue(String vault, String reason) implements UpkeepDecision {}

    /**
     * The vault could not be checked: {@code checkUpkeep} reverted, its answer did not decode, or the node could not
     * be asked ({@code rpcError}). Other vaults are not affected.
     */
    record Failed(String vault, String error, boolean rpcError) implements UpkeepDecision {}
}
