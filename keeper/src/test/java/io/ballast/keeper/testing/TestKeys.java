package io.ballast.keeper.testing;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/** Hardhat's default accounts: public test keys, funded on a local chain, never to be used anywhere else. */
public final class TestKeys {
    /** Hardhat account 0. */
    public static final String KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    /** Hardhat account 1. */
    public static final String KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    public static final Credentials ACCOUNT_0 = Credentials.create(KEY_0);

    public static final String VAULT_A = Keys.toChecksumAddress("0x00000000000000000000000000000000000000a1");
    public static final String VAULT_B = Keys.toChecksumAddress("0x00000000000000000000000000000000000000b2");
    public static final String VAULT_C = Keys.toChecksumAddress("0x00000000000000000000000000000000000000c3");
    public static final String FACTORY = Keys.toChecksumAddress("0x00000000000000000000000000000000000000f1");

    private TestKeys() {}
}
