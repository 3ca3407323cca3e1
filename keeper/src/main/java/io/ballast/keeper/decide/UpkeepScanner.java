package io.ballast.keeper.decide;

import io.ballast.keeper.abi.AbiDecodingException;
import io.ballast.keeper.abi.BallastAbi;
import io.ballast.keeper.abi.RevertReasons;
import io.ballast.keeper.chain.ChainClient;
import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.multicall.BatchReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Decide: asks every vault {@code checkUpkeep("")}, a page of vaults per {@code eth_call} through Multicall3. A vault
 * whose check reverts or answers garbage is reported as {@link UpkeepDecision.Failed} and never hides the others; a
 * page whose batch call fails as a whole (node refuses it, no Multicall3, transport error) is read again vault by
 * vault, so one bad page costs calls, not decisions; once a vault-by-vault call gets no answer at all, the rest of
 * the scan is reported as unchecked rather than waiting for the node once per vault. Read-only: it never sends.
 */
public final class UpkeepScanner {
    private static final Logger LOG = LoggerFactory.getLogger(UpkeepScanner.class);
    private static final byte[] CHECK_CALL = BallastAbi.checkUpkeep(new byte[0]);

    private final VaultDiscovery discovery;
    private final BatchReader reader;
    private final ChainClient client;
    private final int pageSize;
    private final Clock clock;

    /**
     * @param reader batch reader; give it a page size of at least {@code pageSize} so each page is one call
     * @param pageSize vaults per batch call
     */
    public UpkeepScanner(VaultDiscovery discovery, BatchReader reader, ChainClient client, int pageSize, Clock clock) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + pageSize);
        }
        this.discovery = discovery;
        this.reader = reader;
        this.client = client;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    public ScanResult scan() {
        Instant started = clock.instant();
        VaultDiscovery.Discovered discovered = discovery.discover();
        List<String> vaults = discovered.vaults();
        List<UpkeepDecision> decisions = new ArrayList<>(vaults.size());
        int batchCalls = 0;
        int fallbackPages = 0;
        boolean nodeDown = false;
        for (int from = 0; from < vaults.size(); from += pageSize) {
            List<String> page = vaults.subList(from, Math.min(vaults.size(), from + pageSize));
            List<BatchReader.Call> calls = page.stream().map(v -> new BatchReader.Call(v, CHECK_CALL)).toList();
            batchCalls += reader.pagesFor(calls.size());
            try {
                List<BatchReader.CallResult> results = reader.read(calls, DefaultBlockParameterName.LATEST);
                for (int i = 0; i < page.size(); i++) {
                    decisions.add(fromBatch(page.get(i), results.get(i)));
                }
            } catch (BatchReader.BatchReadException | RuntimeException e) {
                fallbackPages++;
                LOG.warn("action=scan_fallback vaults={} first_vault={} error=\"{}\"", page.size(), page.getFirst(),
                        e.getMessage());
                for (String vault : page) {
                    if (nodeDown) {
                        // one unanswered call is enough: a hung node would make each of the others wait a timeout
                        decisions.add(new UpkeepDecision.Failed(vault, "not checked: the node stopped answering"
                                + " during this scan", true));
                        continue;
                    }
                    UpkeepDecision decision = checkOne(vault);
                    nodeDown = decision instanceof UpkeepDecision.Failed failed && failed.rpcError();
                    decisions.add(decision);
                }
            }
        }
        ScanResult result = new ScanResult(decisions, batchCalls, fallbackPages, discovered.error(), started,
                Duration.between(started, clock.instant()));
        log(result);
        return result;
    }

    private static UpkeepDecision fromBatch(String vault, BatchReader.CallResult result) {
        if (!result.success()) {
            return new UpkeepDecision.Failed(vault, "checkUpkeep reverted: "
                    + RevertReasons.describe(result.returnData()), false);
        }
        return decode(vault, result.returnData());
    }

    /** One vault, one {@code eth_call}: the fallback when a page's batch failed. */
    UpkeepDecision checkOne(String vault) {
        try {
            return decode(vault, client.call(null, vault, CHECK_CALL));
        } catch (ChainException.CallReverted e) {
            return new UpkeepDecision.Failed(vault, "checkUpkeep reverted: " + RevertReasons.describe(e.revertData()),
                    false);
        } catch (ChainException.Unreachable e) {
            return new UpkeepDecision.Failed(vault, "checkUpkeep not answered: " + e.getMessage(), true);
        } catch (ChainException e) {
            return new UpkeepDecision.Failed(vault, "checkUpkeep refused: " + e.getMessage(), false);
        } catch (RuntimeException e) {
            LOG.error("action=check vault={} unexpected_error=\"{}\"", vault, e.toString(), e);
            return new UpkeepDecision.Failed(vault, "checkUpkeep failed: " + e, false);
        }
    }

    private static UpkeepDecision decode(String vault, byte[] returned) {
        try {
            BallastAbi.CheckResult check = BallastAbi.decodeCheckUpkeep(returned);
            return check.upkeepNeeded()
                    ? new UpkeepDecision.Due(vault, check.performData())
                    : new UpkeepDecision.NotDue(vault, RevertReasons.describeReason(check.performData()));
        } catch (AbiDecodingException e) {
            return new UpkeepDecision.Failed(vault, "checkUpkeep answer undecodable: " + e.getMessage(), false);
        }
    }

    private static void log(ScanResult result) {
        for (UpkeepDecision decision : result.decisions()) {
            switch (decision) {
                case UpkeepDecision.Due due -> LOG.info("action=check vault={} due=true perform_data_bytes={}",
                        due.vault(), due.performData().length);
                case UpkeepDecision.NotDue notDue -> LOG.debug("action=check vault={} due=false reason=\"{}\"",
                        notDue.vault(), notDue.reason());
                case UpkeepDecision.Failed failed -> LOG.warn("action=check vault={} failed=true error=\"{}\"",
                        failed.vault(), failed.error());
            }
        }
        LOG.info("action=scan vaults={} due={} not_due={} failed={} batch_calls={} fallback_pages={} took_ms={}{}",
                result.decisions().size(), result.due().size(), result.notDue().size(), result.failed().size(),
                result.batchCalls(), result.fallbackPages(), result.took().toMillis(),
                result.discoveryError().map(e -> " discovery_error=\"" + e + "\"").orElse(""));
    }
}
