package io.exectrace.streams.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.app.Registry;
import io.exectrace.streams.correlation.CorrelationStores;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.sessions.SessionsIndex;
import io.exectrace.streams.sessions.SessionsIndexEntry;
import io.exectrace.streams.testing.Lines;
import io.exectrace.streams.testing.TopologyHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Session retention and the sessions index in the real topology (TopologyTestDriver): a session goes once both its
 * newest event time and its last arrival are older than {@code session.retention}, from every store with a
 * tombstone in each changelog, and comes back afresh (counted) when an event arrives for it.
 */
class SessionRetentionTest {

    private static final Duration RETENTION = Duration.ofMinutes(10);
    private static final Instant T0 = Lines.T0;
    /** Every per-session store retention empties (the chains and alerts window stores expire by segment). */
    private static final List<String> SESSION_STORES = List.of(Registry.SESSION_SUMMARY.name(),
            Registry.SESSION_LATENCY.name(), Registry.CORRELATION_STATE.name(), Registry.SESSIONS_INDEX.name(),
            Registry.TIMELINE.name(), Registry.TIMELINE_INDEX.name(), Registry.SESSION_WATCH.name(),
            Registry.HEALTH_1M.name(), Registry.HEALTH_5M.name());

    private static TopologyHarness harness() {
        return new TopologyHarness(Map.of("EXECTRACE_SESSION_RETENTION", "10m", "EXECTRACE_IDLE_TIMEOUT", "1m"), 1,
                T0);
    }

    /** A filled chain of {@code session} at event time {@code ts}, arriving at {@code arrival}. */
    private static void chain(final TopologyHarness h, final String session, final Instant ts, final Instant arrival) {
        h.send(session, Lines.intent(session, ts, "i-" + session), arrival);
        h.send(session, Lines.order(session, ts.plusMillis(5), "i-" + session, "o-" + session), arrival);
        h.send(session, Lines.fill(session, ts.plusMillis(20), "o-" + session), arrival);
    }

    private static double counter(final TopologyHarness h, final String name) {
        return h.metrics.registry().get("peak_trade." + name).counter().count();
    }

    @Test
    void aSessionIsKeptUntilBothClocksAreOlderThanTheRetentionThenRemovedFromEveryStore() {
        try (TopologyHarness h = harness()) {
            chain(h, "old", T0, T0);
            // Event times an hour ahead of its arrival: the event clock keeps it longer than the arrival clock.
            chain(h, "ahead", T0.plus(Duration.ofHours(1)), T0);
            h.driver.advanceWallClockTime(RETENTION);
            // Exactly one retention old: still there.
            assertThat(h.summaries().get("old")).isNotNull();
            assertThat(h.summaries().get("old").idleClosed()).isTrue();
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(h.summaries().get("old")).isNull();
            assertThat(h.timeline("old")).isEmpty();
            assertThat(h.timelineIndex().get("old")).isNull();
            assertThat(h.driver.<Bytes, Object>getKeyValueStore(Registry.SESSION_LATENCY.name())
                    .get(CorrelationStores.latencyKey("old", null))).isNull();
            assertThat(counter(h, "sessions.removed")).isEqualTo(1.0);

            final SessionSummary ahead = h.summaries().get("ahead");
            assertThat(ahead).isNotNull();
            assertThat(h.timeline("ahead")).hasSize(3);
            h.driver.advanceWallClockTime(Duration.ofHours(1));
            assertThat(h.summaries().get("ahead")).isNull();
            assertThat(counter(h, "sessions.removed")).isEqualTo(2.0);
        }
    }

    @Test
    void aReplayOfOldEventsStaysWhileItsArrivalIsRecent() {
        try (TopologyHarness h = harness()) {
            chain(h, "replay", T0.minus(Duration.ofDays(365)), T0);
            h.driver.advanceWallClockTime(RETENTION.minusSeconds(30));
            assertThat(h.summaries().get("replay")).isNotNull();
            h.driver.advanceWallClockTime(Duration.ofMinutes(1));
            assertThat(h.summaries().get("replay")).isNull();
        }
    }

