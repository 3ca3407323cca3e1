package io.ballast.keeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.keeper.KeeperRuntime;
import io.ballast.keeper.abi.BallastAbi;
import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.testing.FakeChain;
import io.ballast.keeper.testing.FakeRpcServer;
import io.ballast.keeper.testing.FakeVault;
import io.ballast.keeper.testing.TestKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;
import picocli.CommandLine;

class BountyClaimCommandTest {
    private final FakeChain chain = new FakeChain();
    private final Map<String, String> env = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private FakeRpcServer node;

    @BeforeEach
    void startNode() throws Exception {
        node = new FakeRpcServer(chain);
        env.put("BALLAST_RPC_URL", node.url());
        env.put("BALLAST_CHAIN_ID", "31337");
        env.put("BALLAST_KEEPER_PRIVATE_KEY", TestKeys.KEY_0);
        env.put("BALLAST_RECEIPT_POLL_INTERVAL", "20ms");
        chain.deploy(TestKeys.VAULT_A, FakeVault.notDue("x").owes(BigInteger.valueOf(500)))
                .deploy(TestKeys.VAULT_B, FakeVault.notDue("x").owes(BigInteger.ZERO))
                .deploy(TestKeys.VAULT_C, FakeVault.notDue("x"));
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    private int run(String... args) {
        CommandLine cli = CliSupport.commandLine(new BountyClaimCommand(env, KeeperRuntime::start));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldClaimWhereABountyIsOwedOrUnknownAndSkipWhereNothingIsOwed() {
        int code = run(TestKeys.VAULT_A, TestKeys.VAULT_B, TestKeys.VAULT_C);

        assertThat(code).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("vault=" + TestKeys.VAULT_A + " action=claim outcome=claimed tx=0x")
                .endsWith("bounty=500");
        assertThat(lines.get(1)).isEqualTo("vault=" + TestKeys.VAULT_B
                + " action=claim outcome=skipped reason=nothing_owed");
        assertThat(lines.get(2)).contains("outcome=claimed").endsWith("bounty=unknown");
        assertThat(chain.received()).hasSize(2).allSatisfy(tx -> assertThat(tx.data())
                .isEqualTo(Numeric.toHexString(BallastAbi.claimBounty())));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldUseTheConfiguredVaultsWhenNoneAreGiven() {
        env.put("BALLAST_VAULTS", TestKeys.VAULT_A);

        assertThat(run()).isZero();

        assertThat(out.toString()).contains("vault=" + TestKeys.VAULT_A).contains("outcome=claimed");
    }

    @Test
    void shouldExitNonZeroWhenAClaimFails() {
        chain.failNextSend(new ChainException.Rejected("eth_sendRawTransaction", -32000,
                "insufficient funds for gas * price + value"));

        int code = run(TestKeys.VAULT_A);

        assertThat(code).isEqualTo(CliSupport.FAILED);
        assertThat(out.toString()).contains("outcome=failed").contains("cannot pay for gas");
    }

    @Test
    void shouldRefuseABadVaultAddressInOneLine() {
        int code = run("0x1234");

        assertThat(code).isEqualTo(CliSupport.BAD_INPUT);
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("error: vaults: '0x1234' is not a 0x-prefixed 20-byte hex address");
    }
}
