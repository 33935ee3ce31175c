package io.exectrace.streams.reorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseErrorReason;
import io.exectrace.events.ParseResult;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.testing.Lines;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge of input partitions by arrival time: what leaves, in which order, and when. */
class ReorderBufferTest {

    private static final ExecutionEventParser PARSER = new ExecutionEventParser();

    static ExecutionEvent intent(final String session, final long secondsAfterT0) {
        final String line = Lines.intent(session, Lines.T0.plusSeconds(secondsAfterT0));
        return ((ParseResult.Valid) PARSER.parse(line.getBytes(StandardCharsets.UTF_8))).event();
    }

    static ReorderBuffer.Entry entry(final String session, final long tsSeconds, final int partition,
                                     final long offset, final long arrival) {
        final SessionInput input = SessionInput.valid(intent(session, tsSeconds)).arrivedAt(arrival)
                .readFrom(partition, offset);
        return new ReorderBuffer.Entry(session, input, arrival);
    }

    private static List<String> released(final ReorderBuffer buffer) {
        final List<String> out = new ArrayList<>();
        buffer.release(e -> out.add(e.partition() + "@" + e.offset()));
        return out;
    }

    @Test
    void nothingLeavesUntilEveryPartitionHasReported() {
        final ReorderBuffer buffer = new ReorderBuffer(3);
        buffer.add(entry("s", 0, 0, 0, 100));
        buffer.mark(0, 500);
        buffer.mark(1, 500);
        assertThat(buffer.watermark()).isEqualTo(Long.MIN_VALUE);
        assertThat(released(buffer)).isEmpty();
        buffer.mark(2, 101);
        assertThat(buffer.watermark()).isEqualTo(101);
        assertThat(released(buffer)).containsExactly("0@0");
        assertThat(buffer.size()).isZero();
    }

    @Test
    void partitionsMergeByArrivalAndARecordAtTheWatermarkWaits() {
        final ReorderBuffer buffer = new ReorderBuffer(2);
        // partition 1 was read first, far ahead of partition 0
        buffer.add(entry("s", 3, 1, 0, 103));
        buffer.add(entry("s", 4, 1, 1, 104));
        buffer.add(entry("s", 1, 0, 7, 101));
        buffer.add(entry("s", 2, 0, 8, 102));
        buffer.mark(1, 104);
        buffer.mark(0, 103);
        // every partition is past 102, not past 103 (more records stamped 103 may follow in partition 0)
        assertThat(released(buffer)).containsExactly("0@7", "0@8");
        buffer.mark(0, 110);
        assertThat(released(buffer)).containsExactly("1@0");
        buffer.mark(1, 111);
        assertThat(released(buffer)).containsExactly("1@1");
    }

    @Test
    void aPartitionKeepsItsOffsetOrderEvenWhenItsTimestampsGoBack() {
        final ReorderBuffer buffer = new ReorderBuffer(2);
        buffer.add(entry("s", 0, 0, 1, 200));
        buffer.add(entry("s", 0, 0, 2, 150));
        buffer.add(entry("s", 0, 1, 1, 180));
        buffer.mark(0, 300);
        buffer.mark(1, 300);
        // 0@2 (150) may not overtake 0@1 (200); 1@1 (180) goes before 0@1
        assertThat(released(buffer)).containsExactly("1@1", "0@1", "0@2");
    }

    @Test
    void recordsOfOneMillisecondGoByEventTimeThenPartition() {
        final ReorderBuffer buffer = new ReorderBuffer(3);
        buffer.add(entry("s", 9, 0, 0, 100));
        buffer.add(entry("s", 5, 2, 0, 100));
        buffer.add(entry("s", 5, 1, 0, 100));
        for (int p = 0; p < 3; p++) {
            buffer.mark(p, 101);
        }
        assertThat(released(buffer)).containsExactly("1@0", "2@0", "0@0");
    }

    @Test
    void invalidRecordsTakeTheirPlaceByArrival() {
        final ReorderBuffer buffer = new ReorderBuffer(1);
        buffer.add(new ReorderBuffer.Entry("s",
                SessionInput.invalid(ParseErrorReason.MISSING_TS).arrivedAt(100).readFrom(0, 3), 0));
        buffer.add(entry("s", 0, 0, 4, 100));
        buffer.mark(0, 101);
        assertThat(released(buffer)).containsExactly("0@3", "0@4");
    }

    @Test
    void aRecordBehindTheWatermarkIsLateAndLeavesAtOnce() {
        final ReorderBuffer buffer = new ReorderBuffer(1);
        buffer.mark(0, 500);
        assertThat(buffer.isLate(400)).isTrue();
        assertThat(buffer.isLate(500)).isFalse();
        buffer.add(entry("s", 0, 0, 1, 400));
        assertThat(released(buffer)).containsExactly("0@1");
    }

    @Test
    void theBufferKnowsWhichSessionsWaitAndWhichEntriesAreStillIn() {
        final ReorderBuffer buffer = new ReorderBuffer(1);
        final ReorderBuffer.Entry a = entry("a", 0, 0, 1, 100);
        buffer.add(a);
        buffer.add(entry("a", 1, 0, 2, 100));
        buffer.add(entry("b", 1, 0, 3, 200));
        assertThat(buffer.holds("a")).isTrue();
        assertThat(buffer.holds("c")).isFalse();
        assertThat(buffer.contains(a)).isTrue();
        buffer.mark(0, 101);
        assertThat(released(buffer)).containsExactly("0@1", "0@2");
        assertThat(buffer.holds("a")).isFalse();
        assertThat(buffer.holds("b")).isTrue();
        assertThat(buffer.contains(a)).isFalse();
        // the same partition and offset again (a redelivery) replaces the waiting one
        buffer.add(entry("b", 1, 0, 3, 200));
        assertThat(buffer.size()).isEqualTo(1);
    }

    @Test
    void orderableNeedsPartitionOffsetAndArrivalWithinTheInputsPartitions() {
        final ReorderBuffer buffer = new ReorderBuffer(2);
        final SessionInput plain = SessionInput.valid(intent("s", 0));
        assertThat(buffer.orderable(plain)).isFalse();
        assertThat(buffer.orderable(plain.arrivedAt(5))).isFalse();
        assertThat(buffer.orderable(plain.arrivedAt(5).readFrom(1, 0))).isTrue();
        assertThat(buffer.orderable(plain.arrivedAt(5).readFrom(2, 0))).isFalse();
    }
}
