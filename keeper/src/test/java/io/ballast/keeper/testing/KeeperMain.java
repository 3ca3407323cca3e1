package io.ballast.keeper.testing;

import io.ballast.keeper.cli.CliSupport;
import io.ballast.keeper.cli.KeeperCommand;

/** Runs {@code keeper} as the CLI would, in a process of its own (for the SIGTERM test). */
public final class KeeperMain {
    private KeeperMain() {}

    public static void main(String[] args) {
        System.exit(CliSupport.commandLine(new KeeperCommand()).execute(args));
    }
}
