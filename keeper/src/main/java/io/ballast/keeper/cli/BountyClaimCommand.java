package io.ballast.keeper.cli;

import io.ballast.keeper.KeeperRuntime;
import io.ballast.keeper.act.SendOutcome;
import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.config.ConfigException;
import io.ballast.keeper.config.ConfigKey;
import io.ballast.keeper.config.ConfigLoader;
import io.ballast.keeper.config.KeeperConfig;
import io.ballast.keeper.config.Values;
import io.ballast.keeper.decide.VaultDiscovery;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code claim}: pulls the bounty this keeper accrued on the given vaults ({@code claimBounty()}), through the same
 * simulate / send / confirm / bump path as upkeeps. Vaults whose {@code bountyOwed(keeper)} reads zero are skipped
 * unless {@code --force}. Prints one line per vault; exits 1 if any claim failed.
 */
@Command(name = "claim", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Claim the bounty the keeper account has accrued on vaults (calls claimBounty()).",
        footer = {"", "Without VAULT arguments, claims on the configured vaults and those of the factory registry.",
                "Exit codes: 0 all done, 1 a claim failed, 2 bad input or wrong chain."})
public final class BountyClaimCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Parameters(paramLabel = "VAULT", arity = "0..*", description = "Vaults to claim on.")
    List<String> vaults;

    @Option(names = "--force", description = "Claim even where bountyOwed reads zero.")
    boolean force;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final CliSupport.RuntimeStarter starter;

    public BountyClaimCommand() {
        this(System.getenv(), KeeperRuntime::start);
    }

    public BountyClaimCommand(Map<String, String> env, CliSupport.RuntimeStarter starter) {
        this.env = Map.copyOf(env);
        this.starter = starter;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KeeperConfig config;
        try {
            Map<ConfigKey, String> overrides = options.overrides();
            if (vaults != null && !vaults.isEmpty()) {
                overrides.put(ConfigKey.VAULTS, String.join(",", vaults));
            }
            config = ConfigLoader.load(options.configFile, env, overrides).toBuilder().metricsPort(-1).build();
        } catch (ConfigException e) {
            return CliSupport.fail(err, CliSupport.BAD_INPUT, e.getMessage(), env);
        }
        try (KeeperRuntime runtime = starter.start(config)) {
            VaultDiscovery.Discovered targets = vaults != null && !vaults.isEmpty()
                    ? new VaultDiscovery.Discovered(config.vaults(), Optional.empty())
                    : new VaultDiscovery(runtime.client(), config.vaults(), config.factory(), config.pageSize())
                            .discover();
            if (targets.error().isPresent()) {
                return CliSupport.fail(err, CliSupport.FAILED, targets.error().get(), env);
            }
            int failures = 0;
            for (String vault : targets.vaults()) {
                failures += claim(runtime, vault, out) ? 0 : 1;
            }
            out.flush();
            return failures == 0 ? 0 : CliSupport.FAILED;
        } catch (ConfigException e) {
            return CliSupport.fail(err, CliSupport.BAD_INPUT, e.getMessage(), env);
        } catch (ChainException e) {
            return CliSupport.fail(err, CliSupport.FAILED, "cannot start: " + Values.redactUrl(config.rpcUrl())
                    + ": " + e.getMessage(), env);
        } catch (RuntimeException e) {
            return CliSupport.fail(err, CliSupport.FAILED, "claim failed: " + e.getMessage(), env);
        }
    }

    /** Claims on one vault and prints a line; false when the claim failed. */
    private boolean claim(KeeperRuntime runtime, String vault, PrintWriter out) {
        Optional<BigInteger> owed = runtime.bounty().owed(vault);
        String bounty = owed.map(BigInteger::toString).orElse("unknown");
        if (!force && owed.isPresent() && owed.get().signum() == 0) {
            out.printf("vault=%s action=claim outcome=skipped reason=nothing_owed%n", vault);
            return true;
        }
        SendOutcome outcome = runtime.sender().claimBounty(vault);
        switch (outcome) {
            case SendOutcome.Mined m -> out.printf("vault=%s action=claim outcome=claimed tx=%s gas=%s bounty=%s%n",
                    vault, m.receipt().getTransactionHash(), m.gasUsed(), bounty);
            case SendOutcome.Reverted r -> out.printf("vault=%s action=claim outcome=reverted tx=%s gas=%s%n", vault,
                    r.receipt().getTransactionHash(), r.gasUsed());
            case SendOutcome.Skipped s -> out.printf("vault=%s action=claim outcome=skipped reason=\"%s\"%n", vault,
                    s.reason());
            case SendOutcome.Failed f -> out.printf("vault=%s action=claim outcome=failed error=\"%s\"%n", vault,
                    CliSupport.scrub(f.error(), env));
        }
        return outcome instanceof SendOutcome.Mined || outcome instanceof SendOutcome.Skipped;
    }
}
