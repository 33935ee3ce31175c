package io.exectrace.streams.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.sessions.SessionsIndex;
import io.exectrace.streams.sessions.SessionsIndexEntry;
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
    private final List<String> removed = new ArrayList<>();
    private int reportedRemoved;

    @BeforeEach
    void index() {
        final KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("sessions-index"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        index = new SessionsIndex(store);
    }

    private void session(final String id, final long lastEventMillis, final long lastArrivalMillis,
                         final boolean idleClosed) {
        index.put(SessionsIndex.NOT_INDEXED, new SessionsIndexEntry(id, lastEventMillis * 1000, "paper",
                List.of("BTC-USD"), idleClosed, lastArrivalMillis));
    }

    private SessionRetention retention(final int maxVisited, final int maxRemoved) {
        return new SessionRetention(index, new SessionRetention.Settings(RETENTION, Duration.ofSeconds(1),
                maxVisited, maxRemoved), List.of(removed::add), new RetentionListener() {
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
}
