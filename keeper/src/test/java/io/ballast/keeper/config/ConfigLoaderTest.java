package io.ballast.keeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.keeper.testing.TestKeys;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

class ConfigLoaderTest {
    private static final String VAULT_A = TestKeys.VAULT_A;
    private static final String VAULT_B = TestKeys.VAULT_B;
    private static final String API_KEY = "s3cr3t-api-key-123";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Path file(String... lines) throws Exception {
        Path file = dir.resolve("keeper.properties");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private Map<String, String> minimalEnv() {
        env.put("BALLAST_RPC_URL", "http://127.0.0.1:8545");
        env.put("BALLAST_CHAIN_ID", "31337");
        env.put("BALLAST_KEEPER_PRIVATE_KEY", TestKeys.KEY_0);
        env.put("BALLAST_VAULTS", VAULT_A);
        return env;
    }

    private Path keystore(String key, String password) throws Exception {
        String name = WalletUtils.generateWalletFile(password, Credentials.create(key).getEcKeyPair(), dir.toFile(),
                false);
        return dir.resolve(name);
    }

    @Test
    void shouldLoadAFileAndLetTheEnvironmentOverrideIt() throws Exception {
        Path file = file("rpc-url = http://node.internal:8545", "chain-id = 1", "vaults = " + VAULT_A,
                "poll-interval = 30s", "page-size = 50", "max-fee-per-gas = 80gwei");
        env.put("BALLAST_KEEPER_PRIVATE_KEY", TestKeys.KEY_0);
        env.put("BALLAST_POLL_INTERVAL", "5s");
        env.put("BALLAST_VAULTS", VAULT_A + ", " + VAULT_B);

        KeeperConfig config = ConfigLoader.load(file, env, Map.of());

        assertThat(config.rpcUrl()).isEqualTo("http://node.internal:8545");
        assertThat(config.chainId()).isEqualTo(1);
        assertThat(config.pollInterval()).as("environment wins over the file").isEqualTo(Duration.ofSeconds(5));
        assertThat(config.vaults()).containsExactly(VAULT_A, VAULT_B);
        assertThat(config.pageSize()).as("file wins over the default").isEqualTo(50);
        assertThat(config.maxFeePerGas()).isEqualTo(BigInteger.valueOf(80_000_000_000L));
    }

    @Test
    void shouldLetCommandLineOverridesWinOverTheEnvironment() {
        minimalEnv().put("BALLAST_PAGE_SIZE", "20");

        KeeperConfig config = ConfigLoader.load(null, env, Map.of(ConfigKey.PAGE_SIZE, "30",
                ConfigKey.FEE_BUMP_PERCENT, "20%"));

        assertThat(config.pageSize()).isEqualTo(30);
        assertThat(config.feeBumpBasisPoints()).isEqualTo(2000);
    }

    @Test
    void shouldApplyTheDocumentedDefaults() {
        KeeperConfig config = ConfigLoader.load(null, minimalEnv(), Map.of());

        assertThat(config.multicall3()).isEqualTo("0xcA11bde05977b3631167028862bE2a173976CA11");
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.pageSize()).isEqualTo(100);
        assertThat(config.maxFeePerGas()).isEqualTo(BigInteger.valueOf(100_000_000_000L));
        assertThat(config.priorityFee()).isEqualTo(BigInteger.valueOf(1_000_000_000L));
        assertThat(config.feeBumpBasisPoints()).isEqualTo(1250);
        assertThat(config.receiptTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.metricsPort()).isEqualTo(9464);
        assertThat(config.metricsHost()).isEqualTo("127.0.0.1");
        assertThat(config.factory()).isEmpty();
        assertThat(KeeperConfig.builder().rpcUrl("http://127.0.0.1:8545").chainId(31337).privateKey(Secret.of(TestKeys.KEY_0))
                .vaults(List.of(VAULT_A)).build()).as("the builder has the same defaults")
                .isEqualTo(config);
    }

    @Test
    void shouldNameTheSettingTheValueAndWhereItCameFromInAnError() {
        minimalEnv().put("BALLAST_POLL_INTERVAL", "5 parsecs");

        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("poll-interval: '5 parsecs' is not a duration (examples: 500ms, 15s, 2m, PT1M)"
                        + " (from BALLAST_POLL_INTERVAL)");
    }

