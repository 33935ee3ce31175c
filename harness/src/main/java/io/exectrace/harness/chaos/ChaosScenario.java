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
public interface ChaosScenario {

    /** The name on the command line, e.g. {@code crash}. */
    String name();

    /** One line for {@code --help}: what is broken and what must still hold. */
    String description();

    /** Input events when {@code --events} is not given. */
    long defaultEvents();

    /** Whether it loads its input keyed as {@link ChaosOptions#keying()} says; if not, it only takes the default. */
    default boolean honoursKeying() {
        return false;
    }

    /**
     * Runs the scenario once.
     *
     * @param options the command line's settings (events, seed, work directory, scenario parameters)
     * @param log     progress lines for the operator (the report is printed by the command)
     * @return the figures and the number of mismatches found; the command exits 0 only when there are none
     */
    ChaosReport run(ChaosOptions options, ChaosLog log) throws Exception;
}
