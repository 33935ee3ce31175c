package io.exectrace.harness.chaos;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code exectrace chaos SCENARIO}: runs one reliability scenario against a real broker and the app as a separate
 * process, and exits 0 only when the result equals the undisturbed reference exactly.
 */
@Command(name = "chaos",
        mixinStandardHelpOptions = true,
        description = {
            "Run a reliability scenario: a real Kafka broker, the app in child processes, faults injected, and the "
                    + "result compared with an undisturbed run of the same input.",
            "Prints a table of figures; exit 0 only when there is no mismatch. See docs/reliability.md."})
public final class ChaosCommand implements Callable<Integer> {

    /** Every scenario, one line each. */
    static final List<ChaosScenario> SCENARIOS = List.of(
            new CrashScenario(),
            new BrokerRestartScenario(),
            new RestoreScenario(),
            new RebalanceScenario(),
            new HostileInputScenario(),
            new ApiFuzzScenario(),
            new TailerKillScenario(),
            new ClusterScenario(),
            new SoakScenario()
    );

    @Parameters(index = "0", paramLabel = "SCENARIO", completionCandidates = ScenarioNames.class,
            description = "Scenario to run: ${COMPLETION-CANDIDATES}.")
    String scenarioName;

    @Option(names = "--events", paramLabel = "N",
            description = "Synthetic input events (default: the scenario's, e.g. 1000000 for crash).")
    Long events;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the input and of the fault schedule (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Directory for broker data, app state and logs (default: a new temporary directory).")
    Path workDir;

    @Option(names = "--key", paramLabel = "session|none|order|constant", defaultValue = "session",
            description = "How the input records are keyed: by session id (default), none (null key, spread by the"
                    + " default partitioner), order (the order id, null without one) or constant (one key for all)."
                    + " crash only.")
    String key;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A scenario parameter, e.g. --set kills=5 (see docs/reliability.md).")
    Map<String, String> params = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final ChaosScenario scenario = find(scenarioName);
        final InputKeying keying = keying(scenario);
        final PrintWriter out = spec.commandLine().getOut();
        final Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("chaos-");
        final ChaosOptions options = new ChaosOptions(events != null ? events : scenario.defaultEvents(), seed,
                dir, params, keying);
        final ChaosLog log = (format, args) -> {
            out.printf("[chaos %s] %s%n", scenario.name(), String.format(format, args));
            out.flush();
        };
        log.step("work directory %s, %,d events, seed %d, input keyed by %s", dir, options.events(), seed,
                keying.label());
        final ChaosReport report = scenario.run(options, log);
        out.print(report.table());
        out.flush();
        return report.passed() ? 0 : 1;
    }

    private InputKeying keying(final ChaosScenario scenario) {
        final InputKeying keying;
        try {
            keying = InputKeying.parse(key);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (keying != InputKeying.SESSION && !scenario.honoursKeying()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--key " + keying.label() + " is not supported by " + scenario.name() + " (only by crash)");
        }
        return keying;
    }

    private ChaosScenario find(final String name) {
        for (final ChaosScenario s : SCENARIOS) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "unknown scenario '" + name + "' (one of " + String.join(", ", names()) + ")");
    }

    static List<String> names() {
        final List<String> names = new ArrayList<>();
        SCENARIOS.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The scenario names, for picocli's help and completion. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return names().iterator();
        }
    }
}
