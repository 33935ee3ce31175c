package io.exectrace.streams.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBehindKeyValueStoreTest {

    private final CountingSerde values = new CountingSerde();
    private WriteBehindKeyValueStore<String, Integer> store;

    @BeforeEach
    void open() {
        final KeyValueStore<String, Integer> built = new WrappingStoreBuilder<KeyValueStore<String, Integer>>(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("watch"), Serdes.String(), values.serde()),
                WriteBehindKeyValueStore::new).withLoggingDisabled().build();
        store = (WriteBehindKeyValueStore<String, Integer>) built;
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aKeyWrittenOnEveryRecordReachesTheStoreBelowOncePerCommit() {
        for (int i = 1; i <= 5; i++) {
            store.put("s-1", i);
            assertThat(store.get("s-1")).isEqualTo(i);
        }
        assertThat(values.serialized).hasValue(0);
        assertThat(store.wrapped().get("s-1")).isNull();

        store.flushCache();

        assertThat(values.serialized).hasValue(1);
        assertThat(store.wrapped().get("s-1")).isEqualTo(5);
        assertThat(store.keysInMemory()).isZero();
        assertThat(store.get("s-1")).isEqualTo(5);
    }

    @Test
    void rangeReadsSeeThePendingWrites() {
        store.put("a", 1);
        store.put("b", 2);
        store.put("c", 3);
        store.delete("c");

        assertThat(entries(store.all())).containsExactly(KeyValue.pair("a", 1), KeyValue.pair("b", 2));
        assertThat(entries(store.range("b", "z"))).containsExactly(KeyValue.pair("b", 2));
        assertThat(entries(store.reverseAll())).containsExactly(KeyValue.pair("b", 2), KeyValue.pair("a", 1));
        // handed over once: a later commit with nothing new writes nothing again
        final int handedOver = values.serialized.get();
        store.flushCache();
        assertThat(values.serialized).hasValue(handedOver);
    }

    @Test
    void deletesArePendingWritesToo() {
        store.put("a", 1);
        store.flushCache();

        assertThat(store.delete("a")).isEqualTo(1);
        assertThat(store.get("a")).isNull();
        assertThat(store.putIfAbsent("b", 7)).isNull();
        assertThat(store.putIfAbsent("b", 8)).isEqualTo(7);
        assertThat(store.wrapped().get("a")).isEqualTo(1);

        store.flushCache();

        assertThat(store.wrapped().get("a")).isNull();
        assertThat(store.wrapped().get("b")).isEqualTo(7);
    }

    @Test
    void clearingTheCacheDropsWhatWasNotHandedOver() {
        store.put("a", 1);
        store.flushCache();
        store.put("a", 2);
        store.put("b", 3);

        store.clearCache();

        assertThat(store.get("a")).isEqualTo(1);
        assertThat(store.get("b")).isNull();
        store.flushCache();
        assertThat(store.wrapped().get("a")).isEqualTo(1);
        assertThat(store.wrapped().get("b")).isNull();
    }

    @Test
    void anotherThreadReadsWhatWasHandedOverAndCannotWrite() throws InterruptedException {
        store.put("a", 1);
        store.flushCache();
        store.put("a", 2);

        final AtomicReference<Object> seen = new AtomicReference<>();
        final Thread query = new Thread(() -> {
            seen.set(store.get("a"));
            try {
                store.put("a", 3);
            } catch (final IllegalStateException refused) {
                seen.set(List.of(seen.get(), refused.getMessage()));
            }
        });
        query.start();
        query.join();

        assertThat((List<?>) seen.get()).first().isEqualTo(1);
        assertThat(((List<?>) seen.get()).get(1).toString()).contains("watch");
        assertThat(store.get("a")).isEqualTo(2);
    }

    @Test
    void aWriterOtherThanTheFirstIsRefused() throws InterruptedException {
        store.put("a", 1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread other = new Thread(() -> {
            try {
                store.delete("a");
            } catch (final Throwable t) {
                failure.set(t);
            }
        });
        other.start();
        other.join();
        assertThat(failure.get()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> {
            throw failure.get();
        }).hasMessageContaining("is written by");
    }

    @Test
    void keysVisibleAtOnceAddsAndRemovesKeysBelowAtOnceAndDefersTheirChanges() {
        final WriteBehindKeyValueStore<String, Integer> index = WriteBehindKeyValueStore.keysVisibleAtOnce(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("index"), Serdes.String(),
                        values.serde()).withLoggingDisabled().build());
        index.init(new MockProcessorContext<>().getStateStoreContext(), index);
        try {
            index.put("s-1", 1);
            assertThat(index.wrapped().get("s-1")).isEqualTo(1);
            index.put("s-1", 2);
            index.put("s-1", 3);
            assertThat(index.wrapped().get("s-1")).isEqualTo(1);
            assertThat(index.get("s-1")).isEqualTo(3);

            index.delete("s-1");
            assertThat(index.wrapped().get("s-1")).isNull();
            index.flushCache();
            assertThat(index.wrapped().get("s-1")).isNull();

            index.put("s-2", 5);
            index.put("s-2", 6);
            index.flushCache();
            assertThat(index.wrapped().get("s-2")).isEqualTo(6);
            assertThat(values.serialized).hasValue(3);     // s-1 added, s-2 added, s-2 at the commit (a removal
                                                           // serializes no value)
        } finally {
            index.close();
        }
    }

    private static List<KeyValue<String, Integer>> entries(final KeyValueIterator<String, Integer> it) {
        final List<KeyValue<String, Integer>> all = new ArrayList<>();
        try (it) {
            it.forEachRemaining(all::add);
        }
        return all;
    }
}
