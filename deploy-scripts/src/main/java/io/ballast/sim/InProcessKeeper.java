package io.ballast.sim;

import io.ballast.deploy.LocalVault;
import io.ballast.wrappers.BallastVault;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple2;
import org.web3j.utils.Numeric;

/**
 * A keeper that runs inside a simulation: asks {@code checkUpkeep} and performs while something is due, letting the
 * arbitrageur realign the pools between upkeeps as the real market would. The rules stay in the vault; this only
 * triggers. The daemon for real chains (nonces, fees, replacement, many vaults) is in keeper/.
 */
public final class InProcessKeeper implements KeeperDriver {
    /** The policy module's actions, in the order of the Solidity enum. */
    public enum Action { NONE, RIPCORD, FILL_REDEMPTIONS, LIQUIDATION_BUFFER, PROTECTIVE_ORDER, BAND_REBALANCE, HEARTBEAT,
        DEPLOY_IDLE, SAMPLE }

    /** What one upkeep did. */
    public record Upkeep(Action action, BigInteger exposureBefore, BigInteger target, TransactionReceipt receipt) {}

    private final Credentials keeper;
    private final MarketSimulator simulator;

    public InProcessKeeper(Credentials keeper, MarketSimulator simulator) {
        this.keeper = keeper;
        this.simulator = simulator;
    }

    /** The due action named by {@code checkUpkeep}, or NONE. */
    public static Action due(LocalVault vault, Credentials as) throws Exception {
        Tuple2<Boolean, byte[]> check = vault.vault(as).checkUpkeep(new byte[0]).send();
        return check.component1() ? decode(check.component2()).action() : Action.NONE;
    }

    @SuppressWarnings("rawtypes")
    public static Upkeep decode(byte[] performData) {
        List<TypeReference<Type>> types = org.web3j.abi.Utils.convert(List.of(new TypeReference<Uint8>() {},
                new TypeReference<Int256>() {}, new TypeReference<Int256>() {}, new TypeReference<Uint256>() {}));
        List<Type> fields = FunctionReturnDecoder.decode(Numeric.toHexString(performData), types);
        int action = ((BigInteger) fields.get(0).getValue()).intValueExact();
        return new Upkeep(Action.values()[action], (BigInteger) fields.get(1).getValue(),
                (BigInteger) fields.get(2).getValue(), null);
    }

    @Override
    public java.util.Map<String, List<Upkeep>> serve(List<LocalVault> vaults, int maxRounds) throws Exception {
        java.util.Map<String, List<Upkeep>> done = new java.util.HashMap<>();
        for (LocalVault vault : vaults) {
            done.put(vault.vault().toLowerCase(), serve(vault, maxRounds));
        }
        return done;
    }

    /** Performs upkeeps while one is due, at most {@code max}; returns them in order. */
    public List<Upkeep> serve(LocalVault vault, int max) throws Exception {
        BallastVault v = vault.vault(keeper);
        List<Upkeep> done = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            Tuple2<Boolean, byte[]> check = v.checkUpkeep(new byte[0]).send();
            if (!check.component1()) {
                break;
            }
            Upkeep planned = decode(check.component2());
            TransactionReceipt receipt = v.performUpkeep(check.component2()).send();
            done.add(new Upkeep(planned.action(), planned.exposureBefore(), planned.target(), receipt));
            simulator.arbitrageur().arbitrageAll();
        }
        return done;
    }
}
