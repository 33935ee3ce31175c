package io.exectrace.launcher;

import io.exectrace.launcher.view.ViewCommand;
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
            io.exectrace.launcher.bench.BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ExectraceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    static CommandLine commandLine() {
        return new CommandLine(new ExectraceCommand())
                .setExecutionExceptionHandler(new OneLineErrors())
                .setParameterExceptionHandler(new OneLineErrors())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
