package io.exectrace.streams.app;

import io.exectrace.streams.ingest.InputBacklog;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.exectrace.streams.ingest.ProcessedOffsets;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.TaskId;

/**
 * A task's input backlog: its consumer's lag on the input topic partition it reads (the {@code records-lag}
 * metric, updated when a fetch returns the partition; none yet counts as waiting input unless the broker's end
 * offsets, asked every 100 ms, say the task has read everything), and the records the consumer has
 * fetched for the task that its processors have not handled yet (the task's end offsets, the last fetched offset
 * per partition, against the {@link ProcessedOffsets} its processors note). The lag alone would call a task caught
 * up while a whole fetch still waits in its buffer.
 */
final class ConsumerLagBacklog implements InputBacklog {
    private static final String GROUP = "consumer-fetch-manager-metrics";
    private static final String LAG = "records-lag";

    private final String inputTopic;
    private volatile KafkaStreams streams;
    private volatile InputEndOffsets endOffsets;
    private final ConcurrentHashMap<TaskId, ProcessedOffsets> processed = new ConcurrentHashMap<>();
    private final Set<Integer> catchingUp = ConcurrentHashMap.newKeySet();

    ConsumerLagBacklog(final String inputTopic) {
        this.inputTopic = inputTopic;
    }

    void attach(final KafkaStreams running, final InputEndOffsets inputEnds) {
        this.streams = running;
        this.endOffsets = inputEnds;
    }

    @Override
    public Boolean pending(final TaskId task) {
        final KafkaStreams current = streams;
        if (current == null) {
            return Boolean.TRUE;
        }
        final TaskMetadata active = activeTask(current, task);
        if (active == null) {
            return Boolean.TRUE;
        }
        // Cheapest first: under load the broker's end offsets answer at once. The lag metric, only as fresh as the
        // thread's last poll, is read last: finding it means walking every metric of the instance.
        final InputEndOffsets ends = endOffsets;
        if (ends != null && ends.endsAfter(task.partition(), nextInputOffset(active, task))) {
            return Boolean.TRUE;
        }
        // No recent answer from the cluster: records may be waiting where neither the end offsets nor the consumer
        // (whose lag metric keeps its last value) can see them; silence says nothing then (the cluster scenario
        // idle-closed a live session while the input partition's leader moved).
        if (ends != null && !ends.freshAt(System.currentTimeMillis())) {
            return Boolean.TRUE;
        }
        return fetchedButNotProcessed(active, task)
                || lagPending(consumerLag(current.metrics(), inputTopic, task.partition()), ends != null);
    }

    @Override
    public String explain(final TaskId task) {
        final KafkaStreams current = streams;
        final TaskMetadata active = current == null ? null : activeTask(current, task);
        if (active == null) {
            return current == null ? "the app is not running" : "the task is not active in this instance";
        }
        final InputEndOffsets ends = endOffsets;
        final long next = nextInputOffset(active, task);
        final ProcessedOffsets done = processed.get(task);
        return "next input offset " + next
                + (ends == null ? "" : ", input ends after it: " + ends.endsAfter(task.partition(), next)
                        + ", end offsets fresh: " + ends.freshAt(System.currentTimeMillis()))
                + ", fetched " + active.endOffsets() + ", committed " + active.committedOffsets()
                + ", processed " + (done == null ? "nothing" : done)
                + ", fetched but not processed: " + fetchedButNotProcessed(active, done)
                + ", consumer lag: " + consumerLag(current.metrics(), inputTopic, task.partition());
    }

    @Override
    public boolean buffered(final TaskId task) {
        final KafkaStreams current = streams;
        final TaskMetadata active = current == null ? null : activeTask(current, task);
        return active != null && fetchedButNotProcessed(active, task);
    }

    /**
     * From the broker's end offsets ({@link InputEndOffsets}): the newest time the partition ended where the task's
     * reading stands (the next offset after what it processed, or its committed offset when further).
     */
    @Override
    public long inputReadUpToAt(final TaskId task, final long nowWallMillis) {
        final KafkaStreams current = streams;
        final InputEndOffsets ends = endOffsets;
        if (current == null || ends == null) {
            return Long.MIN_VALUE;
        }
        return ends.readUpToAt(task.partition(), nextInputOffset(activeTask(current, task), task));
    }

