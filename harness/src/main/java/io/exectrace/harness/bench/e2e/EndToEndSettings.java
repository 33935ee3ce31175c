package io.exectrace.harness.bench.e2e;

import io.exectrace.harness.chaos.InputKeying;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link EndToEndBenchmark} measures.
 *
 * @param records          synthetic records pre-loaded into the input topic
 * @param sessions         sessions they are spread over
 * @param partitions       partitions of the input topic
 * @param runs             rounds of the whole comparison; figures are the median and min–max over them
 * @param bootstrapServers a cluster to use, or null for an embedded broker in this process
 * @param guarantees       processing guarantees to compare, e.g. exactly_once_v2 and at_least_once
 * @param threads          stream thread counts to compare
 * @param workDir          where the embedded broker's log and the state directories go
 * @param seed             the generator's seed (the same seed gives the same input)
 * @param baselineParse    how baselines 2 and 3 parse each line
 * @param formerBaseline2  also run baseline 2 as it was before issue #23 in every round (for comparison)
 * @param keying           how the pre-loaded input is keyed ({@code --key}): by session id, or otherwise so that
 *                         exectrace's reorder stage orders it (the baselines read the same topic: they do not use
 *                         the key)
 * @param reconcile        exectrace reconciles the generator's venues ({@code --reconcile}): the venue's fills of
 *                         the generated orders are pre-loaded into a venue-fills topic as well
 */
public record EndToEndSettings(long records, int sessions, int partitions, int runs, String bootstrapServers,
                               List<String> guarantees, List<Integer> threads, Path workDir, long seed,
                               SessionIds baselineParse, boolean formerBaseline2, InputKeying keying,
                               boolean reconcile) {

    /** A steady-state window shorter than this is flagged in the report: too short to trust its rate. */
    public static final double MIN_STEADY_SECONDS = 20;

    public EndToEndSettings {
        if (records <= 0 || sessions <= 0 || partitions <= 0 || runs <= 0) {
            throw new IllegalArgumentException("records, sessions, partitions and runs must be positive");
        }
        if (guarantees.isEmpty() || threads.isEmpty()) {
            throw new IllegalArgumentException("at least one guarantee and one thread count");
        }
        java.util.Objects.requireNonNull(keying, "keying");
        guarantees = List.copyOf(guarantees);
        threads = List.copyOf(threads);
    }

    /** With the baselines' default parse (Jackson's streaming parser over the whole line), keyed by session. */
    public EndToEndSettings(final long records, final int sessions, final int partitions, final int runs,
                            final String bootstrapServers, final List<String> guarantees, final List<Integer> threads,
                            final Path workDir, final long seed) {
        this(records, sessions, partitions, runs, bootstrapServers, guarantees, threads, workDir, seed,
                SessionIds.STREAM, false, InputKeying.SESSION, false);
    }
}
