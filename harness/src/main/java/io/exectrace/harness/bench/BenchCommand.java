package io.exectrace.harness.bench;

import picocli.CommandLine.Command;

/** {@code exectrace bench ...}: the performance benchmarks, each against a baseline taken in the same run. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks with same-run baselines (figures and commands: docs/benchmarks.md).",
        subcommands = {BenchEndToEndCommand.class, BenchFreshnessCommand.class, BenchCsvCommand.class,
            BenchViewCommand.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
