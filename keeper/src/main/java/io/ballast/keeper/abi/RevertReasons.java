package io.ballast.keeper.abi;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Human-readable text for revert data and for the reason bytes of a {@code checkUpkeep} that is not due, for logs.
 * Knows {@code Error(string)}, {@code Panic(uint256)} and the custom errors registered with {@link #register}; any
 * other selector is shown as hex so it can be looked up.
 */
public final class RevertReasons {
    private static final String ERROR_STRING = "0x08c379a0";
    private static final String PANIC = "0x4e487b71";
    private static final int MAX_HEX_CHARS = 2 + 2 * 68;

    private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();

    static {
        for (String signature : new String[] {
                "AccessControlUnauthorizedAccount(address,bytes32)", "EnforcedPause()", "ExpectedPause()",
                "ReentrancyGuardReentrantCall()", "SafeERC20FailedOperation(address)",
                "ERC20InsufficientBalance(address,uint256,uint256)",
                // what a Ballast vault's performUpkeep and claimBounty revert with (IBallastVault), and its price
                // module's oracle checks (IBallastPriceModule): a lost race reads "VaultNothingDue", not a selector
                "VaultNothingDue()", "VaultSlippageExceeded(uint256,uint256)",
                "VaultPriceDeviation(uint256,uint256,uint256)", "VaultHealthBelowFloor(uint256,uint256)",
                "VaultExposureNotImproved(uint256,uint256)", "VaultEquityLoss(int256,int256,uint256)",
                "VaultNoBounty(address)", "VaultBountyUnfunded(uint256)", "PriceStale(address,uint256,uint256)",
                "PriceNotPositive(address,int256)", "PriceOutOfBounds(address,int256,int256,int256)",
                "PriceSequencerDown(address,int256)", "PriceSequencerGracePeriod(uint256,uint256)"}) {
            register(signature);
        }
    }

    private RevertReasons() {}

    /** Makes {@link #describe} name the custom error with this signature, e.g. {@code VaultNothingDue()}. */
    public static void register(String signature) {
        KNOWN.put(selector(signature), signature.substring(0, signature.indexOf('(')));
    }

    /** The 4-byte selector of {@code signature}, as 0x-prefixed hex. */
    public static String selector(String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }

    /** Describes revert data: the decoded reason, or the selector and a bounded hex dump. */
    public static String describe(byte[] revertData) {
        if (revertData == null || revertData.length == 0) {
            return "no revert data";
        }
        if (revertData.length < 4) {
            return "revert data " + Numeric.toHexString(revertData);
        }
        String selector = Numeric.toHexString(Arrays.copyOfRange(revertData, 0, 4));
        byte[] args = Arrays.copyOfRange(revertData, 4, revertData.length);
        if (selector.equals(ERROR_STRING)) {
            try {
                return "Error(\"" + printable(BallastAbi.dynamicBytesAt(args, BallastAbi.word(args, 0), "reason"))
                        + "\")";
            } catch (AbiDecodingException | RuntimeException e) {
                return "Error(string) with malformed data " + bounded(revertData);
            }
        }
        if (selector.equals(PANIC) && args.length >= 32) {
            BigInteger code = BallastAbi.word(args, 0);
            return "Panic(0x" + code.toString(16) + ": " + panicMeaning(code.intValue()) + ")";
        }
        String name = KNOWN.get(selector);
        String suffix = args.length == 0 ? "" : " args " + bounded(args);
        return (name != null ? name + " (" + selector + ")" : "custom error " + selector) + suffix;
    }

    /**
     * Describes the bytes a vault returns with {@code upkeepNeeded == false}: text when they are text (raw or an
     * ABI-encoded string), a selector-like code when they are four bytes, else bounded hex.
     */
    public static String describeReason(byte[] reason) {
        if (reason.length == 0) {
            return "no reason given";
        }
        if (isPrintable(reason)) {
            return new String(reason, StandardCharsets.US_ASCII);
        }
        if (reason.length == 4) {
            String code = Numeric.toHexString(reason);
            String name = KNOWN.get(code);
            return name != null ? name + " (" + code + ")" : "code " + code;
        }
        if (reason.length >= 64 && BallastAbi.word(reason, 0).equals(BigInteger.valueOf(32))) {
            try {
                byte[] text = BallastAbi.dynamicBytesAt(reason, BigInteger.valueOf(32), "reason");
                if (isPrintable(text)) {
                    return new String(text, StandardCharsets.US_ASCII);
                }
            } catch (AbiDecodingException e) {
                // not an encoded string: fall through to hex
            }
        }
        if (reason.length > 4 && KNOWN.containsKey(Numeric.toHexString(Arrays.copyOfRange(reason, 0, 4)))) {
            return describe(reason);
        }
        return bounded(reason);
    }

    private static String bounded(byte[] data) {
        String hex = Numeric.toHexString(data);
        return hex.length() <= MAX_HEX_CHARS ? hex : hex.substring(0, MAX_HEX_CHARS) + "...(" + data.length + " bytes)";
    }

    private static boolean isPrintable(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(b >= 0x20 && b <= 0x7e ? (char) b : '?');
        }
        return out.length() <= 200 ? out.toString() : out.substring(0, 200) + "...";
    }

    private static String panicMeaning(int code) {
        return switch (code) {
            case 0x01 -> "assert failed";
            case 0x11 -> "arithmetic overflow or underflow";
            case 0x12 -> "division by zero";
            case 0x21 -> "invalid enum value";
            case 0x31 -> "pop on empty array";
            case 0x32 -> "array index out of bounds";
            case 0x41 -> "out of memory";
            case 0x51 -> "call to an uninitialised function";
            default -> "unknown panic";
        };
    }
}
