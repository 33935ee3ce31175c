package io.exectrace.streams.correlation;

import io.exectrace.events.ParseErrorReason;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.retention.RetentionListener;
import io.exectrace.streams.retention.SessionRetention;
import io.exectrace.streams.sessions.SessionsIndex;
import io.exectrace.streams.sessions.SessionsIndexEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What months of operation cost per punctuation, on RocksDB stores as a task has them (issue #21): a retention pass
 * over a sessions index that holds the tombstones of many removed sessions, and an idle check over a task that
 * keeps many idle-closed sessions for the retention, and a session-list page whose filter matches nothing. In this
 * package because the session states are
 * package-private.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SessionScaleBenchmark -f 1 -wi 3 -i 5 -w 2 -r 2}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionScaleBenchmark {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 1_000 * DAY;

    private static StateStoreContext context(final Path dir) {
        final Properties props = new Properties();
        props.put("application.id", "session-scale-benchmark");
        props.put("bootstrap.servers", "unused:9092");
        return new MockProcessorContext<>(props, new TaskId(0, 0), dir.toFile()).getStateStoreContext();
    }

    private static <K, V> KeyValueStore<K, V> rocks(final String name, final Serde<K> keys, final Serde<V> values,
                                                    final StateStoreContext context) {
        final KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys,
                values).withLoggingDisabled().withCachingDisabled().build();
        store.init(context, store);
        return store;
    }

    private static void delete(final Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * A sessions index after {@code removed} sessions were removed by retention (their keys are tombstones, flushed
     * to an SST file as they would be before compaction) with 1,000 sessions inside the retention.
     */
    @State(Scope.Benchmark)
    public static class Retention {
        /** 1: every pass starts at the oldest end, as before this change; 600: the default. */
        @Param({"1", "600"})
        public int fullPassEvery;
        @Param({"200000"})
        public int removed;

        private Path dir;
        private KeyValueStore<Bytes, byte[]> store;
        private SessionRetention retention;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("retention-bench");
            store = rocks("sessions-index", Serdes.Bytes(), Serdes.ByteArray(), context(dir));
            final SessionsIndex index = new SessionsIndex(store);
            for (int i = 0; i < removed; i++) {
                index.put(SessionsIndex.NOT_INDEXED, new SessionsIndexEntry("gone-" + i, (NOW - 60 * DAY + i) * 1000,
                        "paper", List.of("BTC-USD"), true, NOW - 40 * DAY));
            }
            final SessionRetention all = new SessionRetention(index, new SessionRetention.Settings(
                    Duration.ofDays(30), Duration.ofSeconds(1), removed + 1, removed + 1, 1), List.of(id -> { }),
                    RetentionListener.NONE);
            if (all.sweep(NOW) != removed) {
                throw new IllegalStateException("setup did not remove every old session");
            }
            for (int i = 0; i < 1_000; i++) {
                index.put(SessionsIndex.NOT_INDEXED, new SessionsIndexEntry("kept-" + i, (NOW - DAY + i) * 1000,
                        "paper", List.of("BTC-USD"), true, NOW - DAY));
            }
            store.flush();
            final SessionRetention.Settings defaults = SessionRetention.Settings.of(Duration.ofDays(30));
            retention = new SessionRetention(index, new SessionRetention.Settings(defaults.retention(),
                    defaults.interval(), defaults.maxVisited(), defaults.maxRemoved(), fullPassEvery),
                    List.of(id -> { }), RetentionListener.NONE);
            retention.sweep(NOW);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            store.close();
            delete(dir);
        }
    }

    /** One retention step that is a whole pass (nothing to remove: the oldest session is inside the retention). */
    @Benchmark
    public int retentionPass(final Retention state) {
        return state.retention.sweep(NOW);
    }

    /** One partition's sessions index with {@code sessions} idle-closed paper sessions (none is live). */
    @State(Scope.Benchmark)
    public static class ListPage {
        /** 2147483647: no budget, as before this change; 2000: the default. */
        @Param({"2147483647", "2000"})
        public int budget;
        @Param({"50000"})
        public int sessions;

        private Path dir;
        private KeyValueStore<Bytes, byte[]> store;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("list-bench");
            store = rocks("sessions-index", Serdes.Bytes(), Serdes.ByteArray(), context(dir));
            final SessionsIndex index = new SessionsIndex(store);
            for (int i = 0; i < sessions; i++) {
                index.put(SessionsIndex.NOT_INDEXED, new SessionsIndexEntry("s-" + i, (NOW - DAY + i) * 1000,
                        "paper", List.of("BTC-USD", "ETH-USD"), true, NOW - DAY));
            }
            store.flush();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            store.close();
            delete(dir);
        }
    }

    /** The first page of {@code /api/sessions?mode=live&active=true&limit=100} in one partition: nothing matches. */
    @Benchmark
    public int listPageNoMatch(final ListPage state) {
        final SessionsIndex.Page page = SessionsIndex.page(state.store, 0, null, 101, state.budget,
                entry -> "live".equalsIgnoreCase(entry.mode()) && !entry.idleClosed());
        return page.matches().size() + (page.stoppedAt() == null ? 0 : 1);
    }

    /** A task keeping {@code kept} idle-closed sessions for the retention and 100 open ones. */
    @State(Scope.Benchmark)
    public static class Idle {
        @Param({"50000"})
        public int kept;

        private Path dir;
        private KeyValueStore<String, SessionSummary> summaries;
        private KeyValueStore<Bytes, LatencySketches> latencies;
        private KeyValueStore<Bytes, byte[]> correlation;
        private StoreBackedSessionStates states;
        private SessionAnalyzer analyzer;
        private long idleBefore;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("idle-bench");
            final StateStoreContext context = context(dir);
            summaries = rocks("session-summary", Serdes.String(), CorrelationStores.summarySerde(), context);
            latencies = rocks("session-latency", Serdes.Bytes(), CorrelationStores.latencySketchesSerde(), context);
            correlation = rocks("correlation-state", Serdes.Bytes(), Serdes.ByteArray(), context);
            states = new StoreBackedSessionStates(summaries, latencies, correlation, 1_000, 1_000_000);
            final CorrelationSettings settings = CorrelationSettings.defaults().withIdleTimeout(Duration.ofMinutes(5));
            analyzer = new SessionAnalyzer(settings, states, chain -> { });
            final SessionInput record = SessionInput.invalid(ParseErrorReason.INVALID_JSON);
            for (int i = 0; i < kept; i++) {
                analyzer.accept("kept-" + i, record, NOW - DAY);
            }
            if (analyzer.closeIdleSessions(NOW) != kept) {
                throw new IllegalStateException("setup did not close every kept session");
            }
            for (int i = 0; i < 100; i++) {
                analyzer.accept("open-" + i, record, NOW);
            }
            states.writePending();
            summaries.flush();
            // A check a minute later: nothing is due (the open sessions heard something within the idle timeout).
            idleBefore = NOW + 60_000 - settings.idleTimeout().toMillis();
            if (analyzer.closeIdleSessions(NOW + 60_000) != 0) {
                throw new IllegalStateException("a session was due");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            summaries.close();
            latencies.close();
            correlation.close();
            delete(dir);
        }
    }

    /** The idle check as it runs every 10 s. */
    @Benchmark
    public int idleCheck(final Idle state) {
        return state.analyzer.closeIdleSessions(NOW + 60_000);
    }

    /** The idle check before this change: every summary of the task read and decoded (the same condition). */
    @Benchmark
    public int idleCheckFullScanBaseline(final Idle state) {
        state.states.writePending();
        int due = 0;
        try (KeyValueIterator<String, SessionSummary> it = state.summaries.all()) {
            while (it.hasNext()) {
                final SessionSummary s = it.next().value;
                if (s != null && !s.idleClosed && s.lastSeenWallMillis <= state.idleBefore) {
                    due++;
                }
            }
        }
        return due;
    }
}
