package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.ingest.SessionInput;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The decoded-session cache in front of the stores stays within its bounds without changing any result. */
class StoreBackedSessionStatesTest {

    private static <K, V> KeyValueStore<K, V> store(final String name,
                                                    final org.apache.kafka.common.serialization.Serde<K> keys,
                                                    final org.apache.kafka.common.serialization.Serde<V> values,
                                                    final MockProcessorContext<String, ClosedChain> context) {
        final KeyValueStore<K, V> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withLoggingDisabled().build();
        s.init(context.getStateStoreContext(), s);
        return s;
    }

    private static List<ExecutionEvent> interleavedSessions() {
        final List<ExecutionEvent> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            for (int session = 0; session < 12; session++) {
                final String id = "c" + i;
                final String s = "run-" + session;
                switch (i % 3) {
                    case 0 -> events.add(Ev.intent(i * 10).session(s).intentId(id).qty(1).build());
                    case 1 -> events.add(Ev.submit(i * 10).session(s).intentId("c" + (i - 1)).orderId(id).qty(1)
                            .build());
                    default -> events.add(Ev.fill(i * 10).session(s).orderId("c" + (i - 1)).qty(1).build());
                }
            }
        }
        return events;
    }

    @Test
    void theEntryBudgetBoundsTheCacheAndResultsEqualTheInMemoryAnalyzer() {
        final MockProcessorContext<String, ClosedChain> context = new MockProcessorContext<>();
        final StoreBackedSessionStates states = new StoreBackedSessionStates(
                store(Registry.SESSION_SUMMARY.name(), Serdes.String(), CorrelationStores.summarySerde(),
                        context),
                store(Registry.SESSION_LATENCY.name(), Serdes.Bytes(),
                        CorrelationStores.latencySketchesSerde(), context),
                store(Registry.CORRELATION_STATE.name(), Serdes.Bytes(), Serdes.ByteArray(), context),
                1_000, 60);
        final List<ClosedChain> stored = new ArrayList<>();
        final List<ClosedChain> inMemory = new ArrayList<>();
        final SessionAnalyzer viaStores = new SessionAnalyzer(CorrelationSettings.defaults(), states, stored::add);
        final SessionAnalyzer reference = new SessionAnalyzer(CorrelationSettings.defaults(), inMemory::add);
        long maxSeen = 0;
        int maxSessions = 0;
        for (final ExecutionEvent e : interleavedSessions()) {
            viaStores.accept(e.sessionId(), SessionInput.valid(e), 0);
            reference.accept(e.sessionId(), SessionInput.valid(e), 0);
            maxSeen = Math.max(maxSeen, states.cachedEntries());
            maxSessions = Math.max(maxSessions, states.cachedSessions());
        }
        // Sessions start small (all twelve fit) and end at 81 entries each (1 + 60 fingerprints + 20 chains still
        // settling): then only the session being processed stays. Never more than the budget plus that session.
        assertThat(maxSessions).isEqualTo(12);
        assertThat(states.cachedSessions()).isEqualTo(1);
        assertThat(states.cachedEntries()).isEqualTo(81);
        assertThat(maxSeen).isLessThanOrEqualTo(60 + 81);
        viaStores.closeAll();
        reference.closeAll();
        assertThat(states.cachedSessions()).isZero();
        assertThat(states.cachedEntries()).isZero();
        final Comparator<ClosedChain> order = Comparator.comparing(ClosedChain::sessionId)
                .thenComparing(ClosedChain::chainId);
        assertThat(stored).hasSize(12 * 20);
        assertThat(stored.stream().sorted(order).toList()).isEqualTo(inMemory.stream().sorted(order).toList());
    }

    @Test
    void theSessionCountBoundsTheCache() {
        final MockProcessorContext<String, ClosedChain> context = new MockProcessorContext<>();
        final KeyValueStore<String, SessionSummary> summaries = store(Registry.SESSION_SUMMARY.name(),
                Serdes.String(), CorrelationStores.summarySerde(), context);
        final StoreBackedSessionStates states = new StoreBackedSessionStates(summaries,
                store(Registry.SESSION_LATENCY.name(), Serdes.Bytes(),
                        CorrelationStores.latencySketchesSerde(), context),
                store(Registry.CORRELATION_STATE.name(), Serdes.Bytes(), Serdes.ByteArray(), context),
                3, Long.MAX_VALUE);
        final SessionAnalyzer analyzer = new SessionAnalyzer(CorrelationSettings.defaults(), states, c -> { });
        int maxSessions = 0;
        for (final ExecutionEvent e : interleavedSessions()) {
            analyzer.accept(e.sessionId(), SessionInput.valid(e), 0);
            maxSessions = Math.max(maxSessions, states.cachedSessions());
        }
        assertThat(maxSessions).isEqualTo(3);
        assertThat(summaries.get("run-7").events()).isEqualTo(60);
    }

    @Test
    void changesReachTheStoresOnlyWhenPendingWritesRunAndRestartsFromThemGiveTheSameResults() {
        final MockProcessorContext<String, ClosedChain> context = new MockProcessorContext<>();
        final KeyValueStore<String, SessionSummary> summaries = store(Registry.SESSION_SUMMARY.name(),
                Serdes.String(), CorrelationStores.summarySerde(), context);
        final KeyValueStore<Bytes, LatencySketches> latencies = store(Registry.SESSION_LATENCY.name(),
                Serdes.Bytes(), CorrelationStores.latencySketchesSerde(), context);
        final KeyValueStore<Bytes, byte[]> correlation = store(Registry.CORRELATION_STATE.name(),
                Serdes.Bytes(), Serdes.ByteArray(), context);
        final List<ClosedChain> stored = new ArrayList<>();
        final List<ClosedChain> inMemory = new ArrayList<>();
        final SessionAnalyzer reference = new SessionAnalyzer(CorrelationSettings.defaults(), inMemory::add);
        final List<ExecutionEvent> events = interleavedSessions();

        StoreBackedSessionStates states = new StoreBackedSessionStates(summaries, latencies, correlation, 1_000,
                1_000_000);
        SessionAnalyzer viaStores = new SessionAnalyzer(CorrelationSettings.defaults(), states, stored::add);
        for (int i = 0; i < 5; i++) {
            viaStores.accept(events.get(i).sessionId(), SessionInput.valid(events.get(i)), 0);
        }
        assertThat(summaries.get("run-0")).as("nothing written before the pre-commit write").isNull();

        // A "commit" every 37 records; after each, the task restarts from the stores alone.
        for (int i = 0; i < events.size(); i++) {
            final ExecutionEvent e = events.get(i);
            if (i >= 5) {
                viaStores.accept(e.sessionId(), SessionInput.valid(e), 0);
            }
            reference.accept(e.sessionId(), SessionInput.valid(e), 0);
            if (i % 37 == 36) {
                states.writePending();
                states.close();
                states = new StoreBackedSessionStates(summaries, latencies, correlation, 1_000, 1_000_000);
                viaStores = new SessionAnalyzer(CorrelationSettings.defaults(), states, stored::add);
            }
        }
        viaStores.closeAll();
        reference.closeAll();
        states.writePending();
        final Comparator<ClosedChain> order = Comparator.comparing(ClosedChain::sessionId)
                .thenComparing(ClosedChain::chainId);
        assertThat(stored).hasSize(12 * 20);
        assertThat(stored.stream().sorted(order).toList()).isEqualTo(inMemory.stream().sorted(order).toList());
        for (int session = 0; session < 12; session++) {
            assertThat(summaries.get("run-" + session).encode())
                    .isEqualTo(reference.summary("run-" + session).encode());
        }
        try (var it = correlation.all()) {
            assertThat(it.hasNext()).as("no open chain left behind after every session closed").isFalse();
        }
    }
}
