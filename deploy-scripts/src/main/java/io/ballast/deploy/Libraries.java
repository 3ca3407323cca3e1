package io.ballast.deploy;

import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Links library addresses into contract bytecode. solc marks each library use with the placeholder
 * {@code __$<first 34 hex chars of keccak256("path/File.sol:Name")>$__}.
 *
 * <p>web3j's generated {@code linkLibraries} cannot be used for the venues' libraries: after substituting that
 * placeholder it also builds the legacy one, {@code "__" + name} padded to 40 characters, and fails with a negative
 * padding for every fully qualified name longer than 38 characters, which all of Aave's and Uniswap's are.
 */
public final class Libraries {
    private Libraries() {}

    /**
     * Returns {@code bytecode} with every library in {@code addresses} linked.
     *
     * @param bytecode the unlinked creation bytecode (hex, with or without 0x)
     * @param addresses fully qualified library name ({@code path/File.sol:Name}) to deployed address
     * @throws IllegalArgumentException when a placeholder of a given library is missing, or one stays unlinked
     */
    public static String link(String bytecode, Map<String, String> addresses) {
        String linked = bytecode;
        for (Map.Entry<String, String> e : addresses.entrySet()) {
            String placeholder = placeholder(e.getKey());
            if (!linked.contains(placeholder)) {
                throw new IllegalArgumentException("bytecode does not use library " + e.getKey());
            }
            String address = Numeric.cleanHexPrefix(e.getValue()).toLowerCase();
            if (address.length() != 40) {
                throw new IllegalArgumentException("not an address for " + e.getKey() + ": " + e.getValue());
            }
            linked = linked.replace(placeholder, address);
        }
        int unlinked = linked.indexOf("__$");
        if (unlinked >= 0) {
            throw new IllegalArgumentException("bytecode still has an unlinked library at offset " + unlinked + ": "
                    + linked.substring(unlinked, Math.min(linked.length(), unlinked + 40)));
        }
        return linked;
    }

    /** The solc placeholder of library {@code fullyQualifiedName}. */
    public static String placeholder(String fullyQualifiedName) {
        String hash = Numeric.cleanHexPrefix(Hash.sha3String(fullyQualifiedName));
        return "__$" + hash.substring(0, 34) + "$__";
    }
}
