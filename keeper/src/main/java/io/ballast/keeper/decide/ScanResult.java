package io.ballast.keeper.decide;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One scan over every known vault.
 *
 * @param decisions one per vault, in discovery order
 * @param batchCalls {@code aggregate3} calls made
 * @param fallbackPages pages whose batch failed and were read vault by vault instead
 * @param discoveryError why the factory registry could not be read this time, if it could not (the last list read is
 *     used meanwhile)
 * @param at when the scan started
 * @param took how long it took
 */
public record ScanResult(List<UpkeepDecision> decisions, int batchCalls, int fallbackPages,
        Optional<String> discoveryError, Instant at, Duration took) {

    public ScanResult {
        decisions = List.copyOf(decisions);
    }

    public List<UpkeepDecision.Due> due() {
        return decisions.stream().filter(UpkeepDecision.Due.class::isInstance).map(UpkeepDecision.Due.class::cast)
                .toList();
    }

    public List<UpkeepDecision.NotDue> notDue() {
        return decisions.stream().filter(UpkeepDecision.NotDue.class::isInstance)
                .map(UpkeepDecision.NotDue.class::cast).toList();
    }

    public List<UpkeepDecision.Failed> failed() {
        return decisions.stream().filter(UpkeepDecision.Failed.class::isInstance)
                .map(UpkeepDecision.Failed.class::cast).toList();
    }

    /**
     * Whether the keeper could talk to the chain this scan: the registry was read and no vault failed for lack of an
     * answer from the node. Vaults whose own check reverts do not make a scan fail: they are the vaults' problem.
     */
    public boolean succeeded() {
        return discoveryError.isEmpty() && failed().stream().noneMatch(UpkeepDecision.Failed::rpcError);
    }
}
