package io.exectrace.streams.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.streams.testing.Lines;
import io.exectrace.streams.testing.TopologyHarness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TimelineTest {

    private static long micros(final Instant instant) {
        return instant.toEpochMilli() * 1_000L;
    }

    @Test
    void eventsComeBackInEventTimeOrderWhateverTheArrivalOrder() {
        try (TopologyHarness harness = new TopologyHarness()) {
            final int[] arrival = {5, 1, 4, 0, 3, 2};
            for (final int second : arrival) {
                harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(second)));
            }
            final List<ExecutionEvent> events = harness.timeline("s");
            assertThat(events).extracting(ExecutionEvent::tsMicros).containsExactly(
                    micros(Lines.T0), micros(Lines.T0.plusSeconds(1)), micros(Lines.T0.plusSeconds(2)),
                    micros(Lines.T0.plusSeconds(3)), micros(Lines.T0.plusSeconds(4)),
                    micros(Lines.T0.plusSeconds(5)));
        }
    }

    @Test
    void rangeIsInclusiveAndLimitedToTheSessionEvenWhenAnotherSessionIdExtendsIt() {
        try (TopologyHarness harness = new TopologyHarness()) {
            for (int second = 0; second < 10; second++) {
                harness.send("ab", Lines.intent("ab", Lines.T0.plusSeconds(second)));
                harness.send("abc", Lines.intent("abc", Lines.T0.plusSeconds(second)));
                harness.send("a", Lines.intent("a", Lines.T0.plusSeconds(second)));
            }
            final List<ExecutionEvent> events = TopologyHarness.events(harness.timeline(), "ab",
                    micros(Lines.T0.plusSeconds(2)), micros(Lines.T0.plusSeconds(5)));
            assertThat(events).extracting(ExecutionEvent::sessionId).containsOnly("ab");
            assertThat(events).extracting(ExecutionEvent::tsMicros).containsExactly(
                    micros(Lines.T0.plusSeconds(2)), micros(Lines.T0.plusSeconds(3)),
                    micros(Lines.T0.plusSeconds(4)), micros(Lines.T0.plusSeconds(5)));
        }
    }

    @Test
    void eventsAtTheSameTimeAreOrderedByFingerprintAndNoneIsLost() {
        try (TopologyHarness harness = new TopologyHarness()) {
            for (int i = 0; i < 7; i++) {
                // Same millisecond, different events: ordered by fingerprint, none lost.
                harness.send("s", Lines.intent("s", Lines.T0, "i-" + i));
            }
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(1), "late"));
            final List<ExecutionEvent> events = harness.timeline("s");
            assertThat(events).extracting(ExecutionEvent::intentId).hasSize(8).doesNotHaveDuplicates()
                    .endsWith("late");
            assertThat(events.subList(0, 7)).extracting(ExecutionEvent::fingerprint)
                    .isSortedAccordingTo(Long::compareUnsigned);
        }
    }

    @Test
    void aRedeliveryIsStoredOnceAndNotForwarded() {
        try (TopologyHarness harness = new TopologyHarness()) {
            final String line = Lines.intent("s", Lines.T0);
            harness.send("s", line);
            harness.send("s", line);
            harness.send(null, line);
            assertThat(harness.timelineIndex().get("s").count()).isEqualTo(1);
            assertThat(harness.timeline("s")).hasSize(1);
        }
    }

    @Test
    void aLateRedeliveryBehindNewerEventsIsStillStoredOnce() {
        try (TopologyHarness harness = new TopologyHarness()) {
            final String first = Lines.intent("s", Lines.T0, "i-1");
            final String newest = Lines.intent("s", Lines.T0.plusSeconds(5), "i-2");
            harness.send("s", first);
            harness.send("s", newest);
            harness.send("s", first);
            harness.send("s", newest);
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(2), "i-3"));
            assertThat(harness.timelineIndex().get("s").count()).isEqualTo(3);
            assertThat(harness.timeline("s")).extracting(ExecutionEvent::intentId)
                    .containsExactly("i-1", "i-3", "i-2");
        }
    }

    @Test
    void retentionExpiresOldEventsInEventTimeAndKeepsTheIndexTrue() {
        try (TopologyHarness harness = new TopologyHarness(Map.of("EXECTRACE_TIMELINE_RETENTION", "1h"), 1,
                Lines.T0)) {
            harness.send("old", Lines.intent("old", Lines.T0));
            harness.send("old", Lines.intent("old", Lines.T0.plusSeconds(60)));
            harness.send("kept", Lines.intent("kept", Lines.T0.plusSeconds(30)));
            harness.send("kept", Lines.intent("kept", Lines.T0.plus(Duration.ofMinutes(70))));
            // 90 min later: the cut-off is T0 + 30 min, so "old" goes entirely and "kept" keeps its late event.
            harness.send("new", Lines.intent("new", Lines.T0.plus(Duration.ofMinutes(90))));

            assertThat(harness.timelineIndex().get("old")).isNull();
            final TimelineIndexEntry kept = harness.timelineIndex().get("kept");
            assertThat(kept.count()).isEqualTo(1);
            assertThat(kept.minTsMicros()).isEqualTo(micros(Lines.T0.plus(Duration.ofMinutes(70))));
            assertThat(harness.timeline("old")).isEmpty();
            assertThat(harness.timeline("kept")).hasSize(1);

            // An event older than the cut-off is not stored at all.
            harness.send("old", Lines.intent("old", Lines.T0.plusSeconds(5)));
            assertThat(harness.timelineIndex().get("old")).isNull();
            long stored = 0;
            try (var all = harness.timeline().all()) {
                while (all.hasNext()) {
                    all.next();
                    stored++;
                }
            }
            assertThat(stored).isEqualTo(2);
        }
    }
}
