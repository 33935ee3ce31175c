package io.exectrace.streams.correlation;

import io.exectrace.events.ChainOutcome;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ParseErrorReason;
import io.exectrace.events.QualityFlags;
import io.exectrace.events.Side;
import io.exectrace.events.Stage;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything counted for one session: the value of the {@code session-summary} store (key = session id) and what
 * the viewer prints. Counts are over DISTINCT events (a redelivery counts once, in {@link #duplicates()}). The
 * latency distributions live next to it in the {@code session-latency} store (see {@link SessionLatencies}),
 * because they change only when a chain closes while this value is rewritten on every event.
 *
 * <p>{@link #lastSeenWallMillis()} is the only wall-clock field (it drives active/idle); everything else follows
 * from the input alone. Getters return read-only views of live state; the stream processor writes a fresh copy
 * to its store after every record. Encoded size (measured): about 150 B of counters, about 85 B per symbol plus
 * 16 B per open FIFO lot and (computed) 25 B per pending fill (the fills of closed chains within the last PnL
 * horizon of event time, 124 s by default), and the unsealed tails of the duplicate and closed-id memories
 * ({@link MemoryCursor}, about 300 B on average, 550 B at most): about 500 B on average for a one-symbol session
 * with few open lots and pending fills, 1.2 KB with ten symbols. The rarely-changing part (symbols, exchanges,
 * mode, risk blocks, symbol stats) is encoded once and copied until it changes.
 */
public final class SessionSummary {
    /** An absent time. */
    public static final long ABSENT = Long.MIN_VALUE;
    /** Distinct risk-block reasons kept per session; further reasons count as {@value #OTHER_REASON}. */
    static final int MAX_REASONS = 64;
    static final String OTHER_REASON = "other";
    static final String UNKNOWN_REASON = "unknown";
    private static final long ONE_SECOND_MICROS = 1_000_000L;
    private static final long ONE_HOUR_MICROS = 3_600_000_000L;
    private static final Stage[] STAGES = Stage.values();
    private static final ParseErrorReason[] PARSE_REASONS = ParseErrorReason.values();
    private static final ChainOutcome[] OUTCOMES = ChainOutcome.values();
    /**
     * Version 2 added the oldest open chain's times and the per-symbol sums' rounding errors, version 3 the
     * per-symbol FIFO lots, version 4 the per-symbol pending fills; older values read with them absent.
     */
    private static final int FORMAT_VERSION = 4;
    private static final int FORMAT_VERSION_3 = 3;
    private static final int FORMAT_VERSION_2 = 2;
    private static final int FORMAT_VERSION_1 = 1;

    private final String sessionId;
    long events;
    long duplicates;
    final long[] byStage = new long[STAGES.length];
    final long[] parseErrors = new long[PARSE_REASONS.length];
    final NavigableSet<String> symbols = new TreeSet<>();
    final NavigableSet<String> exchanges = new TreeSet<>();
    /** Instances known to be in {@link #symbols} / {@link #exchanges} (only ever added to), newest first. */
    private final String[] knownSymbols = new String[8];
    private final String[] knownExchanges = new String[2];
    long firstTsMicros = ABSENT;
    /** The session clock: the latest event time seen for this session. */
    long lastTsMicros = ABSENT;
    String mode;
    long modeTsMicros = ABSENT;
    long errorEvents;
    long unlinkedErrors;
    long unlinkedEvents;
    long lateEvents;
    long conflictingEvents;
    final NavigableMap<String, Long> riskBlocks = new TreeMap<>();
    final long[] chainsByOutcome = new long[OUTCOMES.length];
    long chainsWithOrder;
    long openChains;
    long backwardJumps;
    long gapsOver1h;
    long zonelessTs;
    long nonStringIds;
    long negativeLatencies;
    long previousArrivalTsMicros = ABSENT;
    final NavigableMap<String, SymbolStats> symbolStats = new TreeMap<>();
    long lastSeenWallMillis;
    boolean idleClosed;
    /** Event time of the oldest open chain's first event, {@link #ABSENT} without open chains (stream only). */
    long oldestOpenTsMicros = ABSENT;
    /** Arrival time of the oldest open chain's first record, {@link #ABSENT} when unknown (stream only). */
    long oldestOpenArrivalMillis = ABSENT;
    /** Internal: next chain key, kept here so state keys survive restarts unchanged. */
    long nextChainSeq;
    /** Internal: persistence bookkeeping of the duplicate and closed-id memories. */
    final MemoryCursor memory = new MemoryCursor();
    /**
     * Event time of the earliest pending fill of any symbol ({@link Long#MAX_VALUE}: none), so that releasing on
     * every event looks at the symbols only when one has a fill due; derived, not encoded.
     */
    private long earliestPendingTs = Long.MAX_VALUE;
    /** Cached encoding of the fields that change rarely (symbols, exchanges, mode, risk blocks, symbol stats). */
    private byte[] coldEncoding;

    public SessionSummary(final String sessionId) {
        this.sessionId = sessionId;
    }

    // ---- updates (package-private: only the correlation writes them) ----

    void touch(final long wallMillis) {
        lastSeenWallMillis = wallMillis;
        idleClosed = false;
    }

    void recordParseError(final ParseErrorReason reason) {
        parseErrors[reason.ordinal()]++;
    }

    /** Counts one distinct valid event and advances the session clock. */
    void recordEvent(final ExecutionEvent e) {
        final long ts = e.tsMicros();
        events++;
        byStage[e.stage().ordinal()]++;
        if (e.symbol() != null && addNew(symbols, knownSymbols, e.symbol())) {
            coldEncoding = null;
        }
        if (e.exchange() != null && addNew(exchanges, knownExchanges, e.exchange())) {
            coldEncoding = null;
        }
        if (e.mode() != null && ts >= modeTsMicros) {
            if (!e.mode().equals(mode)) {
                mode = e.mode();
                coldEncoding = null;
            }
            modeTsMicros = ts;
        }
        if (firstTsMicros == ABSENT || ts < firstTsMicros) {
            firstTsMicros = ts;
        }
        if (lastTsMicros == ABSENT || ts > lastTsMicros) {
            lastTsMicros = ts;
        }
        if (previousArrivalTsMicros != ABSENT) {
            if (previousArrivalTsMicros - ts > ONE_SECOND_MICROS) {
                backwardJumps++;
            }
            if (ts - previousArrivalTsMicros > ONE_HOUR_MICROS) {
                gapsOver1h++;
            }
        }
        previousArrivalTsMicros = ts;
        if (e.has(QualityFlags.ZONELESS_TS)) {
            zonelessTs++;
        }
        if (e.has(QualityFlags.NON_STRING_ID)) {
            nonStringIds++;
        }
        if (e.stage() == Stage.ERROR) {
            errorEvents++;
        } else if (e.stage() == Stage.RISK_BLOCK) {
            String reason = e.reason() == null || e.reason().isBlank() ? UNKNOWN_REASON : e.reason();
            if (!riskBlocks.containsKey(reason) && riskBlocks.size() >= MAX_REASONS) {
                reason = OTHER_REASON;
            }
            riskBlocks.merge(reason, 1L, Long::sum);
            coldEncoding = null;
        }
    }

    /**
     * Adds {@code value} to the set unless it is one of the instances the set was last seen to hold (the parser
     * shares the strings of such fields, so most events find theirs there without walking the tree).
     */
    private static boolean addNew(final NavigableSet<String> set, final String[] known, final String value) {
        for (final String k : known) {
            if (k == value) {
                return false;
            }
        }
        final boolean added = set.add(value);
        System.arraycopy(known, 0, known, 1, known.length - 1);
        known[0] = value;
        return added;
    }

    void recordClosedChain(final ClosedChain chain) {
        chainsByOutcome[chain.outcome().ordinal()]++;
        if (chain.hasOrder()) {
            chainsWithOrder++;
        }
        negativeLatencies += chain.clockProblems();
    }

    /**
     * Adds a closing chain's fills to its symbol's totals, and to the symbol's pending fills: they enter the FIFO
     * in event-time order through {@link #releaseFills}, not in the order chains close.
     */
    void recordFills(final OpenChain c) {
        final String symbol = c.symbol;
        if (symbol == null || c.fillCount == 0) {
            return;
        }
        coldEncoding = null;
        final SymbolStats s = symbolStats.computeIfAbsent(symbol, k -> new SymbolStats());
        s.fills += c.fillCount;
        s.filledQuantity.add(c.filledQty);
        if (c.side == Side.BUY) {
            s.buyQuantity.add(c.filledQty);
        } else if (c.side == Side.SELL) {
            s.sellQuantity.add(c.filledQty);
        }
        s.notional.add(c.notional);
        s.fees.add(c.fees);
        s.pricedQuantity.add(c.pricedQty);
        s.priceTimesQuantity.add(c.priceTimesQty);
        c.feedFills(s);
        earliestPendingTs = Math.min(earliestPendingTs, s.pending.firstTs());
    }

    /**
     * Moves every symbol's pending fills whose event time lies more than {@code horizonMicros} behind the session
     * clock into its FIFO, in event-time order.
     */
    void releaseFills(final long horizonMicros) {
        if (lastTsMicros == ABSENT || lastTsMicros < Long.MIN_VALUE + horizonMicros) {
            return;
        }
        release(lastTsMicros - horizonMicros);
    }

    /** Moves every pending fill into its symbol's FIFO (all the session's chains have closed). */
    void flushFills() {
        release(Long.MAX_VALUE);
    }

    private void release(final long tsExclusive) {
        if (earliestPendingTs >= tsExclusive) {
            return;
        }
        for (final SymbolStats st : symbolStats.values()) {
            if (st.pending.size() > 0 && st.pending.releaseBefore(tsExclusive, st.lots) > 0) {
                coldEncoding = null;
            }
        }
        earliestPendingTs = earliestPending();
    }

    private long earliestPending() {
        long ts = Long.MAX_VALUE;
        for (final SymbolStats st : symbolStats.values()) {
            ts = Math.min(ts, st.pending.firstTs());
        }
        return ts;
    }

    long nextChainSeq() {
        return nextChainSeq++;
    }

    // ---- reads ----

    public String sessionId() {
        return sessionId;
    }

    /** Distinct valid events. */
    public long events() {
        return events;
    }

    /** Redeliveries dropped (same fingerprint as an event still remembered). */
    public long duplicates() {
        return duplicates;
    }

    public long events(final Stage stage) {
        return byStage[stage.ordinal()];
    }

    /** Distinct events per stage, stages with a zero count left out. */
    public Map<Stage, Long> eventsByStage() {
        final Map<Stage, Long> m = new EnumMap<>(Stage.class);
        for (final Stage s : STAGES) {
            if (byStage[s.ordinal()] != 0) {
                m.put(s, byStage[s.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Invalid records attributed to this session, per reason (zero counts left out). */
    public Map<ParseErrorReason, Long> parseErrorsByReason() {
        final Map<ParseErrorReason, Long> m = new EnumMap<>(ParseErrorReason.class);
        for (final ParseErrorReason r : PARSE_REASONS) {
            if (parseErrors[r.ordinal()] != 0) {
                m.put(r, parseErrors[r.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    public long parseErrors() {
        long sum = 0;
        for (final long n : parseErrors) {
            sum += n;
        }
        return sum;
    }

    /** Invalid records / all records of the session (valid ones including duplicates); NaN when none. */
    public double parseErrorRate() {
        final long invalid = parseErrors();
        final long all = invalid + events + duplicates;
        return all == 0 ? Double.NaN : (double) invalid / all;
    }

    public NavigableSet<String> symbols() {
        return Collections.unmodifiableNavigableSet(symbols);
    }

    public NavigableSet<String> exchanges() {
        return Collections.unmodifiableNavigableSet(exchanges);
    }

    /** Earliest event time (epoch µs), {@link ClosedChain#ABSENT_TS} before the first valid event. */
    public long firstTsMicros() {
        return firstTsMicros;
    }

    /** Latest event time (epoch µs) = the session clock, {@link ClosedChain#ABSENT_TS} before the first event. */
    public long lastTsMicros() {
        return lastTsMicros;
    }

    /** Lower-cased mode of the latest event (by event time) that carried one, or null. */
    public String mode() {
        return mode;
    }

    /** Events with stage error. */
    public long errorEvents() {
        return errorEvents;
    }

    /** Error events without any id: counted here, linked to no chain. */
    public long unlinkedErrors() {
        return unlinkedErrors;
    }

    /** Acks and cancels without any order id: they cannot be linked and are only counted. */
    public long unlinkedEvents() {
        return unlinkedEvents;
    }

    /** Events whose chain had already closed (e.g. an ack after its chain settled): counted, not re-opened. */
    public long lateEvents() {
        return lateEvents;
    }

    /** A second intent or submit for an id an open chain already has (not a byte-identical duplicate). */
    public long conflictingEvents() {
        return conflictingEvents;
    }

    /** Risk blocks by normalized reason (blank → {@value #UNKNOWN_REASON}, beyond 64 reasons → "other"). */
    public NavigableMap<String, Long> riskBlocksByReason() {
        return Collections.unmodifiableNavigableMap(riskBlocks);
    }

    public long chains(final ChainOutcome outcome) {
        return chainsByOutcome[outcome.ordinal()];
    }

    /** Closed chains per outcome, zero counts left out. */
    public Map<ChainOutcome, Long> chainsByOutcome() {
        final Map<ChainOutcome, Long> m = new EnumMap<>(ChainOutcome.class);
        for (final ChainOutcome o : OUTCOMES) {
            if (chainsByOutcome[o.ordinal()] != 0) {
                m.put(o, chainsByOutcome[o.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    public long closedChains() {
        long sum = 0;
        for (final long n : chainsByOutcome) {
            sum += n;
        }
        return sum;
    }

    /** Closed chains that had an order (a submit). */
    public long chainsWithOrder() {
        return chainsWithOrder;
    }

    /** Chains currently open (waiting for more events, a timeout, or settling). */
    public long openChains() {
        return openChains;
    }

    /** FILLED chains / closed chains that had an order; NaN when no chain with an order has closed. */
    public double fillRate() {
        return chainsWithOrder == 0 ? Double.NaN : (double) chains(ChainOutcome.FILLED) / chainsWithOrder;
    }

    /** RISK_BLOCKED chains / all closed chains; NaN when none has closed. */
    public double rejectRate() {
        final long closed = closedChains();
        return closed == 0 ? Double.NaN : (double) chains(ChainOutcome.RISK_BLOCKED) / closed;
    }

    /** Consecutive events (arrival order) whose time goes back more than 1 s. */
    public long backwardJumps() {
        return backwardJumps;
    }

    /** Consecutive events (arrival order) whose time goes forward more than 1 h. */
    public long gapsOver1h() {
        return gapsOver1h;
    }

    public long zonelessTs() {
        return zonelessTs;
    }

    public long nonStringIds() {
        return nonStringIds;
    }

    /** Latency edges that came out negative (clock problems), never recorded as latencies. */
    public long negativeLatencies() {
        return negativeLatencies;
    }

    /** Per-symbol trading totals of closed chains, by symbol. */
    public NavigableMap<String, SymbolStats> symbolStats() {
        return Collections.unmodifiableNavigableMap(symbolStats);
    }

    /** Wall-clock time (epoch ms) the session last received a record; excluded from determinism checks. */
    public long lastSeenWallMillis() {
        return lastSeenWallMillis;
    }

    /** True once the idle timeout has closed the session (until its next record). */
    /**
     * Arrival time (epoch ms) of the first record of the session's oldest open chain, as of the last write of the
     * session; {@link #ABSENT} when it has no open chain or no arrival clock runs (files).
     */
    public long oldestOpenArrivalMillis() {
        return openChains > 0 ? oldestOpenArrivalMillis : ABSENT;
    }

    /** Event time of the oldest open chain's first event, {@link #ABSENT} without open chains. */
    public long oldestOpenTsMicros() {
        return openChains > 0 ? oldestOpenTsMicros : ABSENT;
    }

    /** Records the oldest of the given open chains (before the summary is written). */
    void noteOldestOpen(final Iterable<OpenChain> chains) {
        long ts = ABSENT;
        long arrival = ABSENT;
        for (final OpenChain c : chains) {
            if (ts == ABSENT || c.rootTs < ts) {
                ts = c.rootTs;
            }
            if (c.firstArrivalMillis != OpenChain.ABSENT && (arrival == ABSENT || c.firstArrivalMillis < arrival)) {
                arrival = c.firstArrivalMillis;
            }
        }
        oldestOpenTsMicros = ts;
        oldestOpenArrivalMillis = arrival;
    }

    public boolean idleClosed() {
        return idleClosed;
    }

    // ---- binary form ----

    byte[] encode() {
        final CompactWriter w = new CompactWriter(192 + 96 * symbolStats.size());
        writeTo(w);
        return w.toByteArray();
    }

    void writeTo(final CompactWriter w) {
        w.writeByte(FORMAT_VERSION);
        w.writeString(sessionId);
        w.writeVarLong(events).writeVarLong(duplicates);
        writeCounts(w, byStage);
        writeCounts(w, parseErrors);
        w.writeSignedVarLong(firstTsMicros).writeSignedVarLong(lastTsMicros).writeSignedVarLong(modeTsMicros);
        w.writeVarLong(errorEvents).writeVarLong(unlinkedErrors).writeVarLong(unlinkedEvents)
                .writeVarLong(lateEvents).writeVarLong(conflictingEvents);
        writeCounts(w, chainsByOutcome);
        w.writeVarLong(chainsWithOrder).writeVarLong(openChains);
        w.writeVarLong(backwardJumps).writeVarLong(gapsOver1h).writeVarLong(zonelessTs).writeVarLong(nonStringIds)
                .writeVarLong(negativeLatencies);
        w.writeSignedVarLong(previousArrivalTsMicros);
        w.writeSignedVarLong(lastSeenWallMillis).writeByte(idleClosed ? 1 : 0);
        w.writeVarLong(nextChainSeq);
        w.writeSignedVarLong(oldestOpenTsMicros).writeSignedVarLong(oldestOpenArrivalMillis);
        memory.writeTo(w);
        if (coldEncoding == null) {
            final CompactWriter cold = new CompactWriter(64 + 96 * symbolStats.size());
            writeCold(cold);
            coldEncoding = cold.toByteArray();
        }
        w.writeBytes(coldEncoding);
    }

    private void writeCold(final CompactWriter w) {
        writeStrings(w, symbols);
        writeStrings(w, exchanges);
        w.writeString(mode);
        w.writeVarLong(riskBlocks.size());
        for (final Map.Entry<String, Long> e : riskBlocks.entrySet()) {
            w.writeString(e.getKey()).writeVarLong(e.getValue());
        }
        w.writeVarLong(symbolStats.size());
        for (final Map.Entry<String, SymbolStats> e : symbolStats.entrySet()) {
            w.writeString(e.getKey());
            e.getValue().writeTo(w);
        }
    }

    static SessionSummary decode(final byte[] bytes) {
        final CompactReader r = new CompactReader(bytes);
        final int version = r.readByte();
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_3 && version != FORMAT_VERSION_2
                && version != FORMAT_VERSION_1) {
            throw new IllegalArgumentException("unknown session summary format " + version);
        }
        final SessionSummary s = new SessionSummary(r.readString());
        s.events = r.readVarLong();
        s.duplicates = r.readVarLong();
        readCounts(r, s.byStage);
        readCounts(r, s.parseErrors);
        s.firstTsMicros = r.readSignedVarLong();
        s.lastTsMicros = r.readSignedVarLong();
        s.modeTsMicros = r.readSignedVarLong();
        s.errorEvents = r.readVarLong();
        s.unlinkedErrors = r.readVarLong();
        s.unlinkedEvents = r.readVarLong();
        s.lateEvents = r.readVarLong();
        s.conflictingEvents = r.readVarLong();
        readCounts(r, s.chainsByOutcome);
        s.chainsWithOrder = r.readVarLong();
        s.openChains = r.readVarLong();
        s.backwardJumps = r.readVarLong();
        s.gapsOver1h = r.readVarLong();
        s.zonelessTs = r.readVarLong();
        s.nonStringIds = r.readVarLong();
        s.negativeLatencies = r.readVarLong();
        s.previousArrivalTsMicros = r.readSignedVarLong();
        s.lastSeenWallMillis = r.readSignedVarLong();
        s.idleClosed = r.readByte() != 0;
        s.nextChainSeq = r.readVarLong();
        if (version >= FORMAT_VERSION_2) {
            s.oldestOpenTsMicros = r.readSignedVarLong();
            s.oldestOpenArrivalMillis = r.readSignedVarLong();
        }
        s.memory.readFrom(r);
        readStrings(r, s.symbols);
        readStrings(r, s.exchanges);
        s.mode = r.readString();
        final int reasons = r.readVarInt();
        for (int i = 0; i < reasons; i++) {
            s.riskBlocks.put(r.readString(), r.readVarLong());
        }
        final int symbolCount = r.readVarInt();
        for (int i = 0; i < symbolCount; i++) {
            s.symbolStats.put(r.readString(), SymbolStats.read(r, version));
        }
        s.earliestPendingTs = s.earliestPending();
        return s;
    }

    /** Counts are written as (length, values) so that adding a stage or reason later stays readable. */
    private static void writeCounts(final CompactWriter w, final long[] counts) {
        w.writeVarLong(counts.length);
        for (final long n : counts) {
            w.writeVarLong(n);
        }
    }

    private static void readCounts(final CompactReader r, final long[] into) {
        final int n = r.readVarInt();
        for (int i = 0; i < n; i++) {
            final long v = r.readVarLong();
            if (i < into.length) {
                into[i] = v;
            }
        }
    }

    private static void writeStrings(final CompactWriter w, final NavigableSet<String> values) {
        w.writeVarLong(values.size());
        for (final String v : values) {
            w.writeString(v);
        }
    }

    private static void readStrings(final CompactReader r, final NavigableSet<String> into) {
        final int n = r.readVarInt();
        for (int i = 0; i < n; i++) {
            into.add(r.readString());
        }
    }
}
