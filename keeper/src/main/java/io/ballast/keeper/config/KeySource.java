package io.ballast.keeper.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;
import org.web3j.utils.Numeric;

/**
 * Where the keeper's signing key comes from: an encrypted JSON keystore with its password, or a raw key taken from
 * {@value #PRIVATE_KEY_ENV} only. The secret parts are {@link Secret}s, so {@code toString()} never shows them.
 */
public sealed interface KeySource {
    /** The only way to give a raw key: this environment variable (never a flag, never the config file). */
    String PRIVATE_KEY_ENV = "BALLAST_KEEPER_PRIVATE_KEY";
    /** The keystore password, when no password file is given. */
    String KEYSTORE_PASSWORD_ENV = "BALLAST_KEYSTORE_PASSWORD";

    /** Decrypts or parses the key. Errors name the source, never the secret. */
    Credentials load();

    /** Where the key comes from, for logs. */
    String describe();

    /** An encrypted JSON keystore (web3j / geth format). */
    record Keystore(Path file, Secret password) implements KeySource {
        public Keystore {
            if (file == null || password == null) {
                throw new ConfigException(ConfigKey.KEYSTORE, "a keystore needs a file and a password");
            }
        }

        @Override
        public Credentials load() {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(ConfigKey.KEYSTORE, "keystore: " + file + " does not exist or is not a file");
            }
            try {
                return WalletUtils.loadCredentials(password.reveal(), file.toFile());
            } catch (CipherException e) {
                throw new ConfigException(ConfigKey.KEYSTORE, "keystore: " + file
                        + " could not be decrypted: wrong password or damaged keystore");
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(ConfigKey.KEYSTORE, "keystore: " + file
                        + " is not a readable JSON keystore (" + e.getClass().getSimpleName() + ")");
            }
        }

        @Override
        public String describe() {
            return "keystore " + file;
        }
    }

    /** A raw hex private key from {@value #PRIVATE_KEY_ENV}. */
    record PrivateKey(Secret key) implements KeySource {
        public PrivateKey {
            if (key == null || !WalletUtils.isValidPrivateKey(key.reveal().strip())
                    || Numeric.toBigInt(key.reveal().strip()).signum() == 0) {
                throw new ConfigException(PRIVATE_KEY_ENV + " is not a 32-byte hex private key (value not shown)");
            }
        }

        @Override
        public Credentials load() {
            return Credentials.create(key.reveal().strip());
        }

        @Override
        public String describe() {
            return "private key from " + PRIVATE_KEY_ENV;
        }
    }
}
