package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.testing.ReadRecordingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The idle check of the store-backed states reads the sessions that can still be open, not every summary kept,
 * and closes exactly the sessions, in the same order, that the in-memory states (a full look at every session)
 * close: across reopened sessions, a retention removal and a restart from the stores.
 */
class IdleScanTest {

    private static final long SECOND = 1_000L;
    private static final CorrelationSettings SETTINGS = CorrelationSettings.defaults()
            .withIdleTimeout(Duration.ofSeconds(10));

    private final MockProcessorContext<String, ClosedChain> context = new MockProcessorContext<>();
    private final ReadRecordingStore<String, SessionSummary> summaries = new ReadRecordingStore<>(
            store(Registry.SESSION_SUMMARY.name(), Serdes.String(), CorrelationStores.summarySerde()));
    private final KeyValueStore<Bytes, LatencySketches> latencies = store(Registry.SESSION_LATENCY.name(),
            Serdes.Bytes(), CorrelationStores.latencySketchesSerde());
    private final KeyValueStore<Bytes, byte[]> correlation = store(Registry.CORRELATION_STATE.name(),
            Serdes.Bytes(), Serdes.ByteArray());

    private <K, V> KeyValueStore<K, V> store(final String name, final org.apache.kafka.common.serialization.Serde<K> keys,
                                             final org.apache.kafka.common.serialization.Serde<V> values) {
        final KeyValueStore<K, V> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withLoggingDisabled().build();
        s.init(context.getStateStoreContext(), s);
        return s;
    }

    private StoreBackedSessionStates states() {
        return new StoreBackedSessionStates(summaries, latencies, correlation, 1_000, 1_000_000);
    }

    /** An intent that stays open until the idle timeout closes its session. */
    private static ExecutionEvent intent(final String session, final int n) {
        return Ev.intent(n * 10).session(session).intentId(session + "-i" + n).qty(1).build();
    }

    @Test
    void closesWhatAFullLookWouldCloseWhileReadingOnlyOpenSessions() {
        final List<ClosedChain> stored = new ArrayList<>();
        final List<ClosedChain> inMemory = new ArrayList<>();
        StoreBackedSessionStates states = states();
        SessionAnalyzer viaStores = new SessionAnalyzer(SETTINGS, states, stored::add);
        final SessionAnalyzer reference = new SessionAnalyzer(SETTINGS, inMemory::add);
        final List<Integer> closedViaStores = new ArrayList<>();
        final List<Integer> closedInMemory = new ArrayList<>();
        int checks = 0;
        // 200 sessions, one starting every second (ids not in arrival order); every tenth one hears again 15 s
        // after its start, i.e. after the idle timeout closed it. An idle check every 2 s.
        for (int second = 0; second < 260; second++) {
            final long now = second * SECOND;
            if (second < 200) {
                final String id = "s-" + (char) ('a' + second % 7) + "-" + second;
                feed(viaStores, reference, intent(id, 0), now);
            }
            if (second >= 15 && second < 215 && (second - 15) % 10 == 0) {
                final int started = second - 15;
                final String id = "s-" + (char) ('a' + started % 7) + "-" + started;
                feed(viaStores, reference, intent(id, 1), now);
            }
            if (second % 2 == 0) {
                closedViaStores.add(viaStores.closeIdleSessions(now));
                closedInMemory.add(reference.closeIdleSessions(now));
                checks++;
            }
            if (second == 100) {
                // Retention removes a session the idle timeout closed long ago.
                states.remove("s-a-0");
                // And the task restarts from its stores.
                states.writePending();
                states.close();
                states = states();
                viaStores = new SessionAnalyzer(SETTINGS, states, stored::add);
            }
        }
        assertThat(closedViaStores).isEqualTo(closedInMemory);
        assertThat(closedViaStores.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200 + 20);
        assertThat(stored).hasSize(220);
        assertThat(stored).isEqualTo(inMemory);
        // One scan of the summaries per instance (when it first checks), not one per check.
        assertThat(checks).isEqualTo(130);
        assertThat(summaries.fullScans()).isEqualTo(2);
    }

    private static void feed(final SessionAnalyzer viaStores, final SessionAnalyzer reference,
                             final ExecutionEvent event, final long arrivalMillis) {
        viaStores.accept(event.sessionId(), SessionInput.valid(event), arrivalMillis);
        reference.accept(event.sessionId(), SessionInput.valid(event), arrivalMillis);
    }
}
