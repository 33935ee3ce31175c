package io.exectrace.broker;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Creates a topic and returns once the leader of every partition answers for it. A producer that writes before then
 * can be refused with NOT_LEADER_OR_FOLLOWER or UNKNOWN_TOPIC_OR_PARTITION, and an idempotent one whose batch was
 * appended after all can then retry OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout (seen in CI).
 */
public final class TopicCreation {

    private static final long RETRY_PAUSE_MILLIS = 20;

    private TopicCreation() {
    }

    /**
     * Creates {@code topic} (whose partition count must be given) and waits, up to {@code timeout} in all, until a
     * ListOffsets request for each of its partitions is answered, which only the partition's leader does.
     *
     * @throws IllegalStateException if the topic cannot be created (it exists already, say) or a partition has no
     *                               answering leader within the timeout
     */
    public static void createAndAwaitLeaders(final Admin admin, final NewTopic topic, final Duration timeout)
            throws InterruptedException {
        if (topic.numPartitions() < 1) {
            throw new IllegalArgumentException("topic " + topic.name() + " needs an explicit partition count");
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException | TimeoutException e) {
            final Throwable cause = causeOf(e);
            throw new IllegalStateException("cannot create topic " + topic.name() + ": " + cause.getMessage(), cause);
        }
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < topic.numPartitions(); p++) {
            latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
        }
        while (true) {
            final long left = deadline - System.nanoTime();
            // A broker learns of a new topic from the metadata log a moment after the controller confirmed it, so
            // every failure until the deadline (unknown partition, no leader, not the leader) is worth one more try.
            try {
                admin.listOffsets(latest).all().get(Math.max(1, left), TimeUnit.NANOSECONDS);
                return;
            } catch (final ExecutionException | TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    final Throwable cause = causeOf(e);
                    throw new IllegalStateException("topic " + topic.name() + ": no answering leader for every"
                            + " partition within " + timeout.toSeconds() + " s: " + cause.getMessage(), cause);
                }
            }
            Thread.sleep(RETRY_PAUSE_MILLIS);
        }
    }

    /** What the broker answered (an execution's cause), or the timeout itself. */
    private static Throwable causeOf(final Exception e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }
}
