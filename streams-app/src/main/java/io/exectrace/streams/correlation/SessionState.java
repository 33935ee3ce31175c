package io.exectrace.streams.correlation;

import io.exectrace.events.Side;
import io.exectrace.streams.sessions.SessionsIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything the correlation keeps for one session, decoded: the summary, the latency profiles, the open chains
 * with their lookup indexes (by intent id, order id, broker order id; FIFO queues per symbol; the deadline queue)
 * and the duplicate and closed-id memories. The indexes are derived data: they are rebuilt from the chains when a
 * session is loaded from the stores, so only chains, memories, summary and latency profiles are persisted.
 *
 * <p>When {@code trackChanges} is set, every change since the last {@link #clearChanges()} is recorded so the
 * store-backed state can write exactly the entries that changed.
 */
final class SessionState {
    /** Bits of {@link OpenChain#waitingIn}: the waiting queues a chain is in. */
    private static final byte IN_INTENTS_AWAITING_ORDER = 1;
    private static final byte IN_AWAITING_INTENT = 2;
    private static final byte IN_ORDERS_AWAITING_FILLS = 4;
    private static final byte IN_IDLESS_ORPHANS = 8;

    /** A persisted chunk of a memory was completed or emptied (see {@link MemoryCursor}), in the order it happened. */
    sealed interface MemoryChange permits FingerprintChunkSealed, FingerprintChunkDropped, IdChunkSealed,
            IdChunkDropped {
    }

    record FingerprintChunkSealed(long chunk, byte[] value) implements MemoryChange {
    }

    record FingerprintChunkDropped(long chunk) implements MemoryChange {
    }

    record IdChunkSealed(long chunk, byte[] value) implements MemoryChange {
    }

    record IdChunkDropped(long chunk) implements MemoryChange {
    }

    final String sessionId;
    /** Key prefix of this session in the correlation-state store (set by the store-backed state). */
    byte[] storeKeyPrefix;
    /** The store-backed cache's last weighing of this session. */
    long cachedWeight;
    /** Changed since the store-backed state last wrote it (it is then in that state's pending list). */
    boolean pendingWrite;
    /** Event time the session is filed under in the sessions index (store-backed only). */
    long indexedTsMicros = SessionsIndex.NOT_INDEXED;
    final SessionSummary summary;
    final LatencySketches latency;
    private final Map<String, LatencySketches> symbolLatency = new HashMap<>();
    private final Function<String, LatencySketches> storedSymbolLatency;

    /** The open chains (OpenChain has identity equality). */
    final Set<OpenChain> chains = new HashSet<>();
    final Map<String, OpenChain> byIntentId = new HashMap<>();
    final Map<String, OpenChain> byOrderId = new HashMap<>();
    final Map<String, OpenChain> byBrokerId = new HashMap<>();
    /** Per symbol, by intent time. */
    private final Map<String, ChainQueue> intentsAwaitingOrder = new HashMap<>();
    /** Per symbol, by anchor time. */
    private final Map<String, ChainQueue> awaitingIntent = new HashMap<>();
    /** Per symbol, by submit time. */
    private final Map<String, ChainQueue> ordersAwaitingFills = new HashMap<>();
    /** Per symbol, by first order-child time. */
    private final Map<String, ChainQueue> idlessOrphans = new HashMap<>();
    final DeadlineQueue deadlines = new DeadlineQueue();
    /** Ended chains that close on the arrival clock ({@link OpenChain#settleDueMillis}); few, they close in seconds. */
    final Set<OpenChain> settling = new HashSet<>();
    /** No settling chain is due at or before this arrival time (a lower bound; exact after a scan). */
    long settleDueLowerBound = Long.MAX_VALUE;
    /**
     * The arrival clock of the record being applied (epoch ms), {@link OpenChain#ABSENT} where no arrival clock
     * runs (files are read with their event clock only).
     */
    long arrivalNow = OpenChain.ABSENT;
    /** Its open chains changed since the in-flight registry last looked at the session. */
    boolean inFlightChanged;

    final RecentFingerprints fingerprints = new RecentFingerprints();
    final RecentIds closedIds = new RecentIds();

    private final boolean trackChanges;
    private final Set<OpenChain> changedChains = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<OpenChain> removedChains = new ArrayList<>();
    private final List<MemoryChange> memoryChanges = new ArrayList<>();
    private final Set<String> changedLatency = new HashSet<>();
    private boolean allLatencyChanged;

    /**
     * @param storedSymbolLatency loads a symbol's stored latency profile, or returns null when none is stored
     */
    SessionState(final String sessionId, final SessionSummary summary, final LatencySketches latency,
                 final Function<String, LatencySketches> storedSymbolLatency, final boolean trackChanges) {
        this.sessionId = sessionId;
        this.summary = summary;
        this.latency = latency;
        this.storedSymbolLatency = storedSymbolLatency;
        this.trackChanges = trackChanges;
    }

    /** The session clock: the latest event time seen ({@link OpenChain#ABSENT} before the first event). */
    long clock() {
        return summary.lastTsMicros;
    }

    // ---- chains ----

    OpenChain newChain() {
        final OpenChain c = new OpenChain(summary.nextChainSeq());
        c.firstArrivalMillis = arrivalNow;
        chains.add(c);
        summary.openChains++;
        markChanged(c);
        return c;
    }

    /** Adds a chain read from the store (not a change). */
    void restoreChain(final OpenChain c) {
        chains.add(c);
    }

    /** Removes a chain that closed or was merged into another one; it must not be indexed. */
    void discard(final OpenChain c) {
        inFlightChanged = true;
        chains.remove(c);
        summary.openChains--;
        if (trackChanges) {
            changedChains.remove(c);
            if (c.persisted) {
                removedChains.add(c);
            }
        }
    }

    void markChanged(final OpenChain c) {
        inFlightChanged = true;
        if (trackChanges) {
            changedChains.add(c);
        }
    }

    /** Puts a chain into every index it belongs to; its deadline must be set. */
    void index(final OpenChain c) {
        if (c.intentId != null && (c.hasIntent() || c.intentWait == OpenChain.WAIT_BY_ID)) {
            byIntentId.putIfAbsent(c.intentId, c);
        }
        if (c.orderId != null) {
            byOrderId.putIfAbsent(c.orderId, c);
        }
        if (c.brokerOrderId != null) {
            byBrokerId.putIfAbsent(c.brokerOrderId, c);
        }
        if (c.hasIntent() && !c.hasOrder() && c.riskTs == OpenChain.ABSENT && c.errorTs == OpenChain.ABSENT) {
            enqueue(intentsAwaitingOrder, IN_INTENTS_AWAITING_ORDER, c, c.intentTs);
        }
        if (!c.hasIntent() && c.intentWait == OpenChain.WAIT_FIFO) {
            enqueue(awaitingIntent, IN_AWAITING_INTENT, c, c.anchorTs);
        }
        if (c.acceptsIdlessFills()) {
            enqueue(ordersAwaitingFills, IN_ORDERS_AWAITING_FILLS, c, c.submitTs);
        }
        if (isIdlessOrphan(c)) {
            enqueue(idlessOrphans, IN_IDLESS_ORPHANS, c, c.firstOrderChildTs);
        }
        deadlines.add(c);
        if (c.settleDueMillis != OpenChain.ABSENT) {
            settling.add(c);
            c.settling = true;
            settleDueLowerBound = Math.min(settleDueLowerBound, c.settleDueMillis);
        }
        markChanged(c);
    }

    /** Takes a chain out of every index; call before changing any field an index orders or keys by. */
    void unindex(final OpenChain c) {
        if (c.intentId != null) {
            byIntentId.remove(c.intentId, c);
        }
        if (c.orderId != null) {
            byOrderId.remove(c.orderId, c);
        }
        if (c.brokerOrderId != null) {
            byBrokerId.remove(c.brokerOrderId, c);
        }
        if (c.waitingIn != 0) {
            dequeue(intentsAwaitingOrder, IN_INTENTS_AWAITING_ORDER, c, c.intentTs);
            dequeue(awaitingIntent, IN_AWAITING_INTENT, c, c.anchorTs);
            dequeue(ordersAwaitingFills, IN_ORDERS_AWAITING_FILLS, c, c.submitTs);
            dequeue(idlessOrphans, IN_IDLESS_ORPHANS, c, c.firstOrderChildTs);
        }
        deadlines.remove(c);
        if (c.settling) {
            settling.remove(c);
            c.settling = false;
        }
    }

    private static void enqueue(final Map<String, ChainQueue> queues, final byte bit, final OpenChain c,
                                final long time) {
        if ((c.waitingIn & bit) != 0) {
            return;
        }
        queues.computeIfAbsent(c.symbolKey(), k -> new ChainQueue()).add(c, time);
        c.waitingIn |= bit;
    }

    /** Takes the chain out of one kind of queue; {@code time} must be what it was queued under. */
    private static void dequeue(final Map<String, ChainQueue> queues, final byte bit, final OpenChain c,
                                final long time) {
        if ((c.waitingIn & bit) == 0) {
            return;
        }
        c.waitingIn &= (byte) ~bit;
        final String key = c.symbolKey();
        final ChainQueue q = queues.get(key);
        if (q != null && q.remove(c, time) && q.isEmpty()) {
            queues.remove(key);
        }
    }

    private static boolean isIdlessOrphan(final OpenChain c) {
        return c.idlessOrphan && !c.hasOrder() && c.orderId == null && c.brokerOrderId == null;
    }

    /** Oldest open intent of the symbol without order, risk block or error whose side is compatible. */
    OpenChain oldestIntentAwaitingOrder(final String symbol, final Side side) {
        final ChainQueue q = intentsAwaitingOrder.get(symbol == null ? "" : symbol);
        if (q != null) {
            for (int i = 0; i < q.size(); i++) {
                final OpenChain c = q.get(i);
                if (compatible(c.side, side)) {
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * Oldest chain of the symbol waiting for an id-less intent (a submit or risk block that came first) that this
     * intent can be the parent of: not earlier than the intent, still waiting ({@code anchor >= notBefore}), side
     * compatible.
     */
    OpenChain oldestAwaitingIntent(final String symbol, final Side side, final long intentTs,
                                   final long waitingSince) {
        final ChainQueue q = awaitingIntent.get(symbol == null ? "" : symbol);
        if (q != null) {
            for (int i = 0; i < q.size(); i++) {
                final OpenChain c = q.get(i);
                if (c.anchorTs >= intentTs && c.anchorTs >= waitingSince && compatible(c.side, side)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Oldest open order of the symbol that has not ended and whose side is compatible (for id-less fills). */
    OpenChain oldestOrderAwaitingFills(final String symbol, final Side side) {
        final ChainQueue q = ordersAwaitingFills.get(symbol == null ? "" : symbol);
        if (q != null) {
            for (int i = 0; i < q.size(); i++) {
                final OpenChain c = q.get(i);
                if (compatible(c.side, side)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Oldest id-less fills (no order found) of the symbol not earlier than the submit, side compatible. */
    OpenChain oldestIdlessOrphan(final String symbol, final Side side, final long submitTs) {
        final ChainQueue q = idlessOrphans.get(symbol == null ? "" : symbol);
        if (q != null) {
            for (int i = 0; i < q.size(); i++) {
                final OpenChain c = q.get(i);
                if (c.firstOrderChildTs >= submitTs && compatible(c.side, side)) {
                    return c;
                }
            }
        }
        return null;
    }

    static boolean compatible(final Side a, final Side b) {
        return a == Side.UNKNOWN || b == Side.UNKNOWN || a == b;
    }

    // ---- latency ----

    /** The latency profile of one symbol (loaded from the store on first use). */
    LatencySketches symbolLatency(final String symbol) {
        LatencySketches p = symbolLatency.get(symbol);
        if (p == null) {
            p = storedSymbolLatency == null ? null : storedSymbolLatency.apply(symbol);
            if (p == null) {
                p = new LatencySketches();
            }
            symbolLatency.put(symbol, p);
        }
        return p;
    }

    void markLatencyChanged(final String symbol) {
        if (!trackChanges) {
            return;
        }
        if (symbol == null) {
            allLatencyChanged = true;
        } else {
            changedLatency.add(symbol);
        }
    }

    /** Symbol profiles held in memory (for the in-memory analyzer all of them). */
    NavigableMap<String, LatencySketches> loadedSymbolLatency() {
        return Collections.unmodifiableNavigableMap(new TreeMap<>(symbolLatency));
    }

    // ---- memories ----

    void rememberFingerprint(final long fp, final long tsMicros) {
        final MemoryCursor m = summary.memory;
        final long seq = m.nextFingerprintSeq++;
        fingerprints.add(fp, tsMicros, seq);
        m.appendFingerprint(fp, tsMicros);
        if (m.fingerprintTailSize == MemoryCursor.FINGERPRINT_CHUNK) {
            if (trackChanges) {
                memoryChanges.add(new FingerprintChunkSealed(seq / MemoryCursor.FINGERPRINT_CHUNK,
                        MemoryCursor.encodeFingerprintChunk(m.fingerprintTail, m.fingerprintTailTs,
                                MemoryCursor.FINGERPRINT_CHUNK)));
            }
            m.resetFingerprintTail();
        }
    }

    void rememberClosedId(final char kind, final String id, final long tsMicros) {
        if (id == null) {
            return;
        }
        final MemoryCursor m = summary.memory;
        if (!closedIds.add(kind, id, tsMicros, m.nextIdSeq)) {
            return;
        }
        final long seq = m.nextIdSeq++;
        m.appendId(RecentIds.key(kind, id), tsMicros);
        if (m.idTailSize == MemoryCursor.ID_CHUNK) {
            if (trackChanges) {
                memoryChanges.add(new IdChunkSealed(seq / MemoryCursor.ID_CHUNK,
                        MemoryCursor.encodeIdChunk(m.idTail, m.idTailTs, MemoryCursor.ID_CHUNK)));
            }
            m.resetIdTail();
        }
    }

    /** Applies both memory bounds against the session clock. */
    void evictMemories(final long horizonMicros, final int maxEntries) {
        final long clock = clock();
        final long minTs = clock == OpenChain.ABSENT ? Long.MIN_VALUE : clock - horizonMicros;
        fingerprints.evict(minTs, maxEntries, this::fingerprintRemoved);
        closedIds.evict(minTs, maxEntries, this::closedIdRemoved);
    }

    void clearMemories() {
        fingerprints.clear(this::fingerprintRemoved);
        closedIds.clear(this::closedIdRemoved);
    }

    private void fingerprintRemoved(final long fp, final long seq) {
        summary.memory.fingerprintHeadSeq = seq + 1;
        if (trackChanges && seq % MemoryCursor.FINGERPRINT_CHUNK == MemoryCursor.FINGERPRINT_CHUNK - 1) {
            memoryChanges.add(new FingerprintChunkDropped(seq / MemoryCursor.FINGERPRINT_CHUNK));
        }
    }

    private void closedIdRemoved(final long fp, final long seq) {
        summary.memory.idHeadSeq = seq + 1;
        if (trackChanges && seq % MemoryCursor.ID_CHUNK == MemoryCursor.ID_CHUNK - 1) {
            memoryChanges.add(new IdChunkDropped(seq / MemoryCursor.ID_CHUNK));
        }
    }

    // ---- change tracking ----

    Set<OpenChain> changedChains() {
        return changedChains;
    }

    List<OpenChain> removedChains() {
        return removedChains;
    }

    List<MemoryChange> memoryChanges() {
        return memoryChanges;
    }

    Set<String> changedSymbolLatency() {
        return changedLatency;
    }

    boolean allLatencyChanged() {
        return allLatencyChanged;
    }

    void clearChanges() {
        changedChains.clear();
        removedChains.clear();
        memoryChanges.clear();
        changedLatency.clear();
        allLatencyChanged = false;
    }
}
