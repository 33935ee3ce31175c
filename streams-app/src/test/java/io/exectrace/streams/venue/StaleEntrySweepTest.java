package io.exectrace.streams.venue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StaleEntrySweepTest {
    private KeyValueStore<String, Long> store;

    @BeforeEach
    void setUp() {
        final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("sweep"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
    }

    /** Values are "last touched" times; stale when 100 ms old. */
    private static StaleEntrySweep<Long> sweep(final int batch) {
        return new StaleEntrySweep<>(batch, (touched, now) -> touched + 100 <= now);
    }

    @Test
    void readsABatchAtATimeAndRemovesEveryStaleEntryWithinOneWalk() {
        for (int i = 0; i < 25; i++) {
            store.put(String.format("k%02d", i), i % 2 == 0 ? 0L : 1_000L);   // even keys stale at t = 500
        }
        final StaleEntrySweep<Long> sweep = sweep(10);
        assertThat(sweep.sweep(store, 500)).isEqualTo(5);    // k00..k09: k00, k02, k04, k06, k08
        assertThat(keys()).contains("k10", "k12").doesNotContain("k00", "k08");
        assertThat(sweep.sweep(store, 500)).isEqualTo(5);    // k10..k19
        assertThat(sweep.sweep(store, 500)).isEqualTo(3);    // k20..k24: the walk ends
        assertThat(keys()).hasSize(12).allMatch(k -> Integer.parseInt(k.substring(1)) % 2 == 1);
        // The next walk starts from the first key again: k01..k19 at 500 (none stale), then k21 and k23 at 1 100.
        assertThat(sweep.sweep(store, 500)).isZero();
        assertThat(sweep.sweep(store, 1_100)).isEqualTo(2);
        assertThat(sweep.sweep(store, 1_100)).isEqualTo(10);
        assertThat(keys()).isEmpty();
    }

    @Test
    void aKeyRemovedBehindTheCursorDoesNotStopTheWalk() {
        for (int i = 0; i < 6; i++) {
            store.put("k" + i, 0L);
        }
        final StaleEntrySweep<Long> sweep = sweep(2);
        store.put("k2", 1_000L);
        assertThat(sweep.sweep(store, 500)).isEqualTo(2);    // k0, k1; resumes after k1
        store.delete("k1");                                  // the cursor's own key is gone
        assertThat(sweep.sweep(store, 500)).isEqualTo(1);    // k2 (fresh), k3
        assertThat(sweep.sweep(store, 500)).isEqualTo(2);    // k4, k5
        assertThat(keys()).containsExactly("k2");
    }

    private List<String> keys() {
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
