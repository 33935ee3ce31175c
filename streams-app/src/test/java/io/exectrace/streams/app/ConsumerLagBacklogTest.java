package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.ingest.ProcessedOffsets;
import java.util.Map;
import java.util.Optional;
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
}
