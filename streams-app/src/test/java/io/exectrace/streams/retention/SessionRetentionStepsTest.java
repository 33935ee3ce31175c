package io.exectrace.streams.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.sessions.SessionsIndex;
import io.exectrace.streams.sessions.SessionsIndexEntry;
import io.exectrace.streams.testing.ReadRecordingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bounded steps of {@link SessionRetention} over a sessions index: how much one step does, and where it resumes. */
class SessionRetentionStepsTest {

    private static final long MINUTE = 60_000L;
    private static final long NOW = 1_000 * MINUTE;
    private static final Duration RETENTION = Duration.ofMinutes(10);

    private SessionsIndex index;
    private ReadRecordingStore<Bytes, byte[]> store;
    private final List<String> removed = new ArrayList<>();
    private int reportedRemoved;

    @BeforeEach
    void index() {
        final KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("sessions-index"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        this.store = new ReadRecordingStore<>(store);
        index = new SessionsIndex(this.store);
    }

    private void session(final String id, final long lastEventMillis, final long lastArrivalMillis,
                         final boolean idleClosed) {
        index.put(SessionsIndex.NOT_INDEXED, new SessionsIndexEntry(id, lastEventMillis * 1000, "paper",
                List.of("BTC-USD"), idleClosed, lastArrivalMillis));
    }

    private SessionRetention retention(final int maxVisited, final int maxRemoved) {
        return retention(maxVisited, maxRemoved, SessionRetention.Settings.FULL_PASS_EVERY);
    }

    private SessionRetention retention(final int maxVisited, final int maxRemoved, final int fullPassEvery) {
        return new SessionRetention(index, new SessionRetention.Settings(RETENTION, Duration.ofSeconds(1),
                maxVisited, maxRemoved, fullPassEvery), List.of(removed::add), new RetentionListener() {
                    @Override
                    public void sessionsRemoved(final int count) {
                        reportedRemoved += count;
                    }

                    @Override
                    public void sessionRestarted() {
                    }
                });
    }

    private List<String> indexed() {
        return index.oldestFirst(null, 1000).stream().map(kv -> kv.value.sessionId()).toList();
    }

    @Test
    void eachStepRemovesAtMostItsShareAndTheNextOneGoesOn() {
        for (int i = 0; i < 10; i++) {
            session("old-" + i, NOW - 60 * MINUTE + i, NOW - 30 * MINUTE, true);
        }
        session("fresh", NOW - MINUTE, NOW - MINUTE, true);
        final SessionRetention retention = retention(100, 3);
        assertThat(retention.sweep(NOW)).isEqualTo(3);
        assertThat(removed).containsExactly("old-0", "old-1", "old-2");
        assertThat(retention.sweep(NOW)).isEqualTo(3);
        assertThat(retention.sweep(NOW)).isEqualTo(3);
        assertThat(retention.sweep(NOW)).isEqualTo(1);
        assertThat(retention.sweep(NOW)).isZero();
        assertThat(indexed()).containsExactly("fresh");
        assertThat(reportedRemoved).isEqualTo(10);
        // Each removed session leaves a mark, so an event for it later counts as a restart.
        assertThat(index.forgetRemoval("old-4")).isTrue();
        assertThat(index.forgetRemoval("old-4")).isFalse();
        assertThat(index.forgetRemoval("fresh")).isFalse();
    }

    @Test
    void aStepOverLiveSessionsReadsNoFurtherThanTheFirstInsideTheRetention() {
        // A live task: every session's newest event inside the retention, within the last half minute. A step
        // ends at the first of them; it must not read (and decode) the others each second.
        for (int i = 0; i < 2_000; i++) {
            session("live-" + i, NOW - 30_000 + i * 15L, NOW - 30_000 + i * 15L, false);
        }
        session("expired", NOW - 30 * MINUTE, NOW - 30 * MINUTE, true);
        final SessionRetention retention = retention(2_000, 200);
        store.clearKeysInsideRanges();
        assertThat(retention.sweep(NOW)).isEqualTo(1);
        assertThat(removed).containsExactly("expired");
        assertThat(store.keysIterated()).isLessThanOrEqualTo(2);
        for (int step = 0; step < 5; step++) {
            store.clearKeysInsideRanges();
            assertThat(retention.sweep(NOW)).isZero();
            assertThat(store.keysIterated()).isLessThanOrEqualTo(1);
        }
        assertThat(index.oldestFirst(null, 5_000)).hasSize(2_000);
    }

    @Test
    void aStepLooksAtABoundedNumberOfSessionsAndResumesBehindThem() {
        // Old event times but recent arrivals (a replay): looked at, not removed.
        for (int i = 0; i < 5; i++) {
            session("replay-" + i, NOW - 600 * MINUTE + i, NOW - MINUTE, true);
        }
        session("old", NOW - 60 * MINUTE, NOW - 60 * MINUTE, true);
        session("open", NOW - 50 * MINUTE, NOW - 50 * MINUTE, false);
        final SessionRetention retention = retention(4, 100);
        assertThat(retention.sweep(NOW)).isZero();           // replay-0..3
        assertThat(retention.sweep(NOW)).isEqualTo(1);       // replay-4, old, open (not idle-closed yet): pass ends
        assertThat(removed).containsExactly("old");
        assertThat(retention.sweep(NOW)).isZero();           // starts over at the oldest
        assertThat(indexed()).containsExactly("replay-0", "replay-1", "replay-2", "replay-3", "replay-4", "open");
    }

    @Test
    void removalMarksGoAfterOneRetention() {
        session("gone", NOW - 60 * MINUTE, NOW - 60 * MINUTE, true);
        retention(10, 10).sweep(NOW);
        assertThat(index.pruneRemovalMarks(NOW, 10)).isZero();
        assertThat(index.pruneRemovalMarks(NOW + 1, 10)).isEqualTo(1);
        assertThat(index.forgetRemoval("gone")).isFalse();
    }

    /** The key {@code {0x02}}: a walk from the oldest end of the index seeks there. */
    private static final Bytes OLDEST_END = Bytes.wrap(new byte[] {0x02});

    private static Bytes keyOf(final String id, final long lastEventMillis) {
        return SessionsIndex.key(lastEventMillis * 1000, id);
    }

    @Test
    void aPassStartsAtTheFirstSessionThePreviousPassLeftNotAtTheOldestEnd() {
        for (int i = 0; i < 10; i++) {
            session("old-" + i, NOW - 60 * MINUTE + i, NOW - 30 * MINUTE, true);
        }
        // Old event time but a recent arrival (a replay): the first session the pass leaves in place.
        session("replay", NOW - 40 * MINUTE, NOW - 5 * MINUTE, true);
        session("fresh", NOW - MINUTE, NOW - MINUTE, true);
        final SessionRetention retention = retention(100, 100);
        assertThat(retention.sweep(NOW)).isEqualTo(10);
        store.reverseRangeUpperBounds().clear();
        assertThat(retention.sweep(NOW)).isZero();
        // Not the oldest end, where the ten removed keys lie (tombstones in RocksDB until compaction).
        assertThat(store.reverseRangeUpperBounds()).first().isEqualTo(keyOf("replay", NOW - 40 * MINUTE));
        // Once the replay's arrival is old too, the pass that starts there removes it.
        assertThat(retention.sweep(NOW + 6 * MINUTE)).isEqualTo(1);
        assertThat(removed).endsWith("replay");
        assertThat(indexed()).containsExactly("fresh");
    }

    @Test
    void aSessionWrittenOlderThanWhereThePassWouldStartIsStillSeen() {
        for (int i = 0; i < 5; i++) {
            session("old-" + i, NOW - 60 * MINUTE + i, NOW - 30 * MINUTE, true);
        }
        session("fresh", NOW - MINUTE, NOW - MINUTE, true);
        final SessionRetention retention = retention(100, 100);
        assertThat(retention.sweep(NOW)).isEqualTo(5);
        // Written after that pass, older than everything (a replay of last year's logs that has since gone quiet,
        // here with an old arrival so that the very next pass may remove it).
        session("ancient", NOW - 900 * MINUTE, NOW - 20 * MINUTE, true);
        store.reverseRangeUpperBounds().clear();
        assertThat(retention.sweep(NOW)).isEqualTo(1);
        assertThat(removed).endsWith("ancient");
        assertThat(store.reverseRangeUpperBounds()).first().isEqualTo(keyOf("ancient", NOW - 900 * MINUTE));
        // The pass after that starts at the first remaining session again.
        store.reverseRangeUpperBounds().clear();
        assertThat(retention.sweep(NOW)).isZero();
        assertThat(store.reverseRangeUpperBounds()).first().isEqualTo(keyOf("fresh", NOW - MINUTE));
    }

    @Test
    void everyNthPassAndTheFirstOneStartAtTheOldestEnd() {
        session("old", NOW - 60 * MINUTE, NOW - 30 * MINUTE, true);
        session("fresh", NOW - MINUTE, NOW - MINUTE, true);
        final SessionRetention retention = retention(100, 100, 3);
        // Each pass is one step here (the index is small).
        final List<Bytes> starts = new ArrayList<>();
        for (int pass = 0; pass < 7; pass++) {
            store.reverseRangeUpperBounds().clear();
            retention.sweep(NOW);
            starts.add(store.reverseRangeUpperBounds().get(0));
        }
        final Bytes fresh = keyOf("fresh", NOW - MINUTE);
        assertThat(starts).containsExactly(OLDEST_END, fresh, fresh, OLDEST_END, fresh, fresh, OLDEST_END);
        assertThat(removed).containsExactly("old");
        // A new instance (a restart) knows nothing of the last pass: it starts at the oldest end.
        store.reverseRangeUpperBounds().clear();
        retention(100, 100, 3).sweep(NOW);
        assertThat(store.reverseRangeUpperBounds()).first().isEqualTo(OLDEST_END);
    }

    @Test
    void aPassEndingMidwayKeepsResumingAndTheNextStartsAtItsFirstKeptSession() {
        for (int i = 0; i < 6; i++) {
            session("old-" + i, NOW - 60 * MINUTE + i, NOW - 30 * MINUTE, true);
        }
        session("open", NOW - 50 * MINUTE, NOW - 50 * MINUTE, false);
        for (int i = 0; i < 3; i++) {
            session("later-" + i, NOW - 40 * MINUTE + i, NOW - 30 * MINUTE, true);
        }
        session("fresh", NOW - MINUTE, NOW - MINUTE, true);
        final SessionRetention retention = retention(4, 100);
        assertThat(retention.sweep(NOW)).isEqualTo(4);       // old-0..3
        assertThat(retention.sweep(NOW)).isEqualTo(3);       // old-4, old-5, open (kept), later-0
        assertThat(retention.sweep(NOW)).isEqualTo(2);       // later-1, later-2, then fresh ends the pass
        store.reverseRangeUpperBounds().clear();
        assertThat(retention.sweep(NOW)).isZero();
        assertThat(store.reverseRangeUpperBounds().get(0)).isEqualTo(keyOf("open", NOW - 50 * MINUTE));
        assertThat(indexed()).containsExactly("open", "fresh");
    }
}
