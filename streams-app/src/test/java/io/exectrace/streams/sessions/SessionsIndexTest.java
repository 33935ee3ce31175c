package io.exectrace.streams.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.testing.ReadRecordingStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads of the sessions index: pages and the oldest-first walk return exactly what the whole index holds, in list
 * order, from any cursor and with any budget; and they look at about as many keys as they return, since every key
 * inside a range read from a cached store is copied.
 */
class SessionsIndexTest {

    private static final long SECOND = 1_000_000L;
    private static final long NOW = 1_764_000_000L * SECOND;
    private static final List<String> MODES = List.of("live", "paper", "shadow", "backtest");

    private ReadRecordingStore<Bytes, byte[]> store;
    private SessionsIndex index;
    /** What the index must hold: key (list order) to entry. */
    private final TreeMap<Bytes, SessionsIndexEntry> expected = new TreeMap<>();
    private final Map<String, Long> indexedAt = new java.util.HashMap<>();

    @BeforeEach
    void index() {
        final KeyValueStore<Bytes, byte[]> inner = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("sessions-index"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        inner.init(new MockProcessorContext<>().getStateStoreContext(), inner);
        store = new ReadRecordingStore<>(inner);
        index = new SessionsIndex(store);
    }

    private void put(final String id, final long tsMicros, final String mode) {
        final SessionsIndexEntry entry = new SessionsIndexEntry(id, tsMicros, mode, List.of("BTC-EUR"), false,
                tsMicros / 1000);
        final Long previous = indexedAt.put(id, tsMicros);
        index.put(previous == null ? SessionsIndex.NOT_INDEXED : previous, entry);
        if (previous != null) {
            expected.remove(SessionsIndex.key(previous, id));
        }
        expected.put(SessionsIndex.key(tsMicros, id), entry);
    }

    private void remove(final String id) {
        final long ts = indexedAt.remove(id);
        final SessionsIndexEntry entry = expected.remove(SessionsIndex.key(ts, id));
        index.remove(entry, NOW / 1000);
    }

    /** A mixed index: a busy recent stretch, a replay a year old, clocks ahead, ties, moves and removals. */
    private void mixedIndex(final long seed) {
        final Random random = new Random(seed);
        int n = 0;
        for (int i = 0; i < 2_000; i++) {
            put("recent-" + n++, NOW - (long) (random.nextDouble() * 600 * SECOND), MODES.get(random.nextInt(4)));
        }
        for (int i = 0; i < 500; i++) {
            put("replay-" + n++, NOW - 365L * 86_400 * SECOND + random.nextInt(3_600) * SECOND, "backtest");
        }
        for (int i = 0; i < 300; i++) {
            put("ahead-" + n++, NOW + 86_400 * SECOND + random.nextInt(1_000_000), MODES.get(random.nextInt(4)));
        }
        for (int i = 0; i < 200; i++) {
            put("tie-" + n++, NOW - 30 * SECOND, MODES.get(random.nextInt(4)));
        }
        put("epoch", 0, "paper");
        final List<String> ids = new ArrayList<>(indexedAt.keySet());
        ids.sort(null);
        for (int i = 0; i < 1_000; i++) {
            final String id = ids.get(random.nextInt(ids.size()));
            if (indexedAt.containsKey(id)) {
                put(id, indexedAt.get(id) + random.nextInt(20) * SECOND, MODES.get(random.nextInt(4)));
            }
        }
        for (int i = 0; i < 300; i++) {
            final String id = ids.get(random.nextInt(ids.size()));
            if (indexedAt.containsKey(id)) {
                remove(id);
            }
        }
    }

    /** Pages through the whole index as the API does: from the last match, or from where a budget ran out. */
    private List<String> pageThrough(final int pageSize, final int budget, final Predicate<SessionsIndexEntry> filter) {
        final List<String> out = new ArrayList<>();
        long afterTs = 0;
        String afterId = null;
        for (int guard = 0; guard < 100_000; guard++) {
            final SessionsIndex.Page page = SessionsIndex.page(store, afterTs, afterId, pageSize, budget, filter);
            page.matches().forEach(e -> out.add(e.sessionId()));
            final SessionsIndexEntry next = page.stoppedAt() != null ? page.stoppedAt()
                    : page.matches().size() == pageSize ? page.matches().get(pageSize - 1) : null;
            if (next == null) {
                return out;
            }
            afterTs = next.lastTsMicros();
            afterId = next.sessionId();
        }
        throw new AssertionError("paging did not end");
    }

    private List<String> expectedIds(final Predicate<SessionsIndexEntry> filter) {
        return expected.values().stream().filter(filter).map(SessionsIndexEntry::sessionId).toList();
    }

    @Test
    void pagesFromAnyCursorWithAnyBudgetReturnTheWholeIndexInListOrder() {
        mixedIndex(7);
        final List<Predicate<SessionsIndexEntry>> filters = List.of(e -> true, e -> e.mode().equals("live"),
                e -> e.mode().equals("backtest"), e -> false);
        for (final Predicate<SessionsIndexEntry> filter : filters) {
            for (final int pageSize : new int[] {1, 7, 101, 5_000}) {
                for (final int budget : new int[] {50, 2_000, Integer.MAX_VALUE}) {
                    assertThat(pageThrough(pageSize, Math.max(budget, pageSize), filter))
                            .as("page size %d, budget %d", pageSize, budget)
                            .containsExactlyElementsOf(expectedIds(filter));
                }
            }
        }
    }

    @Test
    void theOldestFirstWalkReturnsTheIndexBackwardsFromAnyPlace() {
        mixedIndex(11);
        final List<Bytes> keys = new ArrayList<>(expected.descendingKeySet());
        assertThat(index.oldestFirst(null, 100_000)).extracting(kv -> kv.key).containsExactlyElementsOf(keys);
        for (final int at : new int[] {0, 1, 150, 1_333, keys.size() - 2, keys.size() - 1}) {
            assertThat(index.oldestFirst(keys.get(at), false, 100_000)).extracting(kv -> kv.key)
                    .containsExactlyElementsOf(keys.subList(at + 1, keys.size()));
            assertThat(index.oldestFirst(keys.get(at), true, 40)).extracting(kv -> kv.key)
                    .containsExactlyElementsOf(keys.subList(at, Math.min(at + 40, keys.size())));
        }
    }

    @Test
    void aPageLooksAtAboutAsManyKeysAsItReturnsWhateverTheIndexHolds() {
        // 50,000 sessions, 70 new a second (a task's share of the soak's 208 a second): one page of 101 from the
        // newest, and one from the middle, each range holding about as many keys as the page.
        for (int i = 0; i < 50_000; i++) {
            put("s-" + i, NOW - (long) (i * SECOND / 70.0), "paper");
        }
        store.clearKeysInsideRanges();
        final SessionsIndex.Page first = SessionsIndex.page(store, 0, null, 101, Integer.MAX_VALUE, e -> true);
        assertThat(first.matches()).extracting(SessionsIndexEntry::sessionId).startsWith("s-0", "s-1").hasSize(101);
        assertThat(store.keysInsideRanges()).isLessThan(4 * 101);

        store.clearKeysInsideRanges();
        final SessionsIndexEntry middle = expected.get(SessionsIndex.key(indexedAt.get("s-25000"), "s-25000"));
        final SessionsIndex.Page later = SessionsIndex.page(store, middle.lastTsMicros(), middle.sessionId(), 101,
                Integer.MAX_VALUE, e -> true);
        assertThat(later.matches()).extracting(SessionsIndexEntry::sessionId).startsWith("s-25001").hasSize(101);
        assertThat(store.keysInsideRanges()).isLessThan(4 * 101);

        store.clearKeysInsideRanges();
        assertThat(index.oldestFirst(SessionsIndex.key(indexedAt.get("s-49000"), "s-49000"), true, 500))
                .hasSize(500);
        assertThat(store.keysInsideRanges()).isLessThan(4 * 500);
    }

    @Test
    void anIndexWrittenWithoutTheNewestPointerIsStillReadWhole() {
        // An index written by an older release has no pointer: its entries were put straight into the store.
        for (int i = 0; i < 300; i++) {
            final SessionsIndexEntry entry = new SessionsIndexEntry("old-" + i, NOW - i * SECOND, "paper",
                    List.of("BTC-EUR"), false, NOW / 1000);
            store.put(SessionsIndex.key(entry.lastTsMicros(), entry.sessionId()), entry.encodeValue());
            expected.put(SessionsIndex.key(entry.lastTsMicros(), entry.sessionId()), entry);
        }
        assertThat(pageThrough(7, Integer.MAX_VALUE, e -> true)).containsExactlyElementsOf(expectedIds(e -> true));
        // The first put sets a pointer older than most entries: the first window still starts at the top.
        put("late", NOW - 250 * SECOND, "live");
        assertThat(pageThrough(7, Integer.MAX_VALUE, e -> true)).containsExactlyElementsOf(expectedIds(e -> true));
        assertThat(SessionsIndex.page(store, 0, null, 3, Integer.MAX_VALUE, e -> true).matches())
                .extracting(SessionsIndexEntry::sessionId).containsExactly("old-0", "old-1", "old-2");
    }

    @Test
    void aSessionNewerThanThePointerIsListedFirst() {
        put("a", NOW, "paper");
        put("b", NOW - SECOND, "paper");
        final SessionsIndexEntry ahead = new SessionsIndexEntry("ahead", NOW + 3_600 * SECOND, "live",
                List.of("BTC-EUR"), false, NOW / 1000);
        store.put(SessionsIndex.key(ahead.lastTsMicros(), ahead.sessionId()), ahead.encodeValue());
        assertThat(SessionsIndex.page(store, 0, null, 10, Integer.MAX_VALUE, e -> true).matches())
                .extracting(SessionsIndexEntry::sessionId).containsExactly("ahead", "a", "b");
        assertThat(index.oldestFirst(null, 10)).extracting(kv -> kv.value.sessionId())
                .containsExactly("b", "a", "ahead");
    }

    @Test
    void removedAndMovedSessionsAreNotListed() {
        put("a", NOW - 10 * SECOND, "paper");
        put("b", NOW - 5 * SECOND, "paper");
        put("c", NOW - 1 * SECOND, "paper");
        put("a", NOW, "paper");
        remove("b");
        assertThat(pageThrough(1, Integer.MAX_VALUE, e -> true)).containsExactly("a", "c");
        assertThat(index.oldestFirst(null, 10)).extracting(kv -> kv.value.sessionId()).containsExactly("c", "a");
        assertThat(index.forgetRemoval("b")).isTrue();
        assertThat(expected.values()).extracting(SessionsIndexEntry::sessionId).containsExactly("a", "c");
    }

    @Test
    void sessionsAtTheSameTimeSortByIdAcrossWindows() {
        for (int i = 0; i < 30; i++) {
            put(String.format("t-%02d", i), NOW - (i / 10) * 2 * SECOND, "paper");
        }
        final List<KeyValue<Bytes, SessionsIndexEntry>> walk = index.oldestFirst(null, 100);
        assertThat(walk).extracting(kv -> kv.value.sessionId()).first().isEqualTo("t-29");
        assertThat(pageThrough(4, 9, e -> true)).containsExactlyElementsOf(expectedIds(e -> true));
    }
}
