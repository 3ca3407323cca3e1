package io.ballast.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ballast bench} on a tiny configuration (gas and hedging, two GBM paths and one jump), and bad input. */
class BenchTest {
    @TempDir
    Path dir;

    @Test
    void gasAndHedgingPartsWriteResultsWhoseFiguresAgreeWithEachOtherAndTheTable() throws Exception {
        CliRun run = CliRun.run("bench", "--only", "gas,hedging", "--paths", "2", "--jumps", "-0.2", "--no-shipped",
                "--out", dir.toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        String md = Files.readString(dir.resolve("results.md"));
        assertThat(run.out()).as("the table is printed too").contains(md.lines().limit(12).toList());
        assertThat(dir.resolve("keeper.json")).as("the keeper part did not run").doesNotExist();
        byte[] png = Files.readAllBytes(dir.resolve("hedging.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');

        JsonNode results = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(results.get("parts")).extracting(JsonNode::asText).containsExactly("gas", "hedging");
        JsonNode machine = results.get("machine");
        assertThat(machine.get("availableProcessors").asInt()).isPositive();
        assertThat(machine.get("javaVersion").asText()).isEqualTo(System.getProperty("java.version"));
        assertThat(machine.get("date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode seconds = results.get("runtimeSeconds");
        assertThat(seconds.get("total").asDouble()).isGreaterThanOrEqualTo(seconds.get("gas").asDouble()
                + seconds.get("hedging").asDouble() - 0.2);

        // gas: each ratio is ballast / baseline, and the table prints the same figures
        JsonNode gas = results.get("gas");
        assertThat(gas.get("vaultOps")).extracting(o -> o.get("operation").asText())
                .containsExactly("deposit (first)", "deposit (second)", "withdraw", "redeem");
        for (JsonNode op : gas.get("vaultOps")) {
            long ballast = op.get("ballast").asLong();
            long plain = op.get("plainErc4626").asLong();
            assertThat(plain).isPositive();
            assertThat(op.get("ratio").asDouble()).isCloseTo(ballast / (double) plain, within(1e-9));
            assertThat(row(md, "| " + op.get("operation").asText() + " |")).contains(String.format(Locale.ROOT,
                    "| %,d | %,d | %.2fx |", ballast, plain, op.get("ratio").asDouble()));
        }
        JsonNode upkeeps = gas.get("upkeeps");
        assertThat(upkeeps).extracting(u -> u.get("action").asText())
                .contains("BAND_REBALANCE", "LIQUIDATION_BUFFER", "RIPCORD", "FILL_REDEMPTIONS");
        assertThat(upkeeps).extracting(u -> u.get("name").asText())
                .contains("leverage up 1", "leverage up (band)", "leverage down (band)", "liquidation buffer",
                        "ripcord", "redemption fill");
        for (JsonNode u : upkeeps) {
            long ballast = u.get("ballast").asLong();
            long floor = u.get("venueFloor").asLong();
            assertThat(floor).as("a swap and Aave calls cost more than a bare transaction").isGreaterThan(100_000);
            assertThat(u.get("overhead").asLong()).isEqualTo(ballast - floor);
            assertThat(u.get("ratio").asDouble()).isCloseTo(ballast / (double) floor, within(1e-9));
            assertThat(u.get("overheadPercent").asDouble()).isCloseTo(100.0 * (ballast - floor) / floor, within(1e-9));
            assertThat(u.get("venueCalls").asText()).contains("swap");
            assertThat(row(md, "| " + u.get("name").asText() + " (`")).contains(String.format(Locale.ROOT,
                    "| %,d | %,d | %,d (+%.0f%%) | %.2fx |", ballast, floor, ballast - floor,
                    u.get("overheadPercent").asDouble(), u.get("ratio").asDouble()));
        }
        for (JsonNode c : gas.get("checkUpkeep")) {
            assertThat(c.get("minusTxBase").asLong()).isEqualTo(c.get("estimateGas").asLong() - 21_000);
        }

        // hedging: per-path figures add up, summaries are their means
        JsonNode hedging = results.get("hedging");
        JsonNode paths = hedging.get("paths");
        assertThat(paths).extracting(p -> p.get("path").asText()).containsExactly("gbm-1", "gbm-2", "jump-20%");
        Map<String, List<JsonNode>> byGroupAndPolicy = new HashMap<>();
        for (JsonNode p : paths) {
            assertThat(p.get("points").asInt()).isEqualTo(25);
            assertThat(p.get("policies")).extracting(f -> f.get("policy").asText())
                    .containsExactly("fixed-band", "time-based", "cost-aware", "unmanaged");
            for (JsonNode f : p.get("policies")) {
                assertThat(f.get("tradingCost").asDouble()).isCloseTo(f.get("swapCost").asDouble()
                        + f.get("gasCost").asDouble(), within(1e-6));
                assertThat(f.get("finalEquity").asDouble()).isPositive();
                assertThat(f.get("rmsErrorVsCuratorTarget").asDouble()).isNotNegative();
                byGroupAndPolicy.computeIfAbsent(p.get("group").asText() + "/" + f.get("policy").asText(),
                        k -> new ArrayList<>()).add(f);
            }
            JsonNode unmanaged = p.get("policies").get(3);
            assertThat(unmanaged.get("upkeeps").asInt()).isZero();
            assertThat(unmanaged.get("tradingCost").asDouble()).isZero();
        }
        assertThat(hedging.get("summaries")).hasSize(8);
        for (JsonNode s : hedging.get("summaries")) {
            List<JsonNode> rows = byGroupAndPolicy.get(s.get("group").asText() + "/" + s.get("policy").asText());
            assertThat(s.get("paths").asInt()).isEqualTo(rows.size());
            assertThat(s.get("meanRmsExposureError").asDouble()).isCloseTo(rows.stream()
                    .mapToDouble(f -> f.get("rmsExposureError").asDouble()).average().orElseThrow(), within(1e-9));
            assertThat(s.get("meanTradingCost").asDouble()).isCloseTo(rows.stream()
                    .mapToDouble(f -> f.get("tradingCost").asDouble()).average().orElseThrow(), within(1e-9));
            assertThat(s.get("meanRmsErrorVsCuratorTarget").asDouble()).isCloseTo(rows.stream()
                    .mapToDouble(f -> f.get("rmsErrorVsCuratorTarget").asDouble()).average().orElseThrow(),
                    within(1e-9));
        }
        assertThat(summary(hedging, "gbm", "time-based").get("meanUpkeeps").asDouble())
                .as("hourly rebalancing acts more often than a 0.1 band").isGreaterThan(summary(hedging, "gbm",
                        "fixed-band").get("meanUpkeeps").asDouble());

        // targets: measured ones carry met true/false as their figures say, the others are not measured
        Map<String, JsonNode> targets = new HashMap<>();
        results.get("targets").forEach(t -> targets.put(t.get("id").asText(), t));
        assertThat(targets).containsOnlyKeys("upkeepOverhead", "depositRatio", "checkUpkeepGas", "scan1000",
                "costAwareBand", "noManagedLiquidation");
        assertThat(targets.get("scan1000").get("met").isNull()).isTrue();
        assertThat(targets.get("noManagedLiquidation").get("met").isNull()).isTrue();
        double worstDeposit = 0;
        for (JsonNode op : gas.get("vaultOps")) {
            if (op.get("operation").asText().startsWith("deposit")) {
                worstDeposit = Math.max(worstDeposit, op.get("ratio").asDouble());
            }
        }
        assertThat(targets.get("depositRatio").get("met").asBoolean()).isEqualTo(worstDeposit <= 1.3);
        double worstOverhead = 0;
        for (JsonNode u : upkeeps) {
            worstOverhead = Math.max(worstOverhead, u.get("overheadPercent").asDouble());
        }
        assertThat(targets.get("upkeepOverhead").get("met").asBoolean()).isEqualTo(worstOverhead <= 25);
        long worstCheck = 0;
        for (JsonNode c : gas.get("checkUpkeep")) {
            worstCheck = Math.max(worstCheck, c.get("estimateGas").asLong());
        }
        assertThat(targets.get("checkUpkeepGas").get("met").asBoolean()).isEqualTo(worstCheck <= 80_000);
        JsonNode costAware = summary(hedging, "gbm", "cost-aware");
        JsonNode timeBased = summary(hedging, "gbm", "time-based");
        assertThat(targets.get("costAwareBand").get("met").asBoolean()).isEqualTo(
                costAware.get("meanRmsExposureError").asDouble() <= timeBased.get("meanRmsExposureError").asDouble()
                        && costAware.get("meanTradingCost").asDouble()
                                <= timeBased.get("meanTradingCost").asDouble() / 3);
        for (JsonNode t : results.get("targets")) {
            String verdict = t.get("met").isNull() ? "not measured" : t.get("met").asBoolean() ? "**met**"
                    : "**not met**";
            assertThat(row(md, "| " + t.get("target").asText() + " |")).endsWith("| " + verdict + " |");
        }
    }

    @Test
    void badInputGetsOneLineAndExitCodeTwo() {
        CliRun part = CliRun.run("bench", "--only", "speed", "--out", dir.toString());
        assertThat(part.exit()).isEqualTo(2);
        assertThat(part.err().strip()).isEqualTo("error: unknown part 'speed'; known: gas, keeper, hedging");

        CliRun nothing = CliRun.run("bench", "--only", "hedging", "--paths", "0", "--no-jumps", "--no-shipped");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("no path to run").doesNotContain("Exception");
    }

    private static JsonNode summary(JsonNode hedging, String group, String policy) {
        for (JsonNode s : hedging.get("summaries")) {
            if (s.get("group").asText().equals(group) && s.get("policy").asText().equals(policy)) {
                return s;
            }
        }
        throw new AssertionError("no summary for " + group + "/" + policy);
    }

    /** The one line of {@code md} that starts with {@code start}. */
    private static String row(String md, String start) {
        List<String> rows = md.lines().filter(l -> l.startsWith(start)).toList();
        assertThat(rows).as("rows starting with " + start).hasSize(1);
        return rows.getFirst();
    }
}
