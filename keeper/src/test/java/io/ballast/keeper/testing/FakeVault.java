package io.ballast.keeper.testing;

import io.ballast.keeper.abi.BallastAbi;
import io.ballast.keeper.abi.RevertReasons;
import io.ballast.keeper.chain.ChainException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

/** A vault as the keeper sees it: what checkUpkeep answers, whether performUpkeep would revert, the bounty owed. */
public final class FakeVault implements FakeChain.Contract {
    public static final String NOTHING_DUE = "VaultNothingDue()";

    private volatile boolean due;
    private volatile byte[] performData = new byte[0];
    private volatile String notDueReason = "within band";
    private volatile byte[] checkRevert;
    private volatile byte[] performRevert;
    private volatile boolean revertsOnChain;
    private volatile BigInteger bounty;

    public static FakeVault due(String performData) {
        FakeVault vault = new FakeVault();
        vault.due = true;
        vault.performData = performData.getBytes(StandardCharsets.US_ASCII);
        return vault;
    }

    public static FakeVault notDue(String reason) {
        FakeVault vault = new FakeVault();
        vault.notDueReason = reason;
        return vault;
    }

    /** checkUpkeep itself reverts with {@code signature}'s selector. */
    public static FakeVault checkReverts(String signature) {
        FakeVault vault = new FakeVault();
        vault.checkRevert = Numeric.hexStringToByteArray(RevertReasons.selector(signature));
        return vault;
    }

    /** performUpkeep reverts now, with {@code signature}'s selector (nothing due any more: a race was lost). */
    public FakeVault performReverts(String signature) {
        performRevert = Numeric.hexStringToByteArray(RevertReasons.selector(signature));
        return this;
    }

    public FakeVault performSucceeds() {
        performRevert = null;
        return this;
    }

    /** Simulation succeeds, but the mined transaction reverts. */
    public FakeVault revertsOnChain() {
        revertsOnChain = true;
        return this;
    }

    public FakeVault owes(BigInteger amount) {
        bounty = amount;
        return this;
    }

    public boolean failsOnChain() {
        return revertsOnChain || performRevert != null;
    }

    public byte[] expectedPerformCall() {
        return BallastAbi.performUpkeep(performData);
    }

    @Override
    public byte[] call(String from, byte[] data) throws ChainException.CallReverted {
        String selector = Numeric.toHexString(Arrays.copyOfRange(data, 0, 4));
        if (selector.equals(sel(BallastAbi.checkUpkeep(new byte[0])))) {
            if (checkRevert != null) {
                throw new ChainException.CallReverted("eth_call", 3, "execution reverted", checkRevert);
            }
            byte[] second = due ? performData : notDueReason.getBytes(StandardCharsets.US_ASCII);
            return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(
                    List.of(new Bool(due), new DynamicBytes(second))));
        }
        if (selector.equals(sel(BallastAbi.performUpkeep(new byte[0])))) {
            if (performRevert != null) {
                throw new ChainException.CallReverted("eth_call", 3, "execution reverted", performRevert);
            }
            return new byte[0];
        }
        if (selector.equals(sel(BallastAbi.claimBounty()))) {
            return new byte[0];
        }
        if (selector.equals(sel(BallastAbi.bountyOwed(TestKeys.VAULT_A)))) {
            if (bounty == null) {
                throw new ChainException.CallReverted("eth_call", 3, "execution reverted", new byte[0]);
            }
            return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(new Uint256(bounty))));
        }
        throw new ChainException.CallReverted("eth_call", 3, "execution reverted", new byte[0]);
    }

    private static String sel(byte[] call) {
        return Numeric.toHexString(Arrays.copyOfRange(call, 0, 4));
    }
}
