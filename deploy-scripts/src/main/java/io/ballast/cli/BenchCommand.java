package io.ballast.cli;

import io.ballast.bench.Benchmarks;
import io.ballast.bench.HedgingBenchmark;
import io.ballast.local.BallastHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ballast bench}: every benchmark on local chains it starts itself (gas against baselines, keeper scan
 * throughput and reaction time, hedging quality over many price paths), the targets met or not; prints the Markdown
 * and writes {@code results.md}, {@code results.json} and {@code hedging.png}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the benchmarks on local chains: gas against a plain ERC-4626 vault and the venue floor, "
                + "keeper scans and reaction time, hedging quality over GBM, jump and shipped paths; print the "
                + "results and write DIR/results.md, DIR/results.json and DIR/hedging.png.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--only", paramLabel = "PART", split = ",", description = "Parts to run: gas, keeper, hedging "
            + "(comma-separated or repeated). Default: all.")
    List<String> only = new ArrayList<>();

    @Option(names = "--paths", paramLabel = "N", defaultValue = "50", description = "GBM paths (default "
            + "${DEFAULT-VALUE}).")
    int paths;

    @Option(names = "--first-seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the first GBM "
            + "path; the others follow (default ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--vol", paramLabel = "V", defaultValue = "0.8", description = "Annualised volatility of the GBM "
            + "paths (default ${DEFAULT-VALUE}).")
    double vol;

    @Option(names = "--days", paramLabel = "D", defaultValue = "1", description = "Length of the GBM and jump paths "
            + "in days (default ${DEFAULT-VALUE}).")
    double days;

    @Option(names = "--step", paramLabel = "SECONDS", defaultValue = "3600", description = "Spacing of their points "
            + "(default ${DEFAULT-VALUE}).")
    long step;

    @Option(names = "--jumps", paramLabel = "J", split = ",", defaultValue = "-0.10,-0.20,0.15", description =
            "Single-step jumps, one calm path each, as fractions (default ${DEFAULT-VALUE}).")
    List<Double> jumps;

    @Option(names = "--no-jumps", description = "Run no jump paths.")
    boolean noJumps;

    @Option(names = "--jump-vol", paramLabel = "V", defaultValue = "0.3", description = "Volatility of the calm paths "
            + "around the jumps (default ${DEFAULT-VALUE}).")
    double jumpVol;

    @Option(names = "--no-shipped", description = "Skip the shipped scenarios (calm, volatile, crash40, flash-crash).")
    boolean noShipped;

    @Option(names = "--vaults", paramLabel = "N", split = ",", defaultValue = "10,100,1000", description = "Vault "
            + "counts of the keeper scans (default ${DEFAULT-VALUE}).")
    List<Integer> vaults;

    @Option(names = "--out", paramLabel = "DIR", description = "Results folder (default bench/ in the repository).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Set<Benchmarks.Part> parts = EnumSet.noneOf(Benchmarks.Part.class);
        for (String name : only) {
            try {
                parts.add(Benchmarks.Part.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new Inputs.InputException("unknown part '" + name + "'; known: gas, keeper, hedging");
            }
        }
        if (parts.isEmpty()) {
            parts = EnumSet.allOf(Benchmarks.Part.class);
        }
        List<Double> jumpList = noJumps ? List.of() : jumps;
        if (paths < 0) {
            throw new Inputs.InputException("--paths must be 0 or more, got " + paths);
        }
        if (!(vol >= 0) || !(days > 0) || step <= 0 || !(jumpVol >= 0)) {
            throw new Inputs.InputException("--vol and --jump-vol must be >= 0, --days and --step positive");
        }
        for (double j : jumpList) {
            if (!(j > -1) || !Double.isFinite(j)) {
                throw new Inputs.InputException("a jump must be a fraction above -1 (-0.2 is -20%), got " + j);
            }
        }
        if (parts.contains(Benchmarks.Part.HEDGING) && paths == 0 && jumpList.isEmpty() && noShipped) {
            throw new Inputs.InputException("the hedging part has no path to run: give --paths, --jumps or drop "
                    + "--no-shipped");
        }
        for (int n : vaults) {
            if (n < 1 || n > 5000) {
                throw new Inputs.InputException("--vaults counts must be 1..5000, got " + n);
            }
        }
        Path home = BallastHome.find();
        Path dir = out != null ? out.toAbsolutePath() : home.resolve("bench");
        HedgingBenchmark.Config hedging = new HedgingBenchmark.Config(paths, firstSeed, vol, days, step,
                List.copyOf(jumpList), jumpVol, !noShipped);
        Benchmarks.run(home, new Benchmarks.Options(parts, List.copyOf(vaults), hedging, dir, commandLine()),
                System.out);
        return 0;
    }

    /** The command as run, with its options in a canonical form (the results record it). */
    private String commandLine() {
        return "./ballast bench" + (only.isEmpty() ? "" : " --only " + String.join(",", only))
                + (paths != 50 ? " --paths " + paths : "") + (firstSeed != 1 ? " --first-seed " + firstSeed : "")
                + (vol != 0.8 ? " --vol " + vol : "") + (days != 1 ? " --days " + days : "")
                + (step != 3600 ? " --step " + step : "") + (noJumps ? " --no-jumps" : "")
                + (!noJumps && !jumps.equals(List.of(-0.10, -0.20, 0.15)) ? " --jumps " + String.join(",",
                        jumps.stream().map(String::valueOf).toList()) : "")
                + (jumpVol != 0.3 ? " --jump-vol " + jumpVol : "") + (noShipped ? " --no-shipped" : "")
                + (!vaults.equals(List.of(10, 100, 1000)) ? " --vaults " + String.join(",",
                        vaults.stream().map(String::valueOf).toList()) : "");
    }
}
