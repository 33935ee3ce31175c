package io.exectrace.launcher;

import picocli.CommandLine.Command;

/** {@code exectrace produce ...}: the producers that feed the input topic, and the venue's fills to theirs. */
@Command(name = "produce",
        mixinStandardHelpOptions = true,
        description = "Send execution events to the input topic, or the venue's fills to theirs.",
        subcommands = {ReplayCommand.class, TailCommand.class, SynthCommand.class, VenueFillsCommand.class})
final class ProduceCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
