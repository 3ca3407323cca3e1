package io.ballast.chain;

import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * Hardhat's default development accounts, derived from its public test mnemonic on the standard Ethereum path
 * {@code m/44'/60'/0'/0/i}. They are funded on every Hardhat node and their keys are public knowledge: use them on a
 * local chain only, never on a public one.
 */
public final class HardhatAccounts {
    /** Hardhat's documented, public test mnemonic. */
    public static final String PUBLIC_TEST_MNEMONIC = "test test test test test test test test test test test junk";

    /** Roles given to the default accounts by the local market and the tests. */
    public static final int DEPLOYER = 0;
    public static final int LENDER = 1;
    public static final int LIQUIDITY_PROVIDER = 2;
    public static final int ARBITRAGEUR = 3;
    public static final int LIQUIDATOR = 4;
    /** Accounts from here on are free for tests: keepers, depositors, borrowers. */
    public static final int FIRST_FREE = 5;
    public static final int COUNT = 20;

    private static final Bip32ECKeyPair MASTER =
            Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(PUBLIC_TEST_MNEMONIC, ""));

    private HardhatAccounts() {}

    /** Credentials of default account {@code index} (0..19). */
    public static Credentials account(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("Hardhat has default accounts 0.." + (COUNT - 1) + ", not " + index);
        }
        int hardened = 0x80000000;
        int[] path = {44 | hardened, 60 | hardened, hardened, 0, index};
        return Credentials.create(Bip32ECKeyPair.deriveKeyPair(MASTER, path));
    }
}
