package io.exectrace.streams.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.testing.Lines;
import io.exectrace.streams.testing.TopologyHarness;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

class HealthWindowsTest {

    private static final String KEY = HealthKey.of("paper", "s");
    private static final long T0 = Lines.T0.toEpochMilli();
    private static final long MINUTE = 60_000L;

    /**
     * The record-derived part of a window; the chain part follows the correlation rules (these intents without
     * orders time out as missing orders) and is tested in ChainAlertTest.
     */
    private static HealthCounts recordCounts(final HealthCounts counts) {
        return counts == null ? null : new HealthCounts(counts.events(), counts.errors(), counts.parseErrors(),
                counts.riskBlocks(), 0, 0, 0, 0, null);
    }

    @Test
    void oneMinuteWindowsCountEventsErrorsAndRiskBlocks() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(10)));
            harness.send("s", Lines.error("s", Lines.T0.plusSeconds(50)));
            harness.send("s", Lines.riskBlock("s", Lines.T0.plusSeconds(65)));
            assertThat(recordCounts(HealthViews.health1m(harness).fetch(KEY, T0)))
                    .isEqualTo(new HealthCounts(2, 1, 0, 0, 0, 0, 0, 0, null));
            assertThat(recordCounts(HealthViews.health1m(harness).fetch(KEY, T0 + MINUTE)))
                    .isEqualTo(new HealthCounts(1, 0, 0, 1, 0, 0, 0, 0, null));
        }
    }

    @Test
    void fiveMinuteWindowIsWrittenWhenTheSessionClockPassesItsEnd() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(10)));
            harness.send("s", Lines.error("s", Lines.T0.plusSeconds(50)));
            harness.send("s", Lines.riskBlock("s", Lines.T0.plusSeconds(65)));
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(299)));
            assertThat(HealthViews.health5m(harness).fetch(KEY, T0)).isNull();

            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(300)));
            assertThat(recordCounts(HealthViews.health5m(harness).fetch(KEY, T0)))
                    .isEqualTo(new HealthCounts(4, 1, 0, 1, 0, 0, 0, 0, null));
            // Windows hop by a minute: the one ending at 10:01 holds only the first minute.
            assertThat(recordCounts(HealthViews.health5m(harness).fetch(KEY, T0 - 4 * MINUTE)))
                    .isEqualTo(new HealthCounts(2, 1, 0, 0, 0, 0, 0, 0, null));
            assertThat(HealthViews.health5m(harness).fetch(KEY, T0 + MINUTE)).isNull();
        }
    }

    @Test
    void aLateEventRewritesTheClosedFiveMinuteWindowsItFallsIn() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(10)));
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(400)));
            assertThat(HealthViews.health5m(harness).fetch(KEY, T0).events()).isEqualTo(1);
            harness.send("s", Lines.error("s", Lines.T0.plusSeconds(70)));
            assertThat(recordCounts(HealthViews.health5m(harness).fetch(KEY, T0))).isEqualTo(new HealthCounts(2, 1, 0, 0, 0, 0, 0, 0, null));
            // [10:01, 10:06) holds only the late error; the 10:06:40 event is in no closed window yet.
            assertThat(recordCounts(HealthViews.health5m(harness).fetch(KEY, T0 + MINUTE)))
                    .isEqualTo(new HealthCounts(1, 1, 0, 0, 0, 0, 0, 0, null));
        }
    }

    @Test
    void parseErrorsCountInTheWindowOfTheSessionsLatestEventTime() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.send("s", "garbage before the first event", Instant.parse("2026-05-05T00:00:00Z"));
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(10)));
            harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(70)));
            harness.send("s", "garbage after", Instant.parse("2026-05-05T00:00:00Z"));
            assertThat(recordCounts(HealthViews.health1m(harness).fetch(KEY, T0))).isEqualTo(new HealthCounts(1, 0, 1, 0, 0, 0, 0, 0, null));
            assertThat(recordCounts(HealthViews.health1m(harness).fetch(KEY, T0 + MINUTE)))
                    .isEqualTo(new HealthCounts(1, 0, 1, 0, 0, 0, 0, 0, null));
        }
    }

    @Test
    void keysCarryModeAndSessionSoOneStoreServesBoth() {
        try (TopologyHarness harness = new TopologyHarness()) {
            harness.send("a", Lines.intent("a", Lines.T0.plusSeconds(1)));
            harness.send("b", Lines.error("b", Lines.T0.plusSeconds(2)));
            harness.send("c", "{\"ts\": \"" + Lines.T0.plusSeconds(3) + "\", \"run_id\": \"c\", \"mode\": \"live\", "
                    + "\"stage\": \"intent\", \"symbol\": \"X\", \"intent_id\": \"i\"}");
            final Set<String> keys = new TreeSet<>();
            try (KeyValueIterator<Windowed<String>, HealthCounts> all = HealthViews.health1m(harness).all()) {
                all.forEachRemaining(entry -> keys.add(entry.key.key()));
            }
            assertThat(keys).containsExactly(HealthKey.of("live", "c"), HealthKey.of("paper", "a"),
                    HealthKey.of("paper", "b"));
            assertThat(recordCounts(HealthViews.health1m(harness).fetch(HealthKey.of("paper", "b"), T0)))
                    .isEqualTo(new HealthCounts(1, 1, 0, 0, 0, 0, 0, 0, null));
        }
    }

    @Test
    void aRedeliveryCountsOnceEvenBehindNewerEvents() {
        try (TopologyHarness harness = new TopologyHarness()) {
            // Intents i-1 (at T0), i-2 (T0 + 5 s) and i-3 (T0 + 2 s), i-1 and i-2 delivered again, late.
            final String[] ids = {"i-1", "i-1", "i-2", "i-1", "i-2", "i-3"};
            final int[] seconds = {0, 0, 5, 0, 5, 2};
            for (int i = 0; i < ids.length; i++) {
                harness.send("s", Lines.intent("s", Lines.T0.plusSeconds(seconds[i]), ids[i]));
            }
            harness.send(null, Lines.intent("s", Lines.T0, "i-1"));
            assertThat(HealthViews.health1m(harness).fetch(KEY, T0).events()).isEqualTo(3);
        }
    }
}