    @Test
    void shouldRefuseAFeeBumpBelowTwelveAndAHalfPercent() throws Exception {
        Path file = file("fee-bump-percent = 10");

        assertThatThrownBy(() -> ConfigLoader.load(file, minimalEnv(), Map.of()))
                .hasMessageStartingWith("fee-bump-percent: '10%' must be at least 12.5%")
                .hasMessageContaining("(from config file " + file + ")");
    }

    @Test
    void shouldRefuseOutOfRangeAndMalformedValues() {
        minimalEnv();
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of(ConfigKey.PAGE_SIZE, "0")))
                .hasMessageStartingWith("page-size: '0' must be between 1 and 1000");
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of(ConfigKey.MAX_FEE_PER_GAS, "1.5wei")))
                .hasMessageStartingWith("max-fee-per-gas: '1.5wei' is not a whole number of wei");
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of(ConfigKey.PRIORITY_FEE, "200gwei")))
                .hasMessageStartingWith("priority-fee: '200000000000' must be between 0 and max-fee-per-gas");
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of(ConfigKey.METRICS_PORT, "70000")))
                .hasMessageStartingWith("metrics-port: '70000' must be between 0 and 65535");
        assertThat(ConfigLoader.load(null, env, Map.of(ConfigKey.METRICS_PORT, "off")).metricsEnabled()).isFalse();
    }

    @Test
    void shouldRefuseUnknownKeysInTheFile() throws Exception {
        Path file = file("pol-interval = 5s");

        assertThatThrownBy(() -> ConfigLoader.load(file, minimalEnv(), Map.of()))
                .hasMessageContaining("unknown key 'pol-interval'").hasMessageContaining("poll-interval");
    }

    @Test
    void shouldRefuseASecretInTheFileWithoutRepeatingIt() throws Exception {
        Path file = file("private-key = " + TestKeys.KEY_1);

        assertThatThrownBy(() -> ConfigLoader.load(file, minimalEnv(), Map.of()))
                .hasMessageContaining("secret 'private-key'").hasMessageContaining("BALLAST_KEEPER_PRIVATE_KEY")
                .hasMessageNotContaining(TestKeys.KEY_1.substring(2));
    }

    @Test
    void shouldRequireTheEndpointTheChainAndAKey() {
        env.put("BALLAST_VAULTS", VAULT_A);
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of())).hasMessageContaining("chain-id is required");
        env.put("BALLAST_CHAIN_ID", "1");
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of())).hasMessageContaining("no keeper key");
        env.put("BALLAST_KEEPER_PRIVATE_KEY", TestKeys.KEY_0);
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of()))
                .hasMessageContaining("rpc-url is required (set BALLAST_RPC_URL, --rpc-url");
    }

    @Test
    void shouldRequireVaultsOrAFactory() {
        minimalEnv().remove("BALLAST_VAULTS");
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of())).hasMessageContaining("no vaults");

        env.put("BALLAST_FACTORY", TestKeys.FACTORY);
        assertThat(ConfigLoader.load(null, env, Map.of()).factory()).contains(TestKeys.FACTORY);
    }

    @Test
    void shouldCheckAddressesAndTheirChecksum() {
        minimalEnv().put("BALLAST_VAULTS", "0x00000000000000000000000000000000000000a1, 0xnotanaddress");
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of()))
                .hasMessageStartingWith("vaults: '0xnotanaddress' is not a 0x-prefixed 20-byte hex address");

        env.put("BALLAST_VAULTS", "0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of())).hasMessageContaining("bad EIP-55 checksum");

        env.put("BALLAST_VAULTS", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assertThat(ConfigLoader.load(null, env, Map.of()).vaults())
                .containsExactly("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    }

    @Test
    void shouldNeverShowTheRawKeyOrTheEndpointsApiKeyInToString() {
        minimalEnv().put("BALLAST_RPC_URL", "https://eth-mainnet.example.com/v2/" + API_KEY + "?x=1");

        KeeperConfig config = ConfigLoader.load(null, env, Map.of());

        assertThat(config.toString()).doesNotContain(TestKeys.KEY_0.substring(2)).doesNotContain(API_KEY)
                .contains("https://eth-mainnet.example.com/***").contains("****");
        assertThat(config.key().toString()).doesNotContain(TestKeys.KEY_0.substring(2));
        assertThat(config.rpcUrl()).as("the real value is still there to connect with").contains(API_KEY);
    }

    @Test
    void shouldNotRepeatAMalformedPrivateKeyInTheError() {
        String almostAKey = TestKeys.KEY_0.substring(0, 60);
        minimalEnv().put("BALLAST_KEEPER_PRIVATE_KEY", almostAKey);

        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of()))
                .hasMessage("BALLAST_KEEPER_PRIVATE_KEY is not a 32-byte hex private key (value not shown)");
    }

    @Test
    void shouldNotRepeatABadEndpointsApiKeyInTheError() {
        minimalEnv().put("BALLAST_RPC_URL", "wss://node.example.com/" + API_KEY);

        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of()))
                .hasMessageStartingWith("rpc-url: 'wss://node.example.com/***' is not an http:// or https:// URL")
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void shouldLoadAKeystoreWithItsPasswordFromAFile() throws Exception {
        Path keystore = keystore(TestKeys.KEY_1, PASSWORD);
        Path passwordFile = dir.resolve("password.txt");
        Files.writeString(passwordFile, PASSWORD + "\n");
        minimalEnv().remove("BALLAST_KEEPER_PRIVATE_KEY");
        Path file = file("keystore = " + keystore, "keystore-password-file = " + passwordFile);

        KeeperConfig config = ConfigLoader.load(file, env, Map.of());

        assertThat(config.key()).isInstanceOf(KeySource.Keystore.class);
        assertThat(config.key().load().getAddress()).isEqualTo(Credentials.create(TestKeys.KEY_1).getAddress());
        assertThat(config.toString()).doesNotContain(PASSWORD).contains("password=****");
    }

    @Test
    void shouldLoadAKeystoreWithItsPasswordFromTheEnvironment() throws Exception {
        Path keystore = keystore(TestKeys.KEY_1, PASSWORD);
        minimalEnv().remove("BALLAST_KEEPER_PRIVATE_KEY");
        env.put("BALLAST_KEYSTORE", keystore.toString());
        env.put("BALLAST_KEYSTORE_PASSWORD", PASSWORD);

        KeeperConfig config = ConfigLoader.load(null, env, Map.of());

        assertThat(config.key().load().getAddress()).isEqualTo(Credentials.create(TestKeys.KEY_1).getAddress());
    }

    @Test
    void shouldSayWhatIsWrongWithAKeystoreWithoutShowingThePassword() throws Exception {
        minimalEnv().remove("BALLAST_KEEPER_PRIVATE_KEY");
        env.put("BALLAST_KEYSTORE", dir.resolve("missing.json").toString());
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of()))
                .hasMessageContaining("missing.json' does not exist").hasMessageContaining("(from BALLAST_KEYSTORE)");

        Path keystore = keystore(TestKeys.KEY_1, PASSWORD);
        env.put("BALLAST_KEYSTORE", keystore.toString());
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of()))
                .hasMessageContaining("needs a password: set BALLAST_KEYSTORE_PASSWORD or keystore-password-file");

        env.put("BALLAST_KEYSTORE_PASSWORD", "wrong-password-42");
        KeeperConfig config = ConfigLoader.load(null, env, Map.of());
        assertThatThrownBy(() -> config.key().load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("could not be decrypted: wrong password or damaged keystore")
                .hasMessageNotContaining("wrong-password-42");

        env.put("BALLAST_KEYSTORE_PASSWORD_FILE", dir.resolve("nope.txt").toString());
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of()))
                .hasMessageContaining("set only one").hasMessageNotContaining("wrong-password-42");
        env.remove("BALLAST_KEYSTORE_PASSWORD");
        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of()))
                .hasMessageContaining("keystore-password-file: '").hasMessageContaining("nope.txt' does not exist");
    }

    @Test
    void shouldRefuseBothAKeystoreAndARawKey() throws Exception {
        minimalEnv().put("BALLAST_KEYSTORE", keystore(TestKeys.KEY_1, PASSWORD).toString());

        assertThatThrownBy(() -> ConfigLoader.load(null, env, Map.of()))
                .hasMessageContaining("both a keystore and BALLAST_KEEPER_PRIVATE_KEY are set")
                .hasMessageNotContaining(TestKeys.KEY_0.substring(2));
    }

    @Test
    void shouldTreatBlankValuesAsUnset() {
        minimalEnv().put("BALLAST_FACTORY", "  ");
        env.put("BALLAST_POLL_INTERVAL", "");

        KeeperConfig config = ConfigLoader.load(null, env, Map.of());

        assertThat(config.factory()).isEmpty();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(15));
    }
}
