package io.ballast.keeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValuesTest {
    @Test
    void shouldParseDurationsInShortAndIsoForm() {
        assertThat(Values.duration(ConfigKey.POLL_INTERVAL, "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Values.duration(ConfigKey.POLL_INTERVAL, "15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(Values.duration(ConfigKey.POLL_INTERVAL, "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Values.duration(ConfigKey.POLL_INTERVAL, "PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> Values.duration(ConfigKey.POLL_INTERVAL, "0s")).hasMessageContaining("positive");
    }

    @Test
    void shouldParseWeiAmountsWithUnits() {
        assertThat(Values.wei(ConfigKey.MAX_FEE_PER_GAS, "2000000000")).isEqualTo(BigInteger.valueOf(2_000_000_000L));
        assertThat(Values.wei(ConfigKey.MAX_FEE_PER_GAS, "1.5gwei")).isEqualTo(BigInteger.valueOf(1_500_000_000L));
        assertThat(Values.wei(ConfigKey.MAX_FEE_PER_GAS, "0.001 ether")).isEqualTo(BigInteger.TEN.pow(15));
        assertThatThrownBy(() -> Values.wei(ConfigKey.MAX_FEE_PER_GAS, "-1")).hasMessageContaining("not an amount");
    }

    @Test
    void shouldParsePercentagesAsBasisPoints() {
        assertThat(Values.percentAsBasisPoints(ConfigKey.FEE_BUMP_PERCENT, "12.5")).isEqualTo(1250);
        assertThat(Values.percentAsBasisPoints(ConfigKey.FEE_BUMP_PERCENT, "15%")).isEqualTo(1500);
        assertThatThrownBy(() -> Values.percentAsBasisPoints(ConfigKey.FEE_BUMP_PERCENT, "12.555"))
                .hasMessageContaining("at most two decimals");
    }

    @Test
    void shouldRedactEverythingButSchemeHostAndPortOfAnUrl() {
        assertThat(Values.redactUrl("https://user:pw@node.example.com:8545/v3/key?token=abc"))
                .isEqualTo("https://node.example.com:8545/***");
        assertThat(Values.redactUrl("http://127.0.0.1:8545")).isEqualTo("http://127.0.0.1:8545");
        assertThat(Values.redactUrl("not a url at all")).isEqualTo("<unparseable URL>");
    }

    @Test
    void shouldNameEverySettingsEnvironmentVariableAndOptionAfterItsKey() {
        assertThat(ConfigKey.MAX_FEE_PER_GAS.env()).isEqualTo("BALLAST_MAX_FEE_PER_GAS");
        assertThat(ConfigKey.MAX_FEE_PER_GAS.option()).isEqualTo("--max-fee-per-gas");
        assertThat(ConfigLoader.environmentVariables()).contains("BALLAST_KEEPER_PRIVATE_KEY",
                "BALLAST_KEYSTORE_PASSWORD", "BALLAST_RPC_URL");
    }

    @Test
    void shouldNeverRevealASecretThroughToStringOrEquality() {
        Secret secret = Secret.of("hunter2");

        assertThat(secret.toString()).isEqualTo("****");
        assertThat(secret).isEqualTo(Secret.of("hunter2")).isNotEqualTo(Secret.of("hunter3"));
        assertThat(secret.hashCode()).isEqualTo(Secret.of("other").hashCode());
    }
}
