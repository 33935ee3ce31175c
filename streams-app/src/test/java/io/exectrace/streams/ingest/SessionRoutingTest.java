package io.exectrace.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ParseErrorReason;
import io.exectrace.streams.testing.Lines;
import io.exectrace.streams.testing.TopologyHarness;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class SessionRoutingTest {

    @Test
    void correctlyKeyedRecordsNeverTouchTheRepartitionTopic() {
        try (TopologyHarness harness = new TopologyHarness()) {
            for (int i = 0; i < 50; i++) {
                harness.send("run-" + (i % 5), Lines.intent("run-" + (i % 5), Lines.T0.plusSeconds(i)));
            }
            assertThat(harness.repartition.isEmpty()).isTrue();
            assertThat(harness.timelineIndex().get("run-3").count()).isEqualTo(10);
        }
    }

    @Test
    void recordsWithoutKeyOrWithAWrongKeyAreRekeyedToTheirSession() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.send(null, Lines.intent("run-a", Lines.T0));
            harness.send("some-other-key", Lines.intent("run-a", Lines.T0.plusSeconds(1)));
            harness.send("run-a", Lines.intent("run-a", Lines.T0.plusSeconds(2)));

            final var rekeyed = harness.repartition.readRecordsToList();
            assertThat(rekeyed).extracting(TestRecord::key).containsExactly("run-a", "run-a");
            assertThat(rekeyed).allSatisfy(r -> assertThat(r.value().event().sessionId()).isEqualTo("run-a"));
            // The rekeyed two wait in the reorder stage until the input partition's progress has passed them; the
            // keyed third waits behind them (its session has records waiting).
            assertThat(harness.timeline("run-a")).isEmpty();
            harness.releaseReordered();
            // All three end up in the one session's timeline, in event-time order.
            assertThat(harness.timeline("run-a")).extracting(e -> e.tsMicros())
                    .containsExactly(Lines.T0.toEpochMilli() * 1000, Lines.T0.plusSeconds(1).toEpochMilli() * 1000,
                            Lines.T0.plusSeconds(2).toEpochMilli() * 1000);
            assertThat(harness.timelineIndex().get("some-other-key")).isNull();
        }
    }

    @Test
    void invalidRecordsAreAttributedToTheirKeyElseToTheSessionHint() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.send("run-b", "garbage");
            assertThat(harness.repartition.isEmpty()).isTrue();
            assertThat(harness.summaries().get("run-b").parseErrors()).isEqualTo(1);

            harness.send(null, "{\"session_id\": \"run-c\", \"kind\": \"fill\"}");
            final var rekeyed = harness.repartition.readRecord();
            assertThat(rekeyed.key()).isEqualTo("run-c");
            assertThat(rekeyed.value().parseError()).isEqualTo(ParseErrorReason.MISSING_TS);

            harness.send(null, "garbage without any session");
            assertThat(harness.repartition.isEmpty()).isTrue();
            assertThat(harness.dlq.readRecordsToList()).hasSize(3);
        }
    }

    @Test
    void aCorrectKeyInTheWrongPartitionIsRepartitionedToo() {
        // The test driver delivers every input record on partition 0. With 3 input partitions a session whose
        // default-partitioner partition is 0 is at home; any other one was produced by a different partitioner
        // (e.g. librdkafka's) and must move, or its state would be split across two tasks.
        final String home = sessionWithPartition(0);
        final String elsewhere = sessionWithPartition(2);
        try (TopologyHarness harness = new TopologyHarness(Map.of(), 3, Lines.T0)) {
            harness.send(home, Lines.intent(home, Lines.T0));
            assertThat(harness.repartition.isEmpty()).isTrue();
            harness.send(elsewhere, Lines.intent(elsewhere, Lines.T0));
            assertThat(harness.repartition.readRecord().key()).isEqualTo(elsewhere);
        }
    }

    private static String sessionWithPartition(final int partition) {
        for (int i = 0; ; i++) {
            final String candidate = "session-" + i;
            if (BuiltInPartitioner.partitionForKey(candidate.getBytes(StandardCharsets.UTF_8), 3) == partition) {
                return candidate;
            }
        }
    }
}
