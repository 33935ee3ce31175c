package io.exectrace.launcher;

import io.exectrace.launcher.bench.BenchCommand;
import io.exectrace.launcher.chaos.ChaosCommand;
import io.exectrace.launcher.view.ViewCommand;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code exectrace} command line: one entry point, one subcommand per job. */
@Command(name = "exectrace",
        mixinStandardHelpOptions = true,
        versionProvider = ExectraceVersion.class,
        description = "Real-time execution telemetry on Kafka: intent -> order -> fill chains, latencies, "
                + "error rates and missing fills, queryable over HTTP.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            BrokerCommand.class,
            ProduceCommand.class,
            ViewCommand.class,
            BenchCommand.class,
            ChaosCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ExectraceCommand implements Runnable {
    static final String NAME = "exectrace";
    static final String VIEW = "view";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(final String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs one command line. {@code view} is built on its own: it is a short process, often timed against the
     * seed's viewer, and picocli's reflective model of all the other subcommands cost about a third of a second
     * of its start. It parses, prints and exits exactly as under the full command tree.
     */
    static int execute(final String[] args) {
        if (isViewOnly(args)) {
            return viewCommandLine().execute(Arrays.copyOfRange(args, 1, args.length));
        }
        return commandLine().execute(args);
    }

    static boolean isViewOnly(final String[] args) {
        return args.length > 0 && VIEW.equals(args[0]);
    }

    /** The configured command line, shared by {@link #main} and tests. */
    static CommandLine commandLine() {
        return configure(new CommandLine(new ExectraceCommand()));
    }

    /** {@code --version} on a subcommand prints exectrace's version too (picocli leaves it empty otherwise). */
    private static void giveEveryCommandTheVersion(final CommandLine commandLine) {
        if (commandLine.getCommandSpec().versionProvider() == null) {
            commandLine.getCommandSpec().versionProvider(new ExectraceVersion());
        }
        commandLine.getSubcommands().values().forEach(ExectraceCommand::giveEveryCommandTheVersion);
    }

    /** {@code exectrace view} alone, named as under the full tree. */
    static CommandLine viewCommandLine() {
        return configure(new CommandLine(new ViewCommand())).setCommandName(NAME + " " + VIEW);
    }

    private static CommandLine configure(final CommandLine commandLine) {
        giveEveryCommandTheVersion(commandLine);
        return commandLine
                .setExecutionExceptionHandler(new OneLineErrors())
                .setParameterExceptionHandler(new OneLineErrors())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
