package io.exectrace.streams.correlation;

import io.exectrace.streams.retention.RetentionListener;
import io.exectrace.streams.sessions.SessionsIndex;
import io.exectrace.streams.sessions.SessionsIndexEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Session state in three Kafka Streams key-value stores, written once per commit (not per record), with a
 * bounded cache of decoded sessions in front.
 *
 * <p><b>Layout</b> (see {@link StateKeys}). {@code session-summary}: session id → {@link SessionSummary};
 * {@code session-latency}: (session, symbol or all) → {@link LatencySketches}; {@code correlation-state}: per
 * session one entry per open chain, and the duplicate and closed-id memories in chunks of 32 fingerprints / 16
 * ids ({@link MemoryCursor}). Fine-grained keys keep a write small: the summary (~460 B for one symbol, see
 * {@link SessionSummary}), the chains that changed (≤ ~260 B each), sealed or dropped memory chunks (~350 B) and
 * the latency profiles that changed (~160 B each).
 *
 * <p><b>When it writes.</b> {@link #commit} only marks the session pending: its changes accumulate in the
 * decoded {@link SessionState} and {@link #writePending} writes each pending session once — before Kafka Streams
 * flushes the stores for a commit ({@link PreCommitKeyValueStore}), on the processor's freshness punctuation,
 * before a session leaves the cache and before an idle scan. So a session with 15 records between two commits is
 * written once instead of 15 times, and a chain opened and closed between two commits never reaches the store.
 * What a commit covers is always in the stores and changelogs before the offsets (or the transaction) commit;
 * interactive queries see the state as of the last write (at most one commit or punctuation interval old).
 *
 * <p><b>Reads.</b> Nothing is read per record: the decoded session (chains plus their lookup indexes, memories,
 * summary) stays in the cache, and reads happen only when a session is loaded (one prefix scan of
 * {@code correlation-state}, one summary get, latency gets on demand), i.e. after a restart, a rebalance or a
 * cache eviction. The stores remain the truth: the cache is dropped in {@link #close()} and by {@link #release},
 * and a session evicted from it (after its pending write) is simply loaded again.
 *
 * <p><b>Bounds.</b> Open chains are bounded by the timeouts (everything open closes by event time or by the
 * idle timeout); fingerprints and closed ids by {@link CorrelationSettings#memoryMaxEntries()} each and the
 * memory horizon; an idle-closed session keeps only its summary and latency entries. The decoded cache holds at
 * most {@link CorrelationSettings#maxCachedSessions()} sessions and about
 * {@link CorrelationSettings#maxCachedEntries()} remembered entries and open chains in total (a single session
 * larger than that stays cached while it is being processed).
 *
 * <p><b>Idle scan.</b> {@link #idleSessions} reads only the sessions the idle timeout has not closed yet, from an
 * in-memory set ordered by the arrival time of their last record. The set mirrors the summaries as written: it
 * is filled by one scan of the summary store at the first idle scan and then kept in step by every summary write
 * and removal here, the only writers of the store while the task runs (a re-initialized task, e.g. after its
 * stores were restored, builds a new instance, as it does for the decoded cache). So the scan's cost follows the
 * sessions that can still be open, not all the sessions kept for {@code session.retention}.
 */
final class StoreBackedSessionStates implements SessionStates {
    private static final BytesSerializer BYTES = new BytesSerializer();

    private final KeyValueStore<String, SessionSummary> summaries;
    private final KeyValueStore<Bytes, LatencySketches> latencies;
    private final KeyValueStore<Bytes, byte[]> correlation;
    private final SessionsIndex index;
    private final RetentionListener retention;
    private final LinkedHashMap<String, SessionState> cache = new LinkedHashMap<>(64, 0.75f, true);
    private final int maxCachedSessions;
    private final long maxCachedEntries;
    /** Sum of {@link #weight} over cached sessions, as of each one's last commit. */
    private long cachedEntries;
    private final CompactWriter writer = new CompactWriter(512);
    /** Sessions changed since their last write, in the order they first changed. */
    private final List<SessionState> pending = new ArrayList<>();
    private boolean writeThrough;
    /** Sessions not idle-closed as of their last write; null until the first idle scan fills it from the store. */
    private OpenSessions open;

    StoreBackedSessionStates(final KeyValueStore<String, SessionSummary> summaries,
                             final KeyValueStore<Bytes, LatencySketches> latencies,
                             final KeyValueStore<Bytes, byte[]> correlation,
                             final int maxCachedSessions,
                             final long maxCachedEntries) {
        this(summaries, latencies, correlation, null, RetentionListener.NONE, maxCachedSessions, maxCachedEntries);
    }

    /**
     * States that also keep {@code index} (null: none) in step with the summaries, and tell {@code retention} when a
     * session removed by retention starts afresh.
     */
    StoreBackedSessionStates(final KeyValueStore<String, SessionSummary> summaries,
                             final KeyValueStore<Bytes, LatencySketches> latencies,
                             final KeyValueStore<Bytes, byte[]> correlation,
                             final SessionsIndex index,
                             final RetentionListener retention,
                             final int maxCachedSessions,
                             final long maxCachedEntries) {
        this.summaries = summaries;
        this.latencies = latencies;
        this.correlation = correlation;
        this.index = index;
        this.retention = retention;
        this.maxCachedSessions = maxCachedSessions;
        this.maxCachedEntries = maxCachedEntries;
    }

    /** What a cached session costs: its remembered entries and open chains. */
    private static long weight(final SessionState s) {
        return 1L + s.fingerprints.size() + s.closedIds.size() + s.chains.size();
    }

    @Override
    public SessionState acquire(final String sessionId) {
        SessionState s = cache.get(sessionId);
        if (s == null) {
            s = load(sessionId);
            s.cachedWeight = weight(s);
            cachedEntries += s.cachedWeight;
            cache.put(sessionId, s);
        }
        return s;
    }

    private SessionState load(final String sessionId) {
        final SessionSummary stored = summaries.get(sessionId);
        if (stored == null && index != null && index.forgetRemoval(sessionId)) {
            retention.sessionRestarted();
        }
        final SessionSummary summary = stored != null ? stored : new SessionSummary(sessionId);
        final LatencySketches storedAll = latencies.get(StateKeys.latency(sessionId, null));
        final SessionState s = new SessionState(sessionId, summary,
                storedAll != null ? storedAll : new LatencySketches(),
                symbol -> latencies.get(StateKeys.latency(sessionId, symbol)), true);
        final byte[] prefix = StateKeys.sessionPrefix(sessionId);
        s.storeKeyPrefix = prefix;
        s.indexedTsMicros = stored != null ? stored.lastTsMicros() : SessionsIndex.NOT_INDEXED;

        final List<OpenChain> chains = new ArrayList<>();
        final MemoryCursor m = summary.memory;
        try (KeyValueIterator<Bytes, byte[]> it = correlation.prefixScan(Bytes.wrap(prefix), BYTES)) {
            // Keys come in order: chains by sequence, then fingerprint chunks, then id chunks, each by number.
            while (it.hasNext()) {
                final KeyValue<Bytes, byte[]> kv = it.next();
                if (kv.value == null) {
                    continue;
                }
                final byte[] key = kv.key.get();
                final long number = StateKeys.longAfterType(prefix, key);
                final CompactReader value = new CompactReader(kv.value);
                switch (key[prefix.length]) {
                    case StateKeys.CHAIN -> chains.add(OpenChain.read(number, value));
                    case StateKeys.FINGERPRINT_CHUNK -> {
                        final int n = value.readVarInt();
                        long ts = 0;
                        for (int i = 0; i < n; i++) {
                            final long fp = value.readFixedLong();
                            ts += value.readSignedVarLong();
                            final long seq = number * MemoryCursor.FINGERPRINT_CHUNK + i;
                            if (seq >= m.fingerprintHeadSeq) {
                                s.fingerprints.add(fp, ts, seq);
                            }
                        }
                    }
                    case StateKeys.ID_CHUNK -> {
                        final int n = value.readVarInt();
                        long ts = 0;
                        for (int i = 0; i < n; i++) {
                            final String id = value.readString();
                            ts += value.readSignedVarLong();
                            final long seq = number * MemoryCursor.ID_CHUNK + i;
                            if (seq >= m.idHeadSeq) {
                                s.closedIds.add(id, ts, seq);
                            }
                        }
                    }
                    default -> throw new IllegalStateException("unknown correlation-state entry type "
                            + key[prefix.length] + " for session " + sessionId);
                }
            }
        }
        // The tails (chunks still filling) come last: they hold the newest entries.
        for (int i = 0; i < m.fingerprintTailSize; i++) {
            final long seq = m.fingerprintTailStart() + i;
            if (seq >= m.fingerprintHeadSeq) {
                s.fingerprints.add(m.fingerprintTail[i], m.fingerprintTailTs[i], seq);
            }
        }
        for (int i = 0; i < m.idTailSize; i++) {
            final long seq = m.idTailStart() + i;
            if (seq >= m.idHeadSeq) {
                s.closedIds.add(m.idTail[i], m.idTailTs[i], seq);
            }
        }
        chains.sort(Comparator.comparingLong(c -> c.seq));
        for (final OpenChain c : chains) {
            c.persisted = true;
            s.restoreChain(c);
            s.index(c);
        }
        s.clearChanges();
        return s;
    }

    /** Writes every commit at once, for stores without a pre-commit hook (slower, same result). */
    void writeThrough() {
        writeThrough = true;
    }

    @Override
    public void commit(final SessionState s) {
        if (writeThrough) {
            write(s);
        } else if (!s.pendingWrite) {
            s.pendingWrite = true;
            pending.add(s);
        }
        final long weight = weight(s);
        cachedEntries += weight - s.cachedWeight;
        s.cachedWeight = weight;
        evictBeyondBudget(s);
    }

    /** Writes every session changed since its last write; the stores then hold the whole state. */
    void writePending() {
        for (final SessionState s : pending) {
            if (s.pendingWrite) {
                write(s);
            }
        }
        pending.clear();
    }

    private void write(final SessionState s) {
        s.pendingWrite = false;
        s.summary.noteOldestOpen(s.chains);
        summaries.put(s.sessionId, s.summary);
        if (open != null) {
            open.written(s.summary);
        }
        if (index != null) {
            index.put(s.indexedTsMicros, indexEntry(s.summary));
            s.indexedTsMicros = s.summary.lastTsMicros();
        }
        final byte[] prefix = s.storeKeyPrefix;
        for (final OpenChain c : s.changedChains()) {
            writer.reset();
            c.writeTo(writer);
            correlation.put(StateKeys.chain(prefix, c.seq), writer.toByteArray());
            c.persisted = true;
        }
        for (final OpenChain c : s.removedChains()) {
            // put(null) deletes without the read that delete() does to return the old value
            correlation.put(StateKeys.chain(prefix, c.seq), null);
        }
        for (final SessionState.MemoryChange change : s.memoryChanges()) {
            if (change instanceof SessionState.FingerprintChunkSealed c) {
                correlation.put(StateKeys.fingerprintChunk(prefix, c.chunk()), c.value());
            } else if (change instanceof SessionState.FingerprintChunkDropped c) {
                correlation.put(StateKeys.fingerprintChunk(prefix, c.chunk()), null);
            } else if (change instanceof SessionState.IdChunkSealed c) {
                correlation.put(StateKeys.idChunk(prefix, c.chunk()), c.value());
            } else if (change instanceof SessionState.IdChunkDropped c) {
                correlation.put(StateKeys.idChunk(prefix, c.chunk()), null);
            }
        }
        if (s.allLatencyChanged()) {
            latencies.put(StateKeys.latency(s.sessionId, null), s.latency);
        }
        for (final String symbol : s.changedSymbolLatency()) {
            latencies.put(StateKeys.latency(s.sessionId, symbol), s.symbolLatency(symbol));
        }
        s.clearChanges();
    }

    private static SessionsIndexEntry indexEntry(final SessionSummary summary) {
        return new SessionsIndexEntry(summary.sessionId(), summary.lastTsMicros(), summary.mode(),
                List.copyOf(summary.symbols()), summary.idleClosed(), summary.lastSeenWallMillis());
    }

    /**
     * Files every stored session in the index unless it is complete (a task whose stores predate the index), then
     * marks it complete. One scan of the summaries, once.
     */
    void completeIndex() {
        if (index == null || index.isComplete()) {
            return;
        }
        writePending();
        try (KeyValueIterator<String, SessionSummary> it = summaries.all()) {
            while (it.hasNext()) {
                final KeyValue<String, SessionSummary> kv = it.next();
                if (kv.value != null) {
                    index.put(SessionsIndex.NOT_INDEXED, indexEntry(kv.value));
                }
            }
        }
        index.markComplete();
    }

    /**
     * Deletes everything of a session from the summary, latency and correlation-state stores (a tombstone per key)
     * and drops it from the cache; the sessions index entry is its caller's ({@link
     * io.exectrace.streams.retention.SessionRetention}).
     */
    void remove(final String sessionId) {
        final SessionState cached = cache.remove(sessionId);
        if (cached != null) {
            cached.pendingWrite = false;    // pending entries of a removed session are skipped
            cachedEntries -= cached.cachedWeight;
        }
        summaries.put(sessionId, null);
        if (open != null) {
            open.removed(sessionId);
        }
        final Bytes prefix = Bytes.wrap(StateKeys.sessionPrefix(sessionId));
        deleteAll(latencies, prefix);
        deleteAll(correlation, prefix);
    }

    private static <V> void deleteAll(final KeyValueStore<Bytes, V> store, final Bytes prefix) {
        final List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, V> it = store.prefixScan(prefix, BYTES)) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        keys.forEach(key -> store.put(key, null));
    }

    /** Drops least recently used sessions (never the one just committed) while a bound is exceeded. */
    private void evictBeyondBudget(final SessionState current) {
        final Iterator<SessionState> lru = cache.values().iterator();
        while ((cache.size() > maxCachedSessions || cachedEntries > maxCachedEntries) && lru.hasNext()) {
            final SessionState eldest = lru.next();
            if (eldest == current) {
                continue;
            }
            if (eldest.pendingWrite) {
                write(eldest);
            }
            lru.remove();
            cachedEntries -= eldest.cachedWeight;
        }
    }

    @Override
    public void release(final SessionState state) {
        if (state.pendingWrite) {
            write(state);
        }
        if (cache.remove(state.sessionId) != null) {
            cachedEntries -= state.cachedWeight;
        }
    }

    @Override
    public List<String> idleSessions(final long lastSeenAtOrBeforeMillis) {
        writePending();
        if (open == null) {
            open = OpenSessions.scan(summaries);
        }
        return open.lastSeenAtOrBefore(lastSeenAtOrBeforeMillis);
    }

    @Override
    public List<String> sessionsWithOpenChains() {
        writePending();
        final List<String> open = new ArrayList<>();
        try (KeyValueIterator<String, SessionSummary> it = summaries.all()) {
            while (it.hasNext()) {
                final KeyValue<String, SessionSummary> kv = it.next();
                if (kv.value != null && kv.value.openChains > 0) {
                    open.add(kv.key);
                }
            }
        }
        return open;
    }

    int cachedSessions() {
        return cache.size();
    }

    long cachedEntries() {
        return cachedEntries;
    }

    /** Drops the decoded sessions; what is pending and not written belongs to an uncommitted (discarded) batch. */
    void close() {
        pending.clear();
        cache.clear();
        cachedEntries = 0;
    }
}
