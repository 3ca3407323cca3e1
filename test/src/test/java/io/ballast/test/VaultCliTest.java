package io.ballast.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.chain.HardhatAccounts;
import io.ballast.cli.BacktestCommand;
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
    private static LocalMarket market;
    private static LocalVault vault;
    /** A vault of its own for the policy test, so the order of the tests does not matter. */
    private static LocalVault curated;
    /** A vault of its own for the protective-order tests. */
    private static LocalVault guarded;
    /** The backtest's cost-aware vault, for the risk-engine lines and commands. */
    private static LocalVault costAware;

    private record Run(int exit, String out, String err) {}

    @BeforeAll
    static void setUp(LocalMarket market, HardhatNode node) throws Exception {
        rpc = node.rpcUrl();
        VaultCliTest.market = market;
        vault = new BallastDeployer(market).deployVault("bCLI", PolicySpec.long2x(), List.of());
        curated = new BallastDeployer(market).deployVault("bCLI2", PolicySpec.long2x(), List.of());
        guarded = new BallastDeployer(market).deployVault("bCLI3", PolicySpec.long2x(), List.of());
        var costAwarePolicy = BacktestCommand.POLICIES.get("cost-aware");
        costAware = new BallastDeployer(market).deployVault("bCLI4", costAwarePolicy.policy(), costAwarePolicy.risk(),
                List.of());
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

    @Test
    void curatorSetsOrdersAndShowAndStatusReadThemFromTheChain() throws Exception {
        String v = guarded.vault();
        Run set = ballast("vault", "orders", "set", "--vault", v, "--stop-loss", "1800.5", "--trailing-stop", "10",
                "--hardhat-account", "0");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).contains("orders set: tx 0x")
                .contains("stop-loss       1800.5 USDC per WETH")
                .contains("take-profit     off")
                .contains("trailing stop   10% below the high-water mark (1000 bps)");
        // a second set changes only the orders it names
        Run more = ballast("vault", "orders", "set", "--vault", v, "--take-profit", "2500.25", "--hardhat-account",
                "0");
        assertThat(more.exit()).as(more.err()).isZero();
        var onChain = guarded.riskEngine(HardhatAccounts.account(0)).orders().send();
        assertThat(onChain.stopLossWad).isEqualTo(new java.math.BigInteger("1800500000000000000000"));
        assertThat(onChain.takeProfitWad).isEqualTo(new java.math.BigInteger("2500250000000000000000"));
        assertThat(onChain.trailingStopBps).isEqualTo(java.math.BigInteger.valueOf(1000));

        Run show = ballast("vault", "orders", "show", "--vault", v);
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("protective orders (long")
                .contains("stop-loss       1800.5 USDC per WETH")
                .contains("take-profit     2500.25 USDC per WETH")
                // setting orders restarts the water mark at the oracle price
                .contains("water mark      2000 USDC per WETH (high)")
                .contains("fired           none")
                .contains("at this price   no order fires");

        Run status = ballast("vault", "status", "--vault", v);
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out())
                // the existing lines stay as they were
                .contains("target 2.0000  band +-0.1000").contains("paused         false")
                .containsPattern("volatility     sigma_hat 80\\.00 %/yr \\(EWMA, lambda 0\\.97; the prior")
                .contains("risk engine    target 2.0000  band +-0.1000 (fixed: the policy's band)")
                .contains("breaker        off")
                .contains("orders         stop-loss 1800.5, take-profit 2500.25, trailing stop 10%; water mark 2000; "
                        + "fired none")
                .contains("samples        0 returns, no price sampled yet");

        // a take-profit at or below the oracle price fires at the next upkeep; the upkeep latches it; re-arm clears it
        var depositor = HardhatAccounts.account(DEPOSITOR);
        market.usdc(depositor).approve(v, Units.raw("1000", 6)).send();
        guarded.vault(depositor).deposit(Units.raw("1000", 6), depositor.getAddress()).send();
        assertThat(ballast("vault", "orders", "set", "--vault", v, "--take-profit", "1", "--hardhat-account", "0")
                .out()).contains("at this price   TakeProfit fires at the next upkeep");
        assertThat(ballast("vault", "status", "--vault", v).out())
                .contains("fired none (TakeProfit fires at the next upkeep)");
        assertThat(ballast("vault", "keepers", "add", "--vault", v, "--keeper",
                HardhatAccounts.account(0).getAddress(), "--hardhat-account", "0").exit()).isZero();
        var asKeeper = guarded.vault(HardhatAccounts.account(0));
        assertThat(asKeeper.checkUpkeep(new byte[0]).send().component1()).as("an upkeep is due").isTrue();
        asKeeper.performUpkeep(new byte[0]).send();
        assertThat(guarded.riskEngine(HardhatAccounts.account(0)).riskState().send().fired)
                .isEqualTo(java.math.BigInteger.TWO);
        Run fired = ballast("vault", "status", "--vault", v);
        assertThat(fired.out()).containsPattern("orders         .*; water mark \\d+.*; fired TakeProfit \\(x\\* at the exit target")
                .containsPattern("samples        0 returns, last sample \\d+ s ago");
        assertThat(ballast("vault", "orders", "show", "--vault", v).out()).contains("fired           TakeProfit");
        Run rearm = ballast("vault", "orders", "rearm", "--vault", v, "--hardhat-account", "0");
        assertThat(rearm.exit()).as(rearm.err()).isZero();
        assertThat(rearm.out()).contains("orders re-armed: tx 0x");
        assertThat(guarded.riskEngine(HardhatAccounts.account(0)).riskState().send().fired.signum()).isZero();
        // put the take-profit back out of reach for the other tests
        assertThat(ballast("vault", "orders", "set", "--vault", v, "--take-profit", "0", "--hardhat-account", "0")
                .exit()).isZero();
    }

    @Test
    void ordersRejectBadInputRevertsAndStrangersInOneLine() throws Exception {
        String v = curated.vault();
        Run nothing = ballast("vault", "orders", "rearm", "--vault", v, "--hardhat-account", "0");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err().strip()).startsWith("error: rearm would revert: RiskNotFired").doesNotContain("\n");

        Run hundred = ballast("vault", "orders", "set", "--vault", v, "--trailing-stop", "100", "--hardhat-account",
                "0");
        assertThat(hundred.exit()).isEqualTo(2);
        assertThat(hundred.err().strip()).isEqualTo("error: --trailing-stop must be below 100 (percent), got 100");
        Run fine = ballast("vault", "orders", "set", "--vault", v, "--trailing-stop", "2.125", "--hardhat-account",
                "0");
        assertThat(fine.exit()).isEqualTo(2);
        assertThat(fine.err().strip()).isEqualTo("error: --trailing-stop 2.125 has more decimals than bps allow (2)");
        Run negative = ballast("vault", "orders", "set", "--vault", v, "--stop-loss=-5", "--hardhat-account", "0");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err().strip()).isEqualTo("error: --stop-loss must not be negative, got -5");
        Run empty = ballast("vault", "orders", "set", "--vault", v, "--hardhat-account", "0");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err().strip()).startsWith("error: nothing to set: give --stop-loss");

        var stranger = HardhatAccounts.account(DEPOSITOR);
        Run unauthorized = ballast("vault", "orders", "set", "--vault", v, "--stop-loss", "1000", "--hardhat-account",
                Integer.toString(DEPOSITOR));
        assertThat(unauthorized.exit()).isEqualTo(2);
        assertThat(unauthorized.err().strip()).isEqualTo("error: setOrders would revert: RiskUnauthorized: "
                + stranger.getAddress().toLowerCase() + " does not hold CURATOR_ROLE on the vault");
        String key = stranger.getEcKeyPair().getPrivateKey().toString(16);
        assertThat(unauthorized.out() + unauthorized.err()).doesNotContain(key);
        assertThat(curated.riskEngine(stranger).orders().send().stopLossWad.signum()).as("nothing was sent").isZero();
    }

    @Test
    void riskShowPrintsTheConfigurationInForce() {
        Run show = ballast("vault", "risk", "show", "--vault", vault.vault());
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("risk configuration in force")
                .contains("volatility model  EWMA, lambda 0.97; prior 0.8")
                .contains("band              fixed (the policy's band)")
                .contains("breaker           jump 1000 bps, cool-off 900 s")
                .contains("no queued change");
    }

    @Test
    void costAwareVaultShowsItsBandAndRiskChangesAreQueuedBehindTheTimelock() {
        String v = costAware.vault();
        Run status = ballast("vault", "status", "--vault", v);
        assertThat(status.exit()).as(status.err()).isZero();
        // (3 c g^2 / 2 lambda)^(1/3) at x* = 2, c = 0.0015, lambda = 1: 0.2080, inside the policy's band of 0.5
        assertThat(status.out()).contains("target 2.0000  band +-0.5000")
                .contains("risk engine    target 2.0000  band +-0.2080 (cost-aware: c 0.0015, lambda 1, min 0.02)");
        assertThat(ballast("vault", "risk", "show", "--vault", v).out())
                .contains("band              cost-aware: round-trip cost 0.0015, risk aversion 1, min 0.02");

        Run propose = ballast("vault", "risk", "propose", "--vault", v, "--vol-target", "0.5", "--hardhat-account",
                "0");
        assertThat(propose.exit()).as(propose.err()).isZero();
        assertThat(propose.out()).contains("queued behind the timelock, acceptable from ");
        assertThat(ballast("vault", "risk", "show", "--vault", v).out()).contains("queued change, acceptable from")
                .contains("vol target        0.5");
        Run early = ballast("vault", "risk", "accept", "--vault", v, "--hardhat-account", "0");
        assertThat(early.exit()).isEqualTo(2);
        assertThat(early.err().strip()).startsWith("error: acceptRiskConfig would revert: RiskTimelockActive: "
                + "acceptable from ");
        Run stranger = ballast("vault", "risk", "cancel", "--vault", v, "--hardhat-account",
                Integer.toString(DEPOSITOR));
        assertThat(stranger.exit()).isEqualTo(2);
        assertThat(stranger.err()).contains("RiskUnauthorized").contains("GUARDIAN_ROLE");
        Run cancel = ballast("vault", "risk", "cancel", "--vault", v, "--hardhat-account", "0");
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(ballast("vault", "risk", "show", "--vault", v).out()).contains("no queued change");
        Run again = ballast("vault", "risk", "cancel", "--vault", v, "--hardhat-account", "0");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("RiskNothingPending");
    }
}
