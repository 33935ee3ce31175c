package io.exectrace.harness.chaos;

/**
 * One reliability scenario of {@code exectrace chaos}: it sets up what it needs (broker, input, app processes),
 * injects its faults, checks the outcome against an undisturbed reference and reports its figures. A scenario
 * stops by itself; it is registered with one line in {@link ChaosCommand#SCENARIOS}.
 *
 * <p>A scenario either runs itself ({@link CrashScenario}) or an experiment ({@code *Experiment}, e.g.
 * {@link RebalanceExperiment}): the same run with typed parameters and a typed result, which the tests call directly;
 * the scenario only turns {@link ChaosOptions} into its parameters and its result into a {@link ChaosReport}.
 */
public abstract class ChaosScenario {
    private final String name;
    private final String description;
    private final long defaultEvents;

    /**
     * @param name          the name on the command line, e.g. {@code crash}
     * @param description   one line for {@code --help}: what is broken and what must still hold
     * @param defaultEvents input events when {@code --events} is not given
     */
    protected ChaosScenario(final String name, final String description, final long defaultEvents) {
        this.name = name;
        this.description = description;
        this.defaultEvents = defaultEvents;
    }

    /** The name on the command line, e.g. {@code crash}. */
    public final String name() {
        return name;
    }

    /** One line for {@code --help}: what is broken and what must still hold. */
    public final String description() {
        return description;
    }

    /** Input events when {@code --events} is not given. */
    public final long defaultEvents() {
        return defaultEvents;
    }

    /** Whether it loads its input keyed as {@link ChaosOptions#keying()} says; if not, it only takes the default. */
    public boolean honoursKeying() {
        return false;
    }

    /**
     * Runs the scenario once.
     *
     * @param options the command line's settings (events, seed, work directory, scenario parameters)
     * @param log     progress lines for the operator (the report is printed by the command)
     * @return the figures and the number of mismatches found; the command exits 0 only when there are none
     */
    public abstract ChaosReport run(ChaosOptions options, ChaosLog log) throws Exception;
}
