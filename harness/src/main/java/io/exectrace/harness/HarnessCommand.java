package io.exectrace.harness;

import io.exectrace.harness.bench.BenchCommand;
import io.exectrace.harness.chaos.ChaosCommand;
import io.exectrace.launcher.ExectraceCommand;
import picocli.CommandLine;

/**
 * {@code exectrace} as a repository checkout runs it: the shipped command line plus {@code bench} and {@code chaos},
 * which are not shipped (the Docker image holds the launcher's class path only). {@code ./exectrace} starts this
 * class for {@code bench}, {@code chaos} and the top-level help, and the shipped one for everything else.
 */
public final class HarnessCommand {
    private HarnessCommand() {
    }

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The shipped commands, then {@code bench} and {@code chaos}, then {@code help}; configured as the shipped ones. */
    public static CommandLine commandLine() {
        return ExectraceCommand.commandLine(new BenchCommand(), new ChaosCommand());
    }
}
