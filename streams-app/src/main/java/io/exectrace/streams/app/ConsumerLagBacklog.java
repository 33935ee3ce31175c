package io.exectrace.streams.app;

import io.exectrace.streams.correlation.InputBacklog;

import java.util.Map;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.TaskId;

/**
 * A task's input backlog from its consumer's lag on the input topic partition it reads (the
 * {@code records-lag} metric, updated on every fetch). No metric yet (the partition was not fetched since the
 * start) counts as waiting input: the task does not know yet that it is caught up.
 */
final class ConsumerLagBacklog implements InputBacklog {
    private static final String GROUP = "consumer-fetch-manager-metrics";
    private static final String LAG = "records-lag";

    private final String inputTopic;
    private volatile KafkaStreams streams;

    ConsumerLagBacklog(final String inputTopic) {
        this.inputTopic = inputTopic;
    }

    void attach(final KafkaStreams running) {
        this.streams = running;
    }

    @Override
    public Boolean pending(final TaskId task) {
        final KafkaStreams current = streams;
        if (current == null) {
            return Boolean.TRUE;
        }
        final String partition = Integer.toString(task.partition());
        for (final Map.Entry<MetricName, ? extends Metric> e : current.metrics().entrySet()) {
            final MetricName name = e.getKey();
            if (LAG.equals(name.name()) && GROUP.equals(name.group())
                    && inputTopic.equals(name.tags().get("topic"))
                    && partition.equals(name.tags().get("partition"))) {
                final Object value = e.getValue().metricValue();
                return !(value instanceof Number lag) || Double.isNaN(lag.doubleValue()) || lag.doubleValue() > 0;
            }
        }
        return Boolean.TRUE;
    }
}
