package io.ballast.keeper.testing;

import org.web3j.crypto.Credentials;

/** Hardhat's default accounts: public test keys, funded on a local chain, never to be used anywhere else. */
public final class TestKeys {
    /** Hardhat account 0. */
    public static final String KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    /** Hardhat account 1. */
    public static final String KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    public static final Credentials ACCOUNT_0 = Credentials.create(KEY_0);

    public static final String VAULT_A = "0x00000000000000000000000000000000000000A1";
    public static final String VAULT_B = "0x00000000000000000000000000000000000000B2";
    public static final String VAULT_C = "0x00000000000000000000000000000000000000C3";
    public static final String FACTORY = "0x00000000000000000000000000000000000000F1";

    private TestKeys() {}
}
