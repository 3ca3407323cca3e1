package io.ballast.cli;

import io.ballast.keeper.cli.CliSupport;
import io.ballast.keeper.cli.KeeperCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ballast} command: a picocli command per task. */
@Command(name = "ballast", mixinStandardHelpOptions = true, version = "ballast 0.1.0",
        description = "Automated position management vaults on EVM chains.",
        subcommands = {DemoCommand.class, BacktestCommand.class, BenchCommand.class, NodeCommand.class,
                DeployCommand.class,
                io.ballast.cli.vault.VaultCommand.class,
                KeeperCommand.class,
                BountyCommand.class, CommandLine.HelpCommand.class})
public final class BallastCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Ballast's error handling: one line on stderr, no stack trace, a non-zero exit. */
    public static CommandLine commandLine() {
        // unknown options and bad values: one scrubbed line (an option could echo a secret), exit 2
        CommandLine cli = CliSupport.oneLineErrors(new CommandLine(new BallastCli()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + CliSupport.scrub(rootMessage(e), System.getenv()));
            if (e instanceof Inputs.InputException || e instanceof io.ballast.scenario.PricePath.InvalidPathException) {
                return 2;
            }
            if (System.getenv("BALLAST_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
