package io.ballast.keeper.abi;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The few Ballast calls the keeper makes, encoded and decoded by hand. It is the only place that knows the vault's and
 * the factory's ABI, so it can be swapped for generated wrappers once the vault contracts exist:
 * <ul>
 *   <li>vault: {@code checkUpkeep(bytes) view returns (bool, bytes)}, {@code performUpkeep(bytes)},
 *       {@code claimBounty()}, {@code bountyOwed(address) view returns (uint256)};</li>
 *   <li>factory: {@code vaultsCount() view returns (uint256)},
 *       {@code vaults(uint256 offset, uint256 limit) view returns (address[])}.</li>
 * </ul>
 * Decoders are strict: return data of the wrong shape is an {@link AbiDecodingException}, never a guess.
 */
public final class BallastAbi {
    /** What {@code checkUpkeep} answered. {@code performData} is the action when due, else the reason it is not. */
    public record CheckResult(boolean upkeepNeeded, byte[] performData) {
        public CheckResult {
            performData = performData.clone();
        }

        @Override
        public byte[] performData() {
            return performData.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CheckResult other && upkeepNeeded == other.upkeepNeeded
                    && Arrays.equals(performData, other.performData);
        }

        @Override
        public int hashCode() {
            return 31 * Boolean.hashCode(upkeepNeeded) + Arrays.hashCode(performData);
        }

        @Override
        public String toString() {
            return "CheckResult[upkeepNeeded=" + upkeepNeeded + ", performData=" + Numeric.toHexString(performData) + "]";
        }
    }

    private static final int WORD = 32;

    private BallastAbi() {}

    public static byte[] checkUpkeep(byte[] checkData) {
        return encode(new Function("checkUpkeep", List.of(new DynamicBytes(checkData)), List.of()));
    }

    public static byte[] performUpkeep(byte[] performData) {
        return encode(new Function("performUpkeep", List.of(new DynamicBytes(performData)), List.of()));
    }

    public static byte[] claimBounty() {
        return encode(new Function("claimBounty", List.of(), List.of()));
    }

    public static byte[] bountyOwed(String keeper) {
        return encode(new Function("bountyOwed", List.of(new Address(keeper)), List.of()));
    }

    public static byte[] vaultsCount() {
        return encode(new Function("vaultsCount", List.of(), List.of()));
    }

    public static byte[] vaults(long offset, long limit) {
        return encode(new Function("vaults", List.of(new Uint256(offset), new Uint256(limit)), List.of()));
    }

    /** Decodes {@code (bool upkeepNeeded, bytes performData)}. */
    public static CheckResult decodeCheckUpkeep(byte[] data) throws AbiDecodingException {
        if (data.length == 0) {
            throw new AbiDecodingException("checkUpkeep returned no data (is the address a vault?)");
        }
        if (data.length < 3 * WORD) {
            throw new AbiDecodingException("checkUpkeep returned " + data.length + " bytes, expected at least 96");
        }
        BigInteger flag = word(data, 0);
        if (flag.signum() != 0 && !flag.equals(BigInteger.ONE)) {
            throw new AbiDecodingException("checkUpkeep's first word is not a bool: 0x" + flag.toString(16));
        }
        byte[] bytes = dynamicBytesAt(data, word(data, WORD), "checkUpkeep's performData");
        return new CheckResult(flag.equals(BigInteger.ONE), bytes);
    }

    /** Decodes a single {@code uint256}. */
    public static BigInteger decodeUint256(byte[] data) throws AbiDecodingException {
        if (data.length < WORD) {
            throw new AbiDecodingException("expected a uint256 (32 bytes), got " + data.length + " bytes");
        }
        return word(data, 0);
    }

    /** Decodes an {@code address[]} into EIP-55 checksummed addresses. */
    public static List<String> decodeAddresses(byte[] data) throws AbiDecodingException {
        if (data.length < 2 * WORD) {
            throw new AbiDecodingException("expected an address[], got " + data.length + " bytes");
        }
        BigInteger offset = word(data, 0);
        BigInteger length = offset.compareTo(BigInteger.valueOf(data.length)) < 0
                ? word(data, offset.intValueExact()) : BigInteger.valueOf(-1);
        if (length.signum() < 0 || offset.add(BigInteger.valueOf(WORD))
                .add(length.multiply(BigInteger.valueOf(WORD))).compareTo(BigInteger.valueOf(data.length)) > 0) {
            throw new AbiDecodingException("address[] offset or length points outside the " + data.length
                    + " bytes returned");
        }
        try {
            @SuppressWarnings("rawtypes")
            List<Type> decoded = FunctionReturnDecoder.decode(Numeric.toHexString(data), new Function("vaults",
                    List.of(), List.of(new TypeReference<DynamicArray<Address>>() {})).getOutputParameters());
            @SuppressWarnings("unchecked")
            List<Address> addresses = ((DynamicArray<Address>) decoded.getFirst()).getValue();
            return addresses.stream().map(a -> Keys.toChecksumAddress(a.getValue())).toList();
        } catch (RuntimeException e) {
            throw new AbiDecodingException("not an address[]: " + e.getMessage());
        }
    }

    /**
     * Decodes an ABI-encoded {@code bytes} or {@code string} at {@code offset}: a length word, then the bytes.
     */
    static byte[] dynamicBytesAt(byte[] data, BigInteger offset, String what) throws AbiDecodingException {
        if (offset.signum() < 0 || offset.compareTo(BigInteger.valueOf(data.length - WORD)) > 0) {
            throw new AbiDecodingException(what + " offset " + offset + " is outside the " + data.length + " bytes");
        }
        int at = offset.intValueExact();
        BigInteger length = word(data, at);
        if (length.compareTo(BigInteger.valueOf(data.length - at - WORD)) > 0) {
            throw new AbiDecodingException(what + " length " + length + " runs past the " + data.length + " bytes");
        }
        int start = at + WORD;
        return Arrays.copyOfRange(data, start, start + length.intValueExact());
    }

    static BigInteger word(byte[] data, int at) {
        return new BigInteger(1, Arrays.copyOfRange(data, at, at + WORD));
    }

    private static byte[] encode(Function function) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(function));
    }
}
