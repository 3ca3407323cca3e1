package io.ballast.keeper.cli;

import io.ballast.keeper.KeeperRuntime;
import io.ballast.keeper.chain.ChainException;
import io.ballast.keeper.config.KeeperConfig;
import io.ballast.keeper.config.KeySource;
import io.ballast.keeper.config.Values;
import java.io.PrintWriter;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Error handling of the keeper commands: one line on stderr, no stack trace, a non-zero exit code, and nothing
 * secret in the line (values of the secret environment variables, anything shaped like a private key, and the path
 * and query of the RPC URL are masked whatever produced the message).
 */
public final class CliSupport {
    /** Exit code for bad input: options, config, keys, wrong chain. */
    public static final int BAD_INPUT = 2;
    /** Exit code for a failure while running (node unreachable, a claim failed). */
    public static final int FAILED = 1;

    private static final Pattern PRIVATE_KEY_SHAPE = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

    private CliSupport() {}

    /** Starts a keeper runtime from a config; the default connects over HTTP, tests substitute their own. */
    @FunctionalInterface
    public interface RuntimeStarter {
        KeeperRuntime start(KeeperConfig config) throws ChainException;
    }

    /**
     * A command line for {@code command} whose parse and execution errors are one scrubbed line on stderr. A parent
     * command (the {@code ballast} CLI) can use {@link #oneLineErrors(CommandLine)} on itself for the same effect.
     */
    public static CommandLine commandLine(Object command) {
        return oneLineErrors(new CommandLine(command));
    }

    /** Installs one-line, scrubbed error handlers on {@code cli}. */
    public static CommandLine oneLineErrors(CommandLine cli) {
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + scrub(e.getMessage(), System.getenv())
                    + " (see --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + scrub(String.valueOf(e.getMessage()), System.getenv()));
            return FAILED;
        });
        return cli;
    }

    /** Prints {@code "error: " + message}, scrubbed, on {@code err}, and returns {@code code}. */
    static int fail(PrintWriter err, int code, String message, Map<String, String> env) {
        err.println("error: " + scrub(message, env));
        err.flush();
        return code;
    }

    /** {@code message} with secrets masked. */
    public static String scrub(String message, Map<String, String> env) {
        if (message == null) {
            return "unknown error";
        }
        String scrubbed = message;
        // the keeper's key and password, and the raw key the deploy and vault commands read
        for (String name : new String[] {KeySource.PRIVATE_KEY_ENV, KeySource.KEYSTORE_PASSWORD_ENV,
                "BALLAST_PRIVATE_KEY"}) {
            String secret = env.get(name);
            if (secret != null && secret.strip().length() >= 4) {
                scrubbed = scrubbed.replace(secret.strip(), "****");
                scrubbed = scrubbed.replace(secret.strip().replaceFirst("^0x", ""), "****");
            }
        }
        String rpcUrl = env.get("BALLAST_RPC_URL");
        if (rpcUrl != null && !rpcUrl.isBlank()) {
            scrubbed = scrubbed.replace(rpcUrl.strip(), Values.redactUrl(rpcUrl));
        }
        return PRIVATE_KEY_SHAPE.matcher(scrubbed).replaceAll("0x****");
    }
}