    @Override
    public void catchingUp(final TaskId task, final boolean stillCatchingUp) {
        if (stillCatchingUp) {
            catchingUp.add(task.partition());
        } else {
            catchingUp.remove(task.partition());
        }
    }

    /** Whether this instance's task of input partition {@code partition} is still catching up (see the interface). */
    boolean catchingUp(final int partition) {
        return catchingUp.contains(partition);
    }

    @Override
    public ProcessedOffsets offsets(final TaskId task) {
        return processed.computeIfAbsent(task, t -> new ProcessedOffsets());
    }

    /**
     * Whether the consumer's lag says input waits. A lag above 0 does. No lag known (the consumer records it only
     * when a fetch returns the partition, and a partition with nothing new may never be returned to a task that
     * started after its input ended) is decided by the broker's end offsets when they were asked: fresh, and not past
     * the task's reading (checked before). Without them an unknown lag counts as waiting. Taking the missing metric
     * for waiting held the idle clock of such a task forever: its sessions were never idle-closed (cluster scenario).
     */
    static boolean lagPending(final OptionalDouble lag, final boolean endOffsetsDecide) {
        return lag.isPresent() ? lag.getAsDouble() > 0 : !endOffsetsDecide;
    }

    /** The consumer's {@code records-lag} of the input partition, empty when it has none (or not a number). */
    static OptionalDouble consumerLag(final Map<MetricName, ? extends Metric> metrics, final String topic,
                                      final int partition) {
        final String partitionTag = Integer.toString(partition);
        for (final Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            final MetricName name = e.getKey();
            if (LAG.equals(name.name()) && GROUP.equals(name.group()) && topic.equals(name.tags().get("topic"))
                    && partitionTag.equals(name.tags().get("partition"))) {
                final Object value = e.getValue().metricValue();
                return value instanceof Number lag && !Double.isNaN(lag.doubleValue())
                        ? OptionalDouble.of(lag.doubleValue()) : OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    /** The task's metadata if it is active in this instance, else null. */
    private static TaskMetadata activeTask(final KafkaStreams current, final TaskId task) {
        for (final ThreadMetadata thread : current.metadataForLocalThreads()) {
            for (final TaskMetadata active : thread.activeTasks()) {
                if (active.taskId().equals(task)) {
                    return active;
                }
            }
        }
        return null;
    }

    /**
     * Whether the consumer fetched records for the task beyond what its processors have handled. A record counts
     * as handled below the task's committed offset too: a task revived after a failure keeps the highest offsets
     * its consumer had seen while its processors start noting afresh, and it resumes at the commit, so records
     * seen before the failure and committed would otherwise look unprocessed forever (its idle clock stopped).
     */
    private boolean fetchedButNotProcessed(final TaskMetadata active, final TaskId task) {
        return fetchedButNotProcessed(active, processed.get(task));
    }

    static boolean fetchedButNotProcessed(final TaskMetadata active, final ProcessedOffsets done) {
        for (final Map.Entry<TopicPartition, Long> end : active.endOffsets().entrySet()) {
            final long next = done == null ? 0 : done.last(end.getKey().topic()) + 1;
            final Long committed = active.committedOffsets().get(end.getKey());
            if (end.getValue() >= (committed == null ? next : Math.max(next, committed))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next input offset the task will read: after what it processed, or its committed offset when further
     * ({@code active} null: what it processed alone).
     */
    private long nextInputOffset(final TaskMetadata active, final TaskId task) {
        final ProcessedOffsets done = processed.get(task);
        final long next = done == null ? 0 : done.last(inputTopic) + 1;
        final Long committed = active == null ? null
                : active.committedOffsets().get(new TopicPartition(inputTopic, task.partition()));
        return committed == null ? next : Math.max(next, committed);
    }
}
