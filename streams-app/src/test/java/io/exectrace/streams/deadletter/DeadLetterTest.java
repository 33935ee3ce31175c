package io.exectrace.streams.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.testing.Lines;
import io.exectrace.streams.testing.TopologyHarness;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private final TopologyHarness harness = new TopologyHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void invalidRecordGoesToTheDlqByteForByteWithWhyAndWhereHeaders() {
        final byte[] garbage = {'{', '"', 't', 's', (byte) 0xFF, (byte) 0xFE, 0, '\n'};
        final RecordHeaders original = new RecordHeaders();
        original.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        final Instant recordTime = Instant.parse("2026-01-02T03:04:05.678Z");
        harness.input.pipeInput(new TestRecord<>("k-1".getBytes(StandardCharsets.UTF_8), garbage, original,
                recordTime));

        final TestRecord<byte[], byte[]> dead = harness.dlq.readRecord();
        assertThat(dead.value()).containsExactly(garbage);
        assertThat(dead.key()).containsExactly("k-1".getBytes(StandardCharsets.UTF_8));
        assertThat(dead.timestamp()).isEqualTo(recordTime.toEpochMilli());
        assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.REASON)).isEqualTo("invalid_json");
        assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.DETAIL)).isNotBlank();
        assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_TOPIC)).isEqualTo("execution-events");
        assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(DlqHeaders.text(dead.headers(), DlqHeaders.SOURCE_TIMESTAMP))
                .isEqualTo(Long.toString(recordTime.toEpochMilli()));
        assertThat(DlqHeaders.text(dead.headers(), "trace")).isEqualTo("abc");
        assertThat(harness.dlq.isEmpty()).isTrue();
    }

    @Test
    void eachInvalidRecordIsCountedInTotalAndPerReasonAndValidOnesAreNot() {
        harness.send("s", Lines.intent("s", Lines.T0));
        harness.send("s", "not json at all");
        harness.send(null, "{\"session_id\": \"s\", \"kind\": \"intent\"}");
        harness.send("s", "[1, 2]");
        harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(1)));
        harness.sendBytes(null, null, Lines.T0);
        harness.send("s", "{\"ts\": \"yesterday\", \"session_id\": \"s\", \"kind\": \"intent\"}");

        final List<TestRecord<byte[], byte[]>> dead = harness.dlq.readRecordsToList();
        assertThat(dead).extracting(r -> DlqHeaders.text(r.headers(), DlqHeaders.REASON))
                .containsExactly("invalid_json", "missing_ts", "not_an_object", "empty", "bad_ts");
        assertThat(dead).extracting(r -> DlqHeaders.text(r.headers(), DlqHeaders.SOURCE_OFFSET))
                .containsExactly("1", "2", "3", "5", "6");
        assertThat(dead.get(3).value()).isNull();
        assertThat(ParseErrorTotals.read(harness.parseErrors())).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "total", 5L, "invalid_json", 1L, "missing_ts", 1L, "not_an_object", 1L, "empty", 1L, "bad_ts", 1L));
    }

    @Test
    void validEventsAreTimestampedWithTheirEventTime() {
        final Instant eventTime = Instant.parse("2025-12-20T10:00:00.150Z");
        // Mis-keyed, so the record shows up on the repartition topic with the timestamp the extractor gave it.
        harness.send(null, Lines.intent("s", eventTime), Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(harness.repartition.readRecord().timestamp()).isEqualTo(eventTime.toEpochMilli());
    }
}
