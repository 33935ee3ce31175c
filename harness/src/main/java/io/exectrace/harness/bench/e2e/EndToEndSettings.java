package io.exectrace.harness.bench.e2e;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link EndToEndBenchmark} measures.
 *
 * @param events           synthetic records pre-loaded into the input topic
 * @param sessions         sessions they are spread over
 * @param partitions       partitions of the input topic
 * @param runs             rounds of the whole comparison; figures are the median and min–max over them
 * @param bootstrapServers a cluster to use, or null for an embedded broker in this process
 * @param guarantees       processing guarantees to compare, e.g. exactly_once_v2 and at_least_once
 * @param threads          stream thread counts to compare
 * @param workDir          where the embedded broker's log and the state directories go
 * @param seed             the generator's seed (the same seed gives the same input)
 */
public record EndToEndSettings(long events, int sessions, int partitions, int runs, String bootstrapServers,
                               List<String> guarantees, List<Integer> threads, Path workDir, long seed) {

    public EndToEndSettings {
        if (events <= 0 || sessions <= 0 || partitions <= 0 || runs <= 0) {
            throw new IllegalArgumentException("events, sessions, partitions and runs must be positive");
        }
        if (guarantees.isEmpty() || threads.isEmpty()) {
            throw new IllegalArgumentException("at least one guarantee and one thread count");
        }
        guarantees = List.copyOf(guarantees);
        threads = List.copyOf(threads);
    }
}
