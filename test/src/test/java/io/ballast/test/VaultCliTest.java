package io.ballast.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.chain.HardhatAccounts;
import io.ballast.cli.BallastCli;
import io.ballast.deploy.BallastDeployer;
import io.ballast.deploy.LocalMarket;
import io.ballast.deploy.LocalVault;
import io.ballast.deploy.PolicySpec;
import io.ballast.deploy.Units;
import io.ballast.local.HardhatNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The depositor and curator commands against a vault on the local chain. */
@ExtendWith(LocalChainExtension.class)
class VaultCliTest {
    private static final int DEPOSITOR = 12;
    private static String rpc;
    private static LocalVault vault;
    /** A vault of its own for the policy test, so the order of the tests does not matter. */
    private static LocalVault curated;

    private record Run(int exit, String out, String err) {}

    @BeforeAll
    static void setUp(LocalMarket market, HardhatNode node) throws Exception {
        rpc = node.rpcUrl();
        vault = new BallastDeployer(market).deployVault("bCLI", PolicySpec.long2x(), List.of());
        curated = new BallastDeployer(market).deployVault("bCLI2", PolicySpec.long2x(), List.of());
        market.usdc(HardhatAccounts.account(0)).mint(HardhatAccounts.account(DEPOSITOR).getAddress(),
                Units.raw("5000", 6)).send();
    }

    private static Run ballast(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--rpc", rpc));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.out;
        var cli = BallastCli.commandLine();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            exit = cli.execute(all.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void depositorFlowExplainsTheMissingAllowanceThenDepositsAndStatusShowsIt() {
        String v = vault.vault();
        String who = Integer.toString(DEPOSITOR);
        Run noAllowance = ballast("vault", "deposit", "--vault", v, "--amount", "1000", "--hardhat-account", who);
        assertThat(noAllowance.exit()).isEqualTo(2);
        assertThat(noAllowance.err()).contains("allowance 0.000000 USDC is less than 1000")
                .contains("ballast vault approve --vault " + v + " --amount 1000").doesNotContain("Exception");

        assertThat(ballast("vault", "approve", "--vault", v, "--amount", "1000", "--hardhat-account", who).exit())
                .isZero();
        Run deposit = ballast("vault", "deposit", "--vault", v, "--amount", "1000", "--hardhat-account", who);
        assertThat(deposit.exit()).as(deposit.err()).isZero();
        assertThat(deposit.out()).contains("deposited 1000 USDC");

        Run status = ballast("vault", "status", "--vault", v);
        assertThat(status.exit()).as(status.err()).isZero();
        // the 10 bps entry fee stays in the vault: 1000 USDC of equity for 999 shares
        assertThat(status.out()).containsPattern("equity\\s+1000\\.000000 USDC").contains("share price    1.001000")
                .contains("target 2.0000")
                .contains("upkeep         due");

        Run tooMuch = ballast("vault", "withdraw", "--vault", v, "--amount", "5000", "--hardhat-account", who);
        assertThat(tooMuch.exit()).isEqualTo(2);
        assertThat(tooMuch.err()).contains("use request-redeem");
    }

    @Test
    void badInputGetsOneLineAndExitCodeTwo() {
        String v = vault.vault();
        assertThat(ballast("vault", "status", "--vault", "0x12").err().strip())
                .isEqualTo("error: --vault '0x12' is not an address (0x followed by 40 hex digits)");
        assertThat(ballast("vault", "deposit", "--vault", v, "--amount", "1.0000001", "--hardhat-account", "12")
                .err().strip()).isEqualTo("error: --amount 1.0000001 has more decimals than USDC allows (6)");
        Run wrongChain = ballast("vault", "status", "--vault", v, "--chain-id", "1");
        assertThat(wrongChain.exit()).isEqualTo(2);
        assertThat(wrongChain.err()).contains("wrong chain").contains("is chain 31337, expected 1");
        Run notVault = ballast("vault", "status", "--vault", HardhatAccounts.account(3).getAddress());
        assertThat(notVault.exit()).isEqualTo(2);
        assertThat(notVault.err()).contains("vault not found");
        Run noSigner = ballast("vault", "pause", "--vault", v);
        assertThat(noSigner.exit()).isEqualTo(2);
        assertThat(noSigner.err()).contains("--keystore FILE");
    }

    @Test
    void curatorTightensAtOnceAndLooseningIsQueued() {
        String v = curated.vault();
        Run tighten = ballast("vault", "policy", "propose", "--vault", v, "--target", "1.5", "--hardhat-account", "0");
        assertThat(tighten.exit()).as(tighten.err()).isZero();
        assertThat(tighten.out()).contains("applied at once");
        Run loosen = ballast("vault", "policy", "propose", "--vault", v, "--target", "2.5", "--hardhat-account", "0");
        assertThat(loosen.exit()).as(loosen.err()).isZero();
        assertThat(loosen.out()).contains("queued behind the timelock");
        Run show = ballast("vault", "policy", "show", "--vault", v);
        assertThat(show.out()).contains("target exposure   1.5").contains("queued change").contains("2.5");
        Run early = ballast("vault", "policy", "accept", "--vault", v, "--hardhat-account", "0");
        assertThat(early.exit()).as("timelock not over").isEqualTo(1);
        assertThat(early.err()).startsWith("error: ").doesNotContain("\tat ");
        assertThat(ballast("vault", "policy", "cancel", "--vault", v, "--hardhat-account", "0").exit()).isZero();
        assertThat(ballast("vault", "policy", "show", "--vault", v).out()).contains("no queued change");
    }
}
