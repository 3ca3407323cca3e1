package io.ballast.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @TempDir
    Path dir;

    @Test
    void shouldRoundTripContractsStepsChainAndBlockInOrder() {
        Path file = dir.resolve("m.json");
        Manifest manifest = Manifest.create(file, 31337);
        manifest.putContract("weth", "0x2", 5);
        manifest.putContract("usdc", "0x1", 4);
        manifest.putStep("seed", "0xabc", 9);

        Manifest read = Manifest.read(file).orElseThrow();
        assertThat(read.chainId()).isEqualTo(31337);
        assertThat(read.block()).isEqualTo(9);
        assertThat(read.contracts()).containsExactly(java.util.Map.entry("weth", "0x2"),
                java.util.Map.entry("usdc", "0x1"));
        assertThat(read.stepDone("seed")).isTrue();
        assertThat(read.stepDone("other")).isFalse();
        assertThat(dir.toFile().list()).as("no temporary file left").containsExactly("m.json");
    }

    @Test
    void shouldBeAbsentWhenNoFileAndRejectAFileThatIsNotAManifest() throws Exception {
        assertThat(Manifest.read(dir.resolve("none.json"))).isEmpty();
        Path other = Files.writeString(dir.resolve("x.json"), "{\"name\":1}");
        assertThatThrownBy(() -> Manifest.read(other)).hasMessageContaining("not a Ballast manifest");
        assertThatThrownBy(() -> Manifest.create(other, 1).address("usdc")).hasMessageContaining("no contract 'usdc'");
    }
}
