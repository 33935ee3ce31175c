package io.exectrace.launcher;

import picocli.CommandLine.Command;

/** {@code exectrace produce ...}: the producers that feed the input topic. */
@Command(name = "produce",
        mixinStandardHelpOptions = true,
        description = "Send execution events to the input topic.",
        subcommands = {ReplayCommand.class, TailCommand.class, SynthCommand.class})
final class ProduceCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
