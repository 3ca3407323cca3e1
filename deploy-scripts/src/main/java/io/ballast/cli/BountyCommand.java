package io.ballast.cli;

import io.ballast.keeper.cli.BountyClaimCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ballast bounty}: keeper bounties; {@code ballast bounty claim} pulls what the vaults owe the keeper. */
@Command(name = "bounty", mixinStandardHelpOptions = true, description = "Keeper bounties.",
        subcommands = {BountyClaimCommand.class})
public final class BountyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
