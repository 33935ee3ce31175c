package io.exectrace.streams.ingest;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the session repartition topic: records by their session key, as the default partitioner would (so a
 * session's records meet in one task), progress marks to every partition (every task must hear every input
 * partition's progress).
 */
public final class SessionRekeyPartitioner implements StreamPartitioner<String, SessionInput> {

    @Override
    public Optional<Set<Integer>> partitions(final String topic, final String key, final SessionInput value,
                                             final int numPartitions) {
        if (value != null && value.isProgress()) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
        }
        return Optional.empty();
    }
}
