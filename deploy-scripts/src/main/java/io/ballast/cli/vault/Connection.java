package io.ballast.cli.vault;

import io.ballast.chain.Chain;
import io.ballast.chain.HardhatAccounts;
import io.ballast.cli.Inputs;
import io.ballast.wrappers.BallastPolicyModule;
import io.ballast.wrappers.BallastRiskEngine;
import io.ballast.wrappers.BallastVault;
import io.ballast.wrappers.TestERC20;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import picocli.CommandLine.Option;

/**
 * Options every vault command shares: where the chain is, which chain it must be, which vault, and who signs. Keys
 * never come from a command-line value: a keystore file with its password from BALLAST_KEYSTORE_PASSWORD, a raw key
 * from BALLAST_PRIVATE_KEY, or one of Hardhat's public test accounts on the local chain only.
 */
public final class Connection {
    @Option(names = "--rpc", paramLabel = "URL", defaultValue = "${env:BALLAST_RPC_URL:-http://127.0.0.1:8545}",
            description = "JSON-RPC endpoint (env BALLAST_RPC_URL; default ${DEFAULT-VALUE}).")
    String rpc;

    @Option(names = "--chain-id", paramLabel = "ID", defaultValue = "${env:BALLAST_CHAIN_ID}",
            description = "Refuse to act unless the endpoint is this chain (env BALLAST_CHAIN_ID).")
    Long chainId;

    @Option(names = "--vault", paramLabel = "ADDRESS", required = true, description = "The vault.")
    String vault;

    @Option(names = "--keystore", paramLabel = "FILE", description = "Encrypted JSON keystore of the signer; its "
            + "password from BALLAST_KEYSTORE_PASSWORD. Alternatively BALLAST_PRIVATE_KEY.")
    Path keystore;

    @Option(names = "--hardhat-account", paramLabel = "N", description = "Sign with Hardhat's public test account N "
            + "(local chain 31337 only).")
    Integer hardhatAccount;

    private Chain chain;
    private String vaultAddress;

    /** Connects, checks the chain id and that {@code --vault} is a Ballast vault. */
    public Chain open() {
        vaultAddress = Inputs.address("--vault", vault);
        try {
            chain = Chain.connect(rpc);
        } catch (RuntimeException e) {
            // Chain.connect's own message already says "cannot reach URL: why"
            String why = String.valueOf(e.getMessage());
            throw new Inputs.InputException(why.startsWith("cannot reach") ? why : "cannot reach " + rpc + ": " + why);
        }
        if (chainId != null) {
            Inputs.requireChain(chainId, chain.chainId(), rpc);
        }
        if (!chain.hasCode(vaultAddress)) {
            throw new Inputs.InputException("vault not found: no contract at " + vaultAddress + " on chain "
                    + chain.chainId());
        }
        try {
            vault(HardhatAccounts.account(0)).policyModule().send();
        } catch (Exception e) {
            throw new Inputs.InputException("vault not found: " + vaultAddress + " is not a Ballast vault");
        }
        return chain;
    }

    public String vaultAddress() {
        return vaultAddress;
    }

    /** Who signs; a read-only command never asks. */
    public Credentials signer() throws Exception {
        if (hardhatAccount != null) {
            if (chain.chainId() != 31337L) {
                throw new Inputs.InputException("--hardhat-account uses public test keys: only on chain 31337, not "
                        + chain.chainId());
            }
            return HardhatAccounts.account(hardhatAccount);
        }
        if (keystore != null) {
            String password = System.getenv("BALLAST_KEYSTORE_PASSWORD");
            if (password == null) {
                throw new Inputs.InputException("--keystore needs its password in BALLAST_KEYSTORE_PASSWORD");
            }
            if (!Files.isReadable(keystore)) {
                throw new Inputs.InputException("keystore " + keystore + " cannot be read");
            }
            try {
                return WalletUtils.loadCredentials(password, keystore.toFile());
            } catch (Exception e) {
                throw new Inputs.InputException("cannot open keystore " + keystore + " (wrong password?)");
            }
        }
        String key = System.getenv("BALLAST_PRIVATE_KEY");
        if (key != null && !key.isBlank()) {
            if (!key.strip().matches("(0x)?[0-9a-fA-F]{64}")) {
                throw new Inputs.InputException("BALLAST_PRIVATE_KEY is not a 32-byte hex key");
            }
            return Credentials.create(key.strip());
        }
        throw new Inputs.InputException("this command sends a transaction: give --keystore FILE (password in "
                + "BALLAST_KEYSTORE_PASSWORD), BALLAST_PRIVATE_KEY, or --hardhat-account N on the local chain");
    }

    public BallastVault vault(Credentials as) {
        return BallastVault.load(vaultAddress, chain.web3j(), chain.txManager(as), chain.gasProvider());
    }

    public BallastPolicyModule policyModule(Credentials as) throws Exception {
        return BallastPolicyModule.load(vault(as).policyModule().send(), chain.web3j(), chain.txManager(as),
                chain.gasProvider());
    }

    /** The vault's risk engine (read from its policy module). */
    public BallastRiskEngine riskEngine(Credentials as) throws Exception {
        return BallastRiskEngine.load(policyModule(as).riskEngine().send(), chain.web3j(), chain.txManager(as),
                chain.gasProvider());
    }

    /** What the vault's risk engine makes of the vault now (target, band, sigma, breaker, orders). */
    public BallastRiskEngine.Assessment assess() throws Exception {
        Credentials r = reader();
        return io.ballast.deploy.RiskView.assess(vault(r), chain.web3j(), chain.txManager(r), chain.gasProvider());
    }

    /** Timestamp of the latest block. */
    public long now() {
        return chain.latestTimestamp();
    }

    public TestERC20 token(String address, Credentials as) {
        return TestERC20.load(address, chain.web3j(), chain.txManager(as), chain.gasProvider());
    }

    /** A reader identity for calls (no key needed). */
    public static Credentials reader() {
        return HardhatAccounts.account(0);
    }
}
