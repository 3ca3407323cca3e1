package io.ballast.cli.vault;

import io.ballast.cli.Inputs;
import io.ballast.wrappers.BallastVault;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ballast vault keepers add|remove}: the keeper allowlist (admin). */
@Command(name = "keepers", mixinStandardHelpOptions = true, description = "Manage the keeper allowlist (admin).",
        subcommands = {KeepersCommand.Add.class, KeepersCommand.Remove.class})
public final class KeepersCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Allow KEEPER to perform upkeeps.")
    static final class Add implements Callable<Integer> {
        @Mixin
        Connection c;

        @Option(names = "--keeper", required = true, paramLabel = "ADDRESS", description = "Keeper address.")
        String keeper;

        @Override
        public Integer call() throws Exception {
            String who = Inputs.address("--keeper", keeper);
            c.open();
            BallastVault v = c.vault(c.signer());
            VaultCommand.sent("keeper " + who + " added", v.grantRole(v.KEEPER_ROLE().send(), who).send());
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove KEEPER from the allowlist.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        Connection c;

        @Option(names = "--keeper", required = true, paramLabel = "ADDRESS", description = "Keeper address.")
        String keeper;

        @Override
        public Integer call() throws Exception {
            String who = Inputs.address("--keeper", keeper);
            c.open();
            BallastVault v = c.vault(c.signer());
            VaultCommand.sent("keeper " + who + " removed", v.revokeRole(v.KEEPER_ROLE().send(), who).send());
            return 0;
        }
    }
}
