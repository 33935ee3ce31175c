package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.ingest.ProcessedOffsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * Records the consumer fetched for a task but its processors did not handle yet. The case that stopped idle clocks
 * in the cluster chaos scenario: a task revived after a failure keeps the highest offset its consumer had seen,
 * its processors note afresh, and it resumes at a commit past that offset, so nothing more ever comes.
 */
class ConsumerLagBacklogTest {
    private static final TopicPartition INPUT = new TopicPartition("execution-events", 2);

    private record Metadata(Map<TopicPartition, Long> committedOffsets, Map<TopicPartition, Long> endOffsets)
            implements TaskMetadata {
        @Override
        public TaskId taskId() {
            return new TaskId(0, 2);
        }

        @Override
        public Set<TopicPartition> topicPartitions() {
            return Set.of(INPUT);
        }

        @Override
        public Optional<Long> timeCurrentIdlingStarted() {
            return Optional.empty();
        }
    }

    @Test
    void aFetchedRecordNotYetProcessedIsWaiting() {
        final ProcessedOffsets done = new ProcessedOffsets();
        done.note(INPUT.topic(), 1_500);

        assertThat(ConsumerLagBacklog.fetchedButNotProcessed(
                new Metadata(Map.of(INPUT, 1_200L), Map.of(INPUT, 1_599L)), done)).isTrue();
    }

    @Test
    void everyFetchedRecordProcessedIsNotWaiting() {
        final ProcessedOffsets done = new ProcessedOffsets();
        done.note(INPUT.topic(), 1_599);

        assertThat(ConsumerLagBacklog.fetchedButNotProcessed(
                new Metadata(Map.of(INPUT, 1_200L), Map.of(INPUT, 1_599L)), done)).isFalse();
    }

    @Test
    void aRevivedTaskWhoseCommitIsPastWhatItHadSeenIsNotWaiting() {
        final ProcessedOffsets afterRevive = new ProcessedOffsets();

        assertThat(ConsumerLagBacklog.fetchedButNotProcessed(
                new Metadata(Map.of(INPUT, 1_600L), Map.of(INPUT, 1_599L)), afterRevive)).isFalse();
        assertThat(ConsumerLagBacklog.fetchedButNotProcessed(
                new Metadata(Map.of(INPUT, 1_550L), Map.of(INPUT, 1_599L)), afterRevive))
                .as("records seen past the commit still wait").isTrue();
    }

    @Test
    void aTaskThatNotedNothingAndHasNoCommitIsWaitingForWhatItFetched() {
        assertThat(ConsumerLagBacklog.fetchedButNotProcessed(
                new Metadata(Map.of(), Map.of(INPUT, 0L)), null)).isTrue();
    }

    @Test
    void noLagMetricWithTheBrokersEndOffsetsAtHandIsDecidedByThem() {
        // A task started after its input ended fetched nothing: its consumer never recorded a lag for the partition.
        final Map<MetricName, Metric> none = Map.of(lagMetric("execution-events", 1, 3.0).getKey(),
                lagMetric("execution-events", 1, 3.0).getValue());
        final OptionalDouble lag = ConsumerLagBacklog.consumerLag(none, INPUT.topic(), INPUT.partition());
        assertThat(lag).isEmpty();
        assertThat(ConsumerLagBacklog.lagPending(lag, true)).as("the end offsets said it read everything").isFalse();
        assertThat(ConsumerLagBacklog.lagPending(lag, false)).as("nothing else can tell").isTrue();
    }

    @Test
    void aKnownLagDecidesWhateverTheEndOffsets() {
        final Map.Entry<MetricName, Metric> behind = lagMetric(INPUT.topic(), INPUT.partition(), 12.0);
        final OptionalDouble lag = ConsumerLagBacklog.consumerLag(Map.of(behind.getKey(), behind.getValue()),
                INPUT.topic(), INPUT.partition());
        assertThat(lag).hasValue(12.0);
        assertThat(ConsumerLagBacklog.lagPending(lag, true)).isTrue();

        final Map.Entry<MetricName, Metric> caughtUp = lagMetric(INPUT.topic(), INPUT.partition(), 0.0);
        assertThat(ConsumerLagBacklog.lagPending(ConsumerLagBacklog.consumerLag(
                Map.of(caughtUp.getKey(), caughtUp.getValue()), INPUT.topic(), INPUT.partition()), false)).isFalse();

        final Map.Entry<MetricName, Metric> notANumber = lagMetric(INPUT.topic(), INPUT.partition(), Double.NaN);
        assertThat(ConsumerLagBacklog.consumerLag(Map.of(notANumber.getKey(), notANumber.getValue()),
                INPUT.topic(), INPUT.partition())).as("a lag not recorded yet is unknown").isEmpty();
    }

    private static Map.Entry<MetricName, Metric> lagMetric(final String topic, final int partition,
                                                          final double value) {
        final MetricName name = new MetricName("records-lag", "consumer-fetch-manager-metrics", "",
                Map.of("client-id", "c", "topic", topic, "partition", Integer.toString(partition)));
        final Metric metric = new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
        return Map.entry(name, metric);
    }
}
