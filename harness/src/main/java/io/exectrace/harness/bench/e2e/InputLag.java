package io.exectrace.harness.bench.e2e;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer lag of one group on the pre-loaded (and no longer growing) input topic: the end offsets are read
 * once, the group's committed offsets on every call.
 */
final class InputLag {
    private final Admin admin;
    private final Map<TopicPartition, Long> endOffsets;

    InputLag(final Admin admin, final Map<TopicPartition, Long> endOffsets) {
        this.admin = admin;
        this.endOffsets = Map.copyOf(endOffsets);
    }

    /** Records of the input topic the group has not committed yet. */
    long of(final String groupId) throws InterruptedException {
        final Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        } catch (final ExecutionException e) {
            // The group does not exist yet while the application starts.
            return total();
        }
        long lag = 0;
        for (final Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            final OffsetAndMetadata offset = committed.get(end.getKey());
            lag += end.getValue() - (offset == null ? 0 : offset.offset());
        }
        return lag;
    }

    /** Records in the input topic. */
    long total() {
        long total = 0;
        for (final long end : endOffsets.values()) {
            total += end;
        }
        return total;
    }

    /** Polls every 50 ms until the group has committed the whole input; returns the nanoTime it saw that. */
    long awaitZero(final String groupId, final long timeoutNanos, final Runnable whileWaiting)
            throws InterruptedException {
        final long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            if (of(groupId) == 0) {
                return System.nanoTime();
            }
            whileWaiting.run();
            Thread.sleep(50);
        }
        throw new IllegalStateException(groupId + " did not consume the input within "
                + timeoutNanos / 1_000_000_000 + " s (lag " + of(groupId) + ")");
    }
}