    @Test
    void eachRemovalWritesTombstonesToEveryChangelogAndLeavesOtherSessionsAlone() {
        try (TopologyHarness h = harness()) {
            chain(h, "gone", T0, T0);
            // six minutes of event time: a 5-minute health window closes too
            h.send("gone", Lines.error("gone", T0.plus(Duration.ofMinutes(6))), T0);
            h.driver.advanceWallClockTime(Duration.ofMinutes(9));
            final Instant later = T0.plus(Duration.ofMinutes(9));
            chain(h, "kept", later, later);
            // both idle-closed and settled: what is left of them changes no more until retention
            h.driver.advanceWallClockTime(Duration.ofMinutes(2));
            final Map<String, Map<Bytes, byte[]>> before = new HashMap<>();
            for (final String store : SESSION_STORES) {
                before.put(store, latestValues(h, store));
            }
            assertThat(h.summaries().get("gone")).isNotNull();
            h.driver.advanceWallClockTime(Duration.ofMinutes(5));
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(h.summaries().get("gone")).isNull();
            assertThat(h.summaries().get("kept")).isNotNull();
            for (final String store : SESSION_STORES) {
                final Map<Bytes, byte[]> latest = latestValues(h, store);
                final Map<Bytes, byte[]> gone = ofSession(latest, "gone");
                if (store.equals(Registry.SESSIONS_INDEX.name())) {
                    // the removal mark (0x02, id) stays, so a later event for the session is counted
                    assertThat(gone.entrySet()).filteredOn(e -> e.getKey().get()[0] == 2).hasSize(1)
                            .allMatch(e -> e.getValue() != null);
                    gone.keySet().removeIf(key -> key.get()[0] == 2);
                }
                assertThat(gone).as("%s changelog keys of the removed session", store).isNotEmpty();
                assertThat(gone.values()).as("%s changelog: last values of the removed session", store)
                        .allMatch(value -> value == null);
                final Map<Bytes, byte[]> kept = ofSession(latest, "kept");
                final Map<Bytes, byte[]> keptBefore = ofSession(before.get(store), "kept");
                assertThat(kept.keySet()).as("%s changelog: the other session's keys", store)
                        .isEqualTo(keptBefore.keySet());
                kept.forEach((key, value) -> assertThat(value).as("%s changelog: the other session's %s", store, key)
                        .isEqualTo(keptBefore.get(key)));
            }
        }
    }

    @Test
    void anEventForARemovedSessionStartsItAfreshAndIsCounted() {
        try (TopologyHarness h = harness()) {
            chain(h, "back", T0, T0);
            h.driver.advanceWallClockTime(RETENTION);
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(h.summaries().get("back")).isNull();
            final Instant now = T0.plus(RETENTION).plusSeconds(2);
            h.send("back", Lines.intent("back", now, "i-new"), now);
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            final SessionSummary fresh = h.summaries().get("back");
            assertThat(fresh.events()).isEqualTo(1);
            assertThat(fresh.firstTsMicros()).isEqualTo(now.toEpochMilli() * 1000);
            assertThat(h.timeline("back")).hasSize(1);
            assertThat(counter(h, "sessions.restarted")).isEqualTo(1.0);
        }
    }

    @Test
    void theIndexKeepsSessionsNewestFirstAsTheyChange() {
        try (TopologyHarness h = harness()) {
            chain(h, "a", T0, T0);
            chain(h, "b", T0.plusSeconds(10), T0);
            chain(h, "c", T0.plusSeconds(20), T0);
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(ids(index(h), 0, null, 10)).containsExactly("c", "b", "a");
            h.send("a", Lines.error("a", T0.plusSeconds(30)), T0.plusSeconds(1));
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(ids(index(h), 0, null, 10)).containsExactly("a", "c", "b");
            // A late event (older than the session's newest) keeps its place.
            h.send("b", Lines.error("b", T0), T0.plusSeconds(2));
            h.driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertThat(ids(index(h), 0, null, 10)).containsExactly("a", "c", "b");
            // Paging from a cursor: after c (its event time and id).
            final long cTs = h.summaries().get("c").lastTsMicros();
            assertThat(ids(index(h), cTs, "c", 10)).containsExactly("b");
            assertThat(ids(index(h), 0, null, 2)).containsExactly("a", "c");
            // One entry per session: the moved sessions' old entries are gone.
            assertThat(SessionsIndex.page(index(h), 0, null, 100, e -> true)).hasSize(3);
        }
    }

    private static KeyValueStore<Bytes, byte[]> index(final TopologyHarness h) {
        return h.driver.getKeyValueStore(Registry.SESSIONS_INDEX.name());
    }

    private static List<String> ids(final KeyValueStore<Bytes, byte[]> index, final long afterTs,
                                    final String afterId, final int max) {
        return SessionsIndex.page(index, afterTs, afterId, max, e -> true).stream()
                .map(SessionsIndexEntry::sessionId).toList();
    }

    /** The last value of each key of a store's changelog so far (null: a tombstone). */
    private static Map<Bytes, byte[]> latestValues(final TopologyHarness h, final String store) {
        final TestOutputTopic<byte[], byte[]> changelog = h.driver.createOutputTopic(
                TopologyHarness.APP_ID + "-" + store + "-changelog", Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        final Map<Bytes, byte[]> latest = CHANGELOGS.computeIfAbsent(h, k -> new HashMap<>())
                .computeIfAbsent(store, k -> new HashMap<>());
        for (final TestRecord<byte[], byte[]> record : changelog.readRecordsToList()) {
            latest.put(Bytes.wrap(record.key()), record.value());
        }
        return new HashMap<>(latest);
    }

    /** Changelog contents read so far per harness and store (reading a test topic consumes it). */
    private static final Map<TopologyHarness, Map<String, Map<Bytes, byte[]>>> CHANGELOGS = new HashMap<>();

    private static Map<Bytes, byte[]> ofSession(final Map<Bytes, byte[]> latest, final String session) {
        final byte[] id = session.getBytes(StandardCharsets.UTF_8);
        final Map<Bytes, byte[]> out = new HashMap<>();
        latest.forEach((key, value) -> {
            if (contains(key.get(), id)) {
                out.put(key, value);
            }
        });
        return out;
    }

    private static boolean contains(final byte[] haystack, final byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
