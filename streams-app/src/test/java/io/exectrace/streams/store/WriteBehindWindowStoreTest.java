package io.exectrace.streams.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBehindWindowStoreTest {

    private static final long MINUTE = 60_000L;

    private final CountingSerde values = new CountingSerde();
    private WriteBehindWindowStore<String, Integer> store;

    @BeforeEach
    void open() {
        final WindowStore<String, Integer> built = new WrappingStoreBuilder<WindowStore<String, Integer>>(
                Stores.windowStoreBuilder(Stores.inMemoryWindowStore("health", Duration.ofHours(1),
                        Duration.ofMinutes(1), false), Serdes.String(), values.serde()),
                WriteBehindWindowStore::new).withLoggingDisabled().build();
        store = (WriteBehindWindowStore<String, Integer>) built;
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aWindowUpdatedOnEveryRecordReachesTheStoreBelowOncePerCommit() {
        for (int i = 1; i <= 4; i++) {
            final Integer current = store.fetch("live|s-1", 2 * MINUTE);
            store.put("live|s-1", current == null ? 1 : current + 1, 2 * MINUTE);
        }
        assertThat(store.fetch("live|s-1", 2 * MINUTE)).isEqualTo(4);
        assertThat(store.fetch("live|s-1", 3 * MINUTE)).isNull();
        assertThat(values.serialized).hasValue(0);

        store.flushCache();

        assertThat(values.serialized).hasValue(1);
        assertThat(store.wrapped().fetch("live|s-1", 2 * MINUTE)).isEqualTo(4);
        assertThat(store.windowsInMemory()).isZero();
    }

    @Test
    void aRangeReadOfOneKeyHandsOverThatKeysWindowsOnly() {
        store.put("live|s-1", 1, 0);
        store.put("live|s-1", 2, MINUTE);
        store.put("live|s-2", 9, MINUTE);

        assertThat(windows(store.fetch("live|s-1", 0, 5 * MINUTE)))
                .containsExactly(KeyValue.pair(0L, 1), KeyValue.pair(MINUTE, 2));
        assertThat(values.serialized).hasValue(2);
        assertThat(store.wrapped().fetch("live|s-2", MINUTE)).isNull();

        final List<String> all = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, Integer> it = store.fetchAll(0, 5 * MINUTE)) {
            it.forEachRemaining(kv -> all.add(kv.key.key() + "@" + kv.key.window().start() + "=" + kv.value));
        }
        assertThat(all).containsExactlyInAnyOrder("live|s-1@0=1", "live|s-1@60000=2", "live|s-2@60000=9");
        store.flushCache();
        assertThat(values.serialized).hasValue(3);
    }

    @Test
    void aNullPutDeletesTheWindowAtTheCommit() {
        store.put("live|s-1", 5, 0);
        store.flushCache();

        store.put("live|s-1", null, 0);
        assertThat(store.fetch("live|s-1", 0)).isNull();
        assertThat(store.wrapped().fetch("live|s-1", 0)).isEqualTo(5);

        store.flushCache();
        assertThat(store.wrapped().fetch("live|s-1", 0)).isNull();
    }

    @Test
    void clearingTheCacheDropsWhatWasNotHandedOver() {
        store.put("live|s-1", 5, 0);
        store.flushCache();
        store.put("live|s-1", 6, 0);

        store.clearCache();

        assertThat(store.fetch("live|s-1", 0)).isEqualTo(5);
    }

    @Test
    void anotherThreadReadsWhatWasHandedOver() throws InterruptedException {
        store.put("live|s-1", 5, 0);
        store.flushCache();
        store.put("live|s-1", 6, 0);
        final Integer[] seen = new Integer[1];
        final Thread query = new Thread(() -> seen[0] = store.fetch("live|s-1", 0));
        query.start();
        query.join();
        assertThat(seen[0]).isEqualTo(5);
        assertThat(store.fetch("live|s-1", 0)).isEqualTo(6);
    }

    private static List<KeyValue<Long, Integer>> windows(final WindowStoreIterator<Integer> it) {
        final List<KeyValue<Long, Integer>> all = new ArrayList<>();
        try (it) {
            it.forEachRemaining(all::add);
        }
        return all;
    }
}
