package io.exectrace.launcher;

import io.exectrace.launcher.view.ViewCommand;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code exectrace} command line: one entry point, one subcommand per job. These are the shipped app's
 * commands; the benchmarks and reliability scenarios ({@code bench}, {@code chaos}) are in the harness module,
 * which adds them to this command line through {@link #commandLine(Object...)} when run from a repository checkout.
 */
@Command(name = "exectrace",
        mixinStandardHelpOptions = true,
        versionProvider = ExectraceVersion.class,
        description = "Real-time execution telemetry on Kafka: intent -> order -> fill chains, latencies, "
                + "error rates and missing fills, queryable over HTTP.",
        footer = {"", ExectraceCommand.HARNESS_FOOTER},
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            BrokerCommand.class,
            ProduceCommand.class,
            ViewCommand.class,
            DialectsCommand.class
        })
public final class ExectraceCommand implements Runnable {
    static final String NAME = "exectrace";
    /** Where the commands that are not shipped are, for the shipped app's {@code --help}. */
    static final String HARNESS_FOOTER = "The benchmarks (bench) and reliability scenarios (chaos) are not part of "
            + "this app: run them from a repository checkout with ./exectrace bench and ./exectrace chaos.";
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
        return commandLine(new Object[0]);
    }

    /**
     * The configured command line with more subcommands, listed after the shipped ones and before {@code help}, and
     * configured as they are (version, one-line errors, case-insensitive enums). The harness module adds
     * {@code bench} and {@code chaos} this way; with any added, the help has no footer about where they are.
     */
    public static CommandLine commandLine(final Object... moreSubcommands) {
        final CommandLine commandLine = new CommandLine(new ExectraceCommand());
        for (final Object subcommand : moreSubcommands) {
            commandLine.addSubcommand(subcommand);
        }
        if (moreSubcommands.length > 0) {
            commandLine.getCommandSpec().usageMessage().footer(new String[0]);
        }
        commandLine.addSubcommand(new CommandLine.HelpCommand());
        return configure(commandLine);
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
