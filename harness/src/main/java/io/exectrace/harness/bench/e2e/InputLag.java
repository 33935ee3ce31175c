package io.exectrace.harness.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer lag of one group on the pre-loaded (and no longer growing) input topic: the end offsets are read
 * once, the group's committed offsets on every call.
 */
final class InputLag {
    /** How often {@link #watch} looks at the group's committed offsets. */
    static final long POLL_MILLIS = 50;

    private final Admin admin;
    private final Map<TopicPartition, Long> endOffsets;

    InputLag(final Admin admin, final Map<TopicPartition, Long> endOffsets) {
        this.admin = admin;
        this.endOffsets = Map.copyOf(endOffsets);
    }

    /** Input records the group has committed (0 while the group does not exist yet). */
    long committed(final String groupId) throws InterruptedException {
        final Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        } catch (final ExecutionException e) {
            // The group does not exist yet while the application starts.
            return 0;
        }
        long sum = 0;
        for (final TopicPartition partition : endOffsets.keySet()) {
            final OffsetAndMetadata offset = committed.get(partition);
            sum += offset == null ? 0 : offset.offset();
        }
        return sum;
    }

    /** Records of the input topic the group has not committed yet. */
    long of(final String groupId) throws InterruptedException {
        return total() - committed(groupId);
    }

    /** Records in the input topic. */
    long total() {
        long total = 0;
        for (final long end : endOffsets.values()) {
            total += end;
        }
        return total;
    }

    /**
     * Samples the group's committed offsets (whether the application is stable, and the CPU time of its threads
     * in this JVM, whose names hold the group id, which is its application id; the JVM's live heap) every
     * {@link #POLL_MILLIS}
     * until it has committed the whole input; the samples feed {@link SteadyState#of}.
     */
    List<SteadyState.Sample> watch(final String groupId, final long timeoutNanos, final BooleanSupplier stable,
                                   final Runnable whileWaiting) throws InterruptedException {
        final long deadline = System.nanoTime() + timeoutNanos;
        final long total = total();
        final List<SteadyState.Sample> samples = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            final long before = System.nanoTime();
            final boolean running = stable.getAsBoolean();
            final long committed = committed(groupId);
            // The committed offsets were read some time between the request and the answer.
            samples.add(new SteadyState.Sample((before + System.nanoTime()) / 2, committed, running,
                    AppThreadCpu.nanos(groupId), LiveHeap.afterLastGc()));
            if (committed >= total) {
                return samples;
            }
            whileWaiting.run();
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException(groupId + " did not consume the input within "
                + timeoutNanos / 1_000_000_000 + " s (lag " + of(groupId) + ")");
    }
}
