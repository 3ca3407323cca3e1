package io.ballast.keeper.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.keeper.abi.RevertReasons;
import io.ballast.keeper.multicall.BatchReader;
import io.ballast.keeper.testing.FakeChain;
import io.ballast.keeper.testing.FakeMulticall;
import io.ballast.keeper.testing.FakeVault;
import io.ballast.keeper.testing.ManualClock;
import io.ballast.keeper.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpkeepScannerTest {
    private static final String MULTICALL = "0xcA11bde05977b3631167028862bE2a173976CA11";
    private static final String A = TestKeys.VAULT_A;
    private static final String B = TestKeys.VAULT_B;
    private static final String C = TestKeys.VAULT_C;

    private final FakeChain chain = new FakeChain();
    private final FakeMulticall multicall = new FakeMulticall(chain);
    private final ManualClock clock = new ManualClock();

    private UpkeepScanner scanner(List<String> vaults, int pageSize) {
        VaultDiscovery discovery = new VaultDiscovery(chain, vaults, Optional.empty(), pageSize);
        return new UpkeepScanner(discovery, new BatchReader(multicall.web3j(), MULTICALL, pageSize), chain, pageSize,
                clock);
    }

    @Test
    void shouldDecideDueNotDueAndFailedVaultsFromOneBatchCall() {
        RevertReasons.register("VaultOracleStale(uint256)");
        chain.deploy(A, FakeVault.due("ripcord")).deploy(B, FakeVault.notDue("within band"))
                .deploy(C, FakeVault.checkReverts("VaultOracleStale(uint256)"));

        ScanResult result = scanner(List.of(A, B, C), 100).scan();

        assertThat(result.decisions()).hasSize(3);
        assertThat(result.decisions().get(0)).isEqualTo(new UpkeepDecision.Due(A, "ripcord".getBytes()));
        assertThat(result.decisions().get(1)).isEqualTo(new UpkeepDecision.NotDue(B, "within band"));
        UpkeepDecision.Failed failed = (UpkeepDecision.Failed) result.decisions().get(2);
        assertThat(failed.vault()).isEqualTo(C);
        assertThat(failed.error()).contains("checkUpkeep reverted").contains("VaultOracleStale");
        assertThat(failed.rpcError()).isFalse();
        assertThat(result.batchCalls()).isEqualTo(1);
        assertThat(multicall.batches()).isEqualTo(1);
        assertThat(chain.requests("eth_call")).as("no per-vault calls").isEqualTo(3); // the three inside aggregate3
        assertThat(result.succeeded()).as("a vault's own revert is not a scan failure").isTrue();
    }

    @Test
    void shouldReportAVaultWhoseAnswerDoesNotDecodeWithoutBlockingTheOthers() {
        chain.deploy(A, (from, data) -> new byte[] {1, 2, 3}).deploy(B, FakeVault.due("deploy"));
        // C has no code: the call succeeds with no data

        ScanResult result = scanner(List.of(A, B, C), 100).scan();

        assertThat(result.failed()).extracting(UpkeepDecision.Failed::vault).containsExactly(A, C);
        assertThat(result.failed().get(0).error()).contains("undecodable");
        assertThat(result.failed().get(1).error()).contains("no data");
        assertThat(result.due()).extracting(UpkeepDecision.Due::vault).containsExactly(B);
    }

    @Test
    void shouldFallBackToPerVaultCallsForThePageWhoseBatchFailed() {
        chain.deploy(A, FakeVault.due("a")).deploy(B, FakeVault.notDue("idle below buffer"))
                .deploy(C, FakeVault.due("c"));
        String d = "0x00000000000000000000000000000000000000D4";
        chain.deploy(d, FakeVault.notDue("cooldown"));
        multicall.failBatchesWhere(targets -> targets.stream().anyMatch(C::equalsIgnoreCase), false);

        ScanResult result = scanner(List.of(A, B, C, d), 2).scan();

        assertThat(result.fallbackPages()).isEqualTo(1);
        assertThat(result.batchCalls()).isEqualTo(2);
        assertThat(result.due()).extracting(UpkeepDecision.Due::vault).containsExactly(A, C);
        assertThat(result.notDue()).extracting(UpkeepDecision.NotDue::reason).containsExactly("idle below buffer",
                "cooldown");
        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void shouldFallBackWhenTheBatchFailsInTransportAndMarkTheScanFailedWhenTheNodeIsDown() {
        chain.deploy(A, FakeVault.due("a")).deploy(B, FakeVault.due("b"));
        multicall.failBatchesWhere(targets -> true, true);

        ScanResult ok = scanner(List.of(A, B), 10).scan();
        assertThat(ok.due()).hasSize(2);
        assertThat(ok.fallbackPages()).isEqualTo(1);

        chain.unreachable(true);
        ScanResult down = scanner(List.of(A, B), 10).scan();
        assertThat(down.failed()).hasSize(2).allSatisfy(f -> assertThat(f.rpcError()).isTrue());
        assertThat(down.succeeded()).isFalse();
    }

    @Test
    void shouldStopCallingVaultByVaultOnceTheNodeStopsAnswering() {
        List<String> vaults = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            vaults.add(String.format("0x%040x", 0x2000 + i));
        }
        multicall.failBatchesWhere(targets -> true, true);
        chain.unreachable(true);

        ScanResult result = scanner(vaults, 10).scan();

        assertThat(result.failed()).hasSize(50).allSatisfy(f -> assertThat(f.rpcError()).isTrue());
        assertThat(chain.requests("eth_call")).as("one unanswered call, not fifty").isEqualTo(1);
        assertThat(result.failed().get(1).error()).contains("not checked");
    }

    @Test
    void shouldCheckTwoHundredVaultsInOneCallPerPage() {
        List<String> vaults = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            String vault = String.format("0x%040x", 0x1000 + i);
            vaults.add(vault);
            chain.deploy(vault, i % 50 == 0 ? FakeVault.due("v" + i) : FakeVault.notDue("ok"));
        }

        ScanResult result = scanner(vaults, 100).scan();

        assertThat(multicall.batches()).isEqualTo(2);
        assertThat(result.decisions()).hasSize(200);
        assertThat(result.due()).hasSize(4);
    }
}
