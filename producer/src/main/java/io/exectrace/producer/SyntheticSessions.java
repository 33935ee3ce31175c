package io.exectrace.producer;

import io.exectrace.events.ChainOutcome;
import io.exectrace.events.Side;
import io.exectrace.events.Stage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A deterministic generator of realistic execution sessions: intent → order → (ack) → fill chains with
 * log-normal latencies, partial fills, rejects, cancels, risk blocks, errors, missing orders and fills, a share
 * of events delivered out of order or twice, a share of invalid lines, both dialects (and Peak_Trade's emitter
 * style), several symbols and modes. It hands out records in arrival order on a simulated clock and counts
 * what it decided to generate in {@link #expectedTotals()}. Given a {@link SyntheticVenueFills}, it also writes the
 * venue's fills of its orders there, and the expected totals say what reconciling them must decide.
 *
 * <p><b>Determinism.</b> The same {@link SynthSettings} (seed included) give byte-identical records and totals.
 *
 * <p><b>Outcomes stay unambiguous.</b> Every generated chain ends (or times out) well within the pipeline's
 * timeouts: each latency is capped at 10 s, so a chain's last event is at most about 23 s after its intent.
 * Late delivery moves an event by less than 1 s and never past the event that ends its chain, so it creates no
 * backward time jump over 1 s. Sessions in the emitter style carry no intent ids and are matched FIFO by the
 * pipeline, so there only fills arrive late, and a symbol gets a new intent only after the previous one was
 * decided (or 45 s after an intent left without order). Ids are unique per session; no two distinct events of a
 * session have the same bytes, so every duplicate is one the generator meant.
 *
 * <p><b>Stopping.</b> With {@link SynthSettings#maxLines()} exactly that many records come out (the last chain
 * that would not fit is replaced by single neutral events: signals, passing gates). With
 * {@link SynthSettings#durationMicros()} no chain starts after that much event time. {@link #stop()} stops
 * starting chains at once. Chains already started are always handed out to their end. Not thread-safe.
 */
public final class SyntheticSessions implements Iterator<SyntheticRecord> {
    private static final long MS = 1000;
    private static final long SECOND = 1_000_000;
    private static final double MEAN_LINES_PER_CHAIN = 4.0;
    private static final String[] A_SYMBOLS = {"BTC-USD", "ETH-USD", "SOL-USD", "ADA-USD", "XRP-USD", "DOGE-USD"};
    private static final String[] B_SYMBOLS = {"BTC-EUR", "ETH-EUR", "SOL-EUR", "ADA-EUR", "XRP-EUR", "DOGE-EUR"};
    private static final long[] BASE_CENTS = {9_700_000, 340_000, 19_000, 95, 210, 30};
    private static final String[] A_MODES = {"paper", "PAPER", "backtest", "live"};
    private static final String[] B_MODES = {"shadow", "shadow", "live"};
    private static final String[] EXCHANGES = {"kraken", "binance", "coinbase"};
    private static final String[] STRATEGIES = {"ma_crossover", "mean_reversion", "trend_follow_v1", "breakout"};
    private static final String[] RISK_REASONS = {"max_notional", "min_notional", "max_position", "price_sanity"};
    private static final String[] RISK_GATES = {"MaxNotional", "MinNotional", "MaxPosition", "PriceSanity"};
    private static final String[] REJECT_REASONS = {"insufficient_funds", "invalid_price", "rate_limited"};
    private static final String[] CANCEL_REASONS = {"stale_limit", "user_cancel", "ttl_expired"};

    private static final byte TICK = 0;
    private static final byte VALID = 1;
    private static final byte DUPLICATE = 2;
    private static final byte INVALID = 3;

    /** How a session writes its events. */
    enum Style {
        /** Dialect B, every id present. */
        LEDGER,
        /** Dialect A with intent_id and order_id everywhere. */
        EXPLICIT,
        /** Dialect A as Peak_Trade's JsonlExecutionLogger writes it: no intent ids, client_id, passed. */
        EMITTER
    }

    private final SynthSettings settings;
    private final ExpectedTotals totals;
    private final PriorityQueue<Item> queue = new PriorityQueue<>((a, b) -> a.arrival != b.arrival
            ? Long.compare(a.arrival, b.arrival) : Long.compare(a.seq, b.seq));
    private final long meanChainGapMicros;
    private final LatencyProfile intentToOrder;
    private final LatencyProfile orderToAck;
    private final LatencyProfile orderToFill;
    private final LatencyProfile fillCompletion;
    private final LatencyProfile riskCheck = new LatencyProfile(5, 50);
    private final double[] cumulativeLedger;
    private final double[] cumulativeTelemetry;
    private final EventLines lines = new EventLines();
    private final SyntheticVenueFills venueFills;
    private long seq;
    private long planned;
    private boolean stopped;

    public SyntheticSessions(final SynthSettings settings) {
        this(settings, null);
    }

    /**
     * A generator that also writes the venue's fills of the orders it generates into {@code venueFills} (from a
     * random source of its own: the records are the same as without) and adds what their reconciliation must decide
     * to the expected totals.
     */
    public SyntheticSessions(final SynthSettings settings, final SyntheticVenueFills venueFills) {
        this.settings = settings;
        this.venueFills = venueFills;
        this.totals = new ExpectedTotals(settings, venueFills);
        this.intentToOrder = settings.latencies().get("intent_to_order");
        this.orderToAck = settings.latencies().get("order_to_ack");
        this.orderToFill = settings.latencies().get("order_to_fill");
        this.fillCompletion = settings.latencies().get("fill_completion");
        this.cumulativeLedger = cumulative(settings, true);
        this.cumulativeTelemetry = cumulative(settings, false);
        final double linesPerChain = MEAN_LINES_PER_CHAIN * (1 + settings.duplicates() + settings.invalid());
        this.meanChainGapMicros = Math.max(MS, (long) (settings.sessions() * linesPerChain / settings.eventsPerSecond() * SECOND));
        final SplittableRandom root = new SplittableRandom(settings.seed());
        for (int i = 0; i < settings.sessions(); i++) {
            final Session s = new Session(i, root.split());
            final Item tick = new Item(TICK, s);
            tick.arrival = settings.startMicros() + gap(s.rng);
            tick.seq = seq++;
            queue.add(tick);
        }
    }

    /** The expected totals of what was handed out so far; final once {@link #hasNext()} is false. */
    public ExpectedTotals expectedTotals() {
        return totals;
    }

    /** Starts no more chains; the ones under way are still handed out to their end. */
    public void stop() {
        stopped = true;
    }

    @Override
    public boolean hasNext() {
        while (!queue.isEmpty() && queue.peek().kind == TICK) {
            final Item tick = queue.poll();
            tick(tick.session, tick.arrival);
        }
        if (queue.isEmpty()) {
            totals.markComplete();
            return false;
        }
        return true;
    }

    @Override
    public SyntheticRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        final Item item = queue.poll();
        final Session s = item.session;
        if (item.kind == INVALID) {
            totals.invalidLine(s.counts);
        } else {
            totals.validLine(s.counts, item.stage, item.ts, item.symbol, item.kind == DUPLICATE);
        }
        final Chain chain = item.chain;
        if (--chain.remaining == 0 && chain.outcome != null) {
            totals.chainEnded(s.counts, chain.outcome, chain.riskReason, chain.edges);
        }
        return new SyntheticRecord(s.id, item.bytes, item.arrival);
    }

    // ---- sessions and chains ------------------------------------------------------------------------------

    private final class Session {
        final int index;
        final SplittableRandom rng;
        final String id;
        final Style style;
        final String mode;
        final String exchange;
        final String strategy;
        final int[] symbols;
        final long[] priceCents;
        final long[] freeAt;
        final ExpectedTotals.Session counts;
        int chainSeq;
        int noiseSeq;

        Session(final int index, final SplittableRandom rng) {
            this.index = index;
            this.rng = rng;
            this.id = String.format(java.util.Locale.ROOT, "synth-%d-s%04d", settings.seed(), index + 1);
            if (rng.nextDouble() < settings.ledgerShare()) {
                style = Style.LEDGER;
            } else {
                style = rng.nextBoolean() ? Style.EMITTER : Style.EXPLICIT;
            }
            mode = style == Style.LEDGER ? B_MODES[rng.nextInt(B_MODES.length)] : A_MODES[rng.nextInt(A_MODES.length)];
            exchange = style == Style.LEDGER ? EXCHANGES[rng.nextInt(EXCHANGES.length)] : null;
            strategy = STRATEGIES[rng.nextInt(STRATEGIES.length)];
            final int count = 1 + rng.nextInt(4);
            final int first = rng.nextInt(A_SYMBOLS.length);
            symbols = new int[count];
            priceCents = new long[count];
            freeAt = new long[count];
            for (int i = 0; i < count; i++) {
                symbols[i] = (first + i) % A_SYMBOLS.length;
                priceCents[i] = BASE_CENTS[symbols[i]];
            }
            counts = totals.add(new ExpectedTotals.Session(id,
                    style == Style.LEDGER ? "ledger_v1" : "telemetry_v1",
                    style.name().toLowerCase(java.util.Locale.ROOT), mode.toLowerCase(java.util.Locale.ROOT), exchange,
                    style == Style.EMITTER, venueFills != null && (venueFills.covers(exchange)
                            || (style != Style.LEDGER && "live".equalsIgnoreCase(mode)))));
        }

        String symbol(final int slot) {
            return (style == Style.LEDGER ? B_SYMBOLS : A_SYMBOLS)[symbols[slot]];
        }

        long walk(final int slot) {
            final long next = Math.round(priceCents[slot] * Math.exp(0.001 * rng.nextGaussian()));
            priceCents[slot] = Math.max(1, next);
            return priceCents[slot];
        }

        long quantize(final long micros) {
            return style == Style.EMITTER ? micros : micros - Math.floorMod(micros, MS);
        }
    }

    /** What the expected totals learn once a chain's last record was handed out. */
    private static final class Chain {
        ChainOutcome outcome;
        String riskReason;
        final long[] edges = {-1, -1, -1, -1, -1};
        int remaining;
        /** The chain's facts and fills, for the venue's side; null for filler. */
        Ctx ctx;
        List<Item> fills;
    }

    private static final class Item {
        final byte kind;
        final Session session;
        long arrival;
        long seq;
        Stage stage;
        long ts;
        String symbol;
        byte[] bytes;
        Chain chain;
        boolean terminal;
        Ctx ctx;
        long fillLots;
        boolean fillFilled;
        int reasonIndex;

        Item(final byte kind, final Session session) {
            this.kind = kind;
            this.session = session;
        }
    }

    private void tick(final Session s, final long t) {
        if (stopped || (settings.durationMicros() > 0 && t >= settings.startMicros() + settings.durationMicros())
                || (settings.maxLines() > 0 && planned >= settings.maxLines())) {
            return;
        }
        List<Item> plan = planChain(s, t);
        if (settings.maxLines() > 0 && planned + plan.size() > settings.maxLines()) {
            plan = filler(s, t);
        }
        for (final Item item : plan) {
            item.seq = seq++;
            queue.add(item);
        }
        planned += plan.size();
        if (venueFills != null && !plan.isEmpty()) {
            venueSide(plan.get(0).chain);
        }
        final Item next = new Item(TICK, s);
        next.arrival = t + gap(s.rng);
        next.seq = seq++;
        queue.add(next);
    }

    /**
     * The venue's fills of a chain about to be handed out, when the venue can name its order: a ledger session's
     * acked order (its ack and fills carry the broker order id) on a venue the fills are written for. The other
     * orders that reconciliation takes (it finds them by client order id) get no venue fills: a ledger order never
     * acked on such a venue, and a Peak_Trade live session's order (it names no venue); each of their fills must be
     * decided {@code missing_at_venue}.
     */
    private void venueSide(final Chain chain) {
        final Ctx c = chain.ctx;
        if (c == null || chain.fills.isEmpty() || c.session.counts.reconciliation == null) {
            return;
        }
        if (c.session.style != Style.LEDGER) {
            c.session.counts.reconciliation[SyntheticVenueFills.MISSING_AT_VENUE] += chain.fills.size();
            return;
        }
        if (!c.acked) {
            // Its fills carry no broker order id: the venue's fills could only find it by client order id.
            c.session.counts.fillsWithoutBrokerOrderId += chain.fills.size();
            c.session.counts.reconciliation[SyntheticVenueFills.MISSING_AT_VENUE] += chain.fills.size();
            return;
        }
        final int n = chain.fills.size();
        final long[] ts = new long[n];
        final long[] lots = new long[n];
        final long[] fees = new long[n];
        final long price = EventLines.fillPrice(c);
        for (int i = 0; i < n; i++) {
            final Item fill = chain.fills.get(i);
            ts[i] = fill.ts;
            lots[i] = fill.fillLots;
            fees[i] = EventLines.fee(fill.fillLots, price);
        }
        venueFills.order(c.session.counts.reconciliation, c.session.exchange, EventLines.brokerId(c.session, c),
                "c-" + c.n, c.session.symbol(c.slot), c.side, price, ts, lots, fees);
    }

    private long gap(final SplittableRandom rng) {
        return Math.max(MS, (long) (-Math.log(1 - rng.nextDouble()) * meanChainGapMicros));
    }

    private List<Item> planChain(final Session s, final long t) {
        final SplittableRandom rng = s.rng;
        final int n = ++s.chainSeq;
        final Chain chain = new Chain();
        final ChainOutcome outcome = drawOutcome(s);
        chain.outcome = outcome;
        int slot = rng.nextInt(s.symbols.length);
        final long t0 = t;
        if (s.style == Style.EMITTER) {
            slot = freeSymbol(s, slot, t);
            if (slot < 0) {
                // Every symbol still has an undecided intent: a new one would make FIFO matching ambiguous.
                s.chainSeq--;
                return List.of();
            }
        }
        final Side side = rng.nextBoolean() ? Side.BUY : Side.SELL;
        final long qtyLots = (1 + rng.nextInt(500)) * 1000L;
        final long price = s.walk(slot);
        final Ctx c = new Ctx(s, slot, side, qtyLots, price, n);
        final List<Item> events = new ArrayList<>(8);

        long tIntent = t0;
        if (s.style == Style.LEDGER && rng.nextDouble() < 0.3) {
            events.add(event(c, Stage.SIGNAL, t0));
            tIntent = t0 + (1 + rng.nextInt(10)) * MS;
        }
        final Item intent = event(c, Stage.INTENT, tIntent);
        events.add(intent);
        if (s.style != Style.LEDGER && outcome != ChainOutcome.RISK_BLOCKED && rng.nextDouble() < 0.7) {
            events.add(event(c, Stage.GATE_PASS, tIntent + 100 + rng.nextInt(5000)));
        }
        Item submit = null;
        Item ack = null;
        final List<Item> fills = new ArrayList<>(4);
        Item decision = null;
        switch (outcome) {
            case RISK_BLOCKED -> {
                c.reasonIndex = rng.nextInt(RISK_REASONS.length);
                chain.riskReason = RISK_REASONS[c.reasonIndex];
                decision = terminal(events, event(c, Stage.RISK_BLOCK, tIntent + riskCheck.sampleMicros(rng)));
            }
            case MISSING_ORDER -> {
                // The intent stays alone: the pipeline closes it after its 30 s intent timeout.
            }
            case ERROR -> {
                c.reasonIndex = rng.nextInt(REJECT_REASONS.length);
                if (s.style != Style.EMITTER && rng.nextDouble() < 0.3) {
                    decision = terminal(events, event(c, Stage.ERROR, tIntent + intentToOrder.sampleMicros(rng)));
                } else {
                    submit = event(c, Stage.SUBMIT, tIntent + intentToOrder.sampleMicros(rng));
                    events.add(submit);
                    c.orderLevel = true;
                    terminal(events, event(c, Stage.ERROR, submit.ts + orderToAck.sampleMicros(rng)));
                    decision = submit;
                }
            }
            default -> {
                submit = event(c, Stage.SUBMIT, tIntent + intentToOrder.sampleMicros(rng));
                events.add(submit);
                decision = submit;
                if (s.style == Style.LEDGER && rng.nextDouble() < 0.9) {
                    ack = event(c, Stage.ACK, submit.ts + orderToAck.sampleMicros(rng));
                    events.add(ack);
                    c.acked = true;
                }
                final long after = ack != null ? ack.ts : submit.ts;
                switch (outcome) {
                    case FILLED -> planFills(c, events, fills, submit.ts, after, qtyLots, rng.nextDouble() < 0.85 ? 1 : 2 + rng.nextInt(3), true);
                    case PARTIALLY_FILLED -> {
                        final long filled = Math.max(1, Math.min(qtyLots - 1, (long) (qtyLots * (0.3 + 0.6 * rng.nextDouble()))));
                        final boolean cancelled = s.style == Style.LEDGER && rng.nextDouble() < 0.7;
                        planFills(c, events, fills, submit.ts, after, filled, 1 + rng.nextInt(3), false);
                        if (cancelled) {
                            c.reasonIndex = rng.nextInt(CANCEL_REASONS.length);
                            terminal(events, event(c, Stage.CANCEL, fills.get(fills.size() - 1).ts + (100 + rng.nextInt(2900)) * MS));
                        }
                    }
                    case CANCELLED -> {
                        c.reasonIndex = rng.nextInt(CANCEL_REASONS.length);
                        terminal(events, event(c, Stage.CANCEL, after + (100 + rng.nextInt(2900)) * MS));
                    }
                    default -> {
                        // MISSING_FILL: the order stays open; the pipeline's 60 s order timeout ends it.
                    }
                }
            }
        }
        if (s.style == Style.EMITTER) {
            s.freeAt[slot] = decision != null ? decision.ts + MS : intent.ts + 45 * SECOND;
        }
        if (rng.nextDouble() < 0.01) {
            final Item noise = event(c, Stage.ERROR, t0 + rng.nextInt(1_000_000));
            noise.symbol = null;
            noise.bytes = lines.sessionError(s, noise.ts, ++s.noiseSeq);
            events.add(noise);
        }
        edges(chain, intent, submit, ack, fills);
        chain.ctx = c;
        chain.fills = fills;
        return deliver(s, chain, events);
    }

    /** The chain's timeline is fixed; now its bytes, late arrivals, duplicates and invalid lines. */
    private List<Item> deliver(final Session s, final Chain chain, final List<Item> events) {
        final SplittableRandom rng = s.rng;
        long terminalTs = Long.MAX_VALUE;
        for (final Item e : events) {
            if (e.terminal) {
                terminalTs = e.ts;
            }
        }
        final List<Item> out = new ArrayList<>(events.size() + 2);
        for (final Item e : events) {
            if (e.bytes == null) {
                e.bytes = lines.render(s, e);
            }
            e.arrival = e.ts;
            e.chain = chain;
            final boolean mayBeLate = !e.terminal && (s.style != Style.EMITTER || e.stage == Stage.FILL);
            if (mayBeLate && rng.nextDouble() < settings.outOfOrder()) {
                long delay = (50 + rng.nextInt(850)) * MS;
                if (terminalTs != Long.MAX_VALUE) {
                    delay = Math.min(delay, terminalTs - e.ts - MS);
                }
                if (delay >= MS) {
                    e.arrival = e.ts + delay;
                }
            }
            out.add(e);
            if (rng.nextDouble() < settings.duplicates()) {
                final Item copy = new Item(DUPLICATE, s);
                copy.stage = e.stage;
                copy.ts = e.ts;
                copy.symbol = e.symbol;
                copy.bytes = e.bytes;
                copy.chain = chain;
                final long lateness = e.arrival - e.ts;
                copy.arrival = e.arrival + MS + rng.nextInt((int) Math.max(1, 900 * MS - lateness));
                out.add(copy);
            }
            if (rng.nextDouble() < settings.invalid()) {
                final Item bad = new Item(INVALID, s);
                bad.bytes = lines.invalid(s, e, rng);
                bad.arrival = e.arrival + rng.nextInt((int) (200 * MS));
                bad.chain = chain;
                out.add(bad);
            }
        }
        chain.remaining = out.size();
        return out;
    }

    private void planFills(final Ctx c, final List<Item> events, final List<Item> fills, final long submitTs,
                           final long after, final long lots, final int count, final boolean completes) {
        final SplittableRandom rng = c.session.rng;
        final long first = Math.max(submitTs + orderToFill.sampleMicros(rng), after + MS);
        final long completion = count > 1 ? fillCompletion.sampleMicros(rng) : 0;
        final long[] parts = split(lots, count, rng);
        long previous = first - MS;
        for (int i = 0; i < count; i++) {
            final long raw = count == 1 ? first : first + completion * i / (count - 1);
            c.fillLots = parts[i];
            c.fillFilled = completes && i == count - 1;
            final Item fill = event(c, Stage.FILL, Math.max(raw, previous + MS));
            previous = fill.ts;
            fills.add(fill);
            if (completes && i == count - 1) {
                terminal(events, fill);
            } else {
                events.add(fill);
            }
        }
    }

    private static long[] split(final long lots, final int count, final SplittableRandom rng) {
        final long[] parts = new long[count];
        long left = lots;
        for (int i = 0; i < count - 1; i++) {
            final long share = Math.max(1, (long) (left * (0.2 + 0.5 * rng.nextDouble())));
            parts[i] = Math.min(share, left - (count - 1 - i));
            left -= parts[i];
        }
        parts[count - 1] = left;
        return parts;
    }

    private static Item terminal(final List<Item> events, final Item item) {
        item.terminal = true;
        events.add(item);
        return item;
    }

    private void edges(final Chain chain, final Item intent, final Item submit, final Item ack, final List<Item> fills) {
        if (submit != null) {
            chain.edges[0] = submit.ts - intent.ts;
            if (ack != null) {
                chain.edges[1] = ack.ts - submit.ts;
            }
        }
        if (!fills.isEmpty()) {
            final long first = fills.get(0).ts;
            final long last = fills.get(fills.size() - 1).ts;
            chain.edges[2] = first - submit.ts;
            chain.edges[3] = first - intent.ts;
            chain.edges[4] = last - first;
        }
    }

    private List<Item> filler(final Session s, final long t) {
        final Chain chain = new Chain();
        final Ctx c = new Ctx(s, s.rng.nextInt(s.symbols.length), Side.UNKNOWN, 1000, s.priceCents[0], ++s.chainSeq);
        c.filler = true;
        final Item item = event(c, s.style == Style.LEDGER ? Stage.SIGNAL : Stage.GATE_PASS, t);
        item.bytes = lines.render(s, item);
        item.arrival = item.ts;
        item.chain = chain;
        chain.remaining = 1;
        chain.outcome = null;
        return List.of(item);
    }

    /** A symbol without an undecided intent, starting at {@code preferred}; -1 when there is none. */
    private static int freeSymbol(final Session s, final int preferred, final long t) {
        for (int i = 0; i < s.symbols.length; i++) {
            final int slot = (preferred + i) % s.symbols.length;
            if (s.freeAt[slot] <= t) {
                return slot;
            }
        }
        return -1;
    }

    private ChainOutcome drawOutcome(final Session s) {
        final double[] cumulative = s.style == Style.LEDGER ? cumulativeLedger : cumulativeTelemetry;
        final double x = s.rng.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (x < cumulative[i]) {
                return ChainOutcome.values()[i];
            }
        }
        return ChainOutcome.FILLED;
    }

    /** Cumulative outcome weights; dialect A has no cancel, so its chains are never CANCELLED. */
    private static double[] cumulative(final SynthSettings settings, final boolean ledger) {
        final ChainOutcome[] outcomes = ChainOutcome.values();
        final double[] cumulative = new double[outcomes.length];
        double sum = 0;
        for (int i = 0; i < outcomes.length; i++) {
            final double w = settings.mix().getOrDefault(outcomes[i], 0.0);
            sum += !ledger && outcomes[i] == ChainOutcome.CANCELLED ? 0 : w;
            cumulative[i] = sum;
        }
        if (!(sum > 0)) {
            // Only cancels asked for: dialect A sessions fill instead.
            Arrays.fill(cumulative, 1.0);
        }
        return cumulative;
    }

    /** The facts of the chain being planned, shared by its events. */
    private static final class Ctx {
        final Session session;
        final int slot;
        final Side side;
        final long qtyLots;
        final long priceCents;
        final int n;
        int reasonIndex;
        boolean acked;
        boolean orderLevel;
        boolean filler;
        long fillLots;
        boolean fillFilled;

        Ctx(final Session session, final int slot, final Side side, final long qtyLots, final long priceCents,
            final int n) {
            this.session = session;
            this.slot = slot;
            this.side = side;
            this.qtyLots = qtyLots;
            this.priceCents = priceCents;
            this.n = n;
        }
    }

    private Item event(final Ctx c, final Stage stage, final long rawTs) {
        final Item item = new Item(VALID, c.session);
        item.stage = stage;
        item.ts = c.session.quantize(rawTs);
        item.symbol = c.session.symbol(c.slot);
        item.ctx = c;
        item.fillLots = c.fillLots;
        item.fillFilled = c.fillFilled;
        item.reasonIndex = c.reasonIndex;
        return item;
    }

    /** Writes the lines: dialect B like the ledger fixture, dialect A explicit, or exactly like the emitter. */
    private static final class EventLines {
        private final JsonLineWriter out = new JsonLineWriter(512);
        private final IsoTimestampFormat timestamps = new IsoTimestampFormat();
        private final StringBuilder number = new StringBuilder(24);

        byte[] render(final Session s, final Item e) {
            out.reset().spaced(s.style == Style.EMITTER);
            if (s.style == Style.LEDGER) {
                ledger(s, e);
            } else {
                telemetry(s, e);
            }
            return out.toByteArray();
        }

        private void ts(final Session s, final long micros) {
            out.name("ts");
            timestamps.writeQuoted(out, micros, s.style == Style.EMITTER
                    ? IsoTimestampFormat.Style.MICROS_OFFSET : IsoTimestampFormat.Style.MILLIS_Z);
        }

        private void ledger(final Session s, final Item e) {
            final Ctx c = e.ctx;
            final Stage stage = e.stage;
            final boolean hasIntent = stage != Stage.SIGNAL && !c.filler;
            final boolean hasOrder = stage == Stage.SUBMIT || stage == Stage.ACK || stage == Stage.FILL
                    || stage == Stage.CANCEL || (stage == Stage.ERROR && c.orderLevel);
            final boolean hasBroker = c.acked && (stage == Stage.ACK || stage == Stage.FILL || stage == Stage.CANCEL);
            out.beginObject();
            ts(s, e.ts);
            out.field("mode", s.mode);
            out.field("run_id", s.id);
            out.field("stage", stage.label());
            out.field("strategy_id", s.strategy);
            out.field("symbol", e.symbol);
            out.field("exchange", s.exchange);
            out.fieldOrNull("intent_id", hasIntent ? "i-" + c.n : null);
            out.fieldOrNull("client_order_id", hasOrder ? "c-" + c.n : null);
            out.fieldOrNull("broker_order_id", hasBroker ? brokerId(s, c) : null);
            out.field("correlation_id", (c.filler ? "t-f" : "t-") + c.n);
            out.field("status", ledgerStatus(e));
            out.numberField("qty", lots(stage == Stage.FILL ? e.fillLots : c.qtyLots));
            final long price = stage == Stage.FILL ? fillPrice(c) : c.priceCents;
            out.numberField("price", cents(price));
            out.numberField("fee", cents(stage == Stage.FILL ? fee(e.fillLots, price) : 0));
            out.field("reason", reason(e));
            if (stage == Stage.ERROR) {
                out.field("error", "order rejected by venue: " + REJECT_REASONS[e.reasonIndex]);
            }
            out.numberField("latency_ms", stage == Stage.ACK ? "12.5" : "0.0");
            out.endObject();
        }

        private void telemetry(final Session s, final Item e) {
            final Ctx c = e.ctx;
            final boolean explicit = s.style == Style.EXPLICIT;
            out.beginObject();
            ts(s, e.ts);
            out.field("session_id", s.id);
            out.field("symbol", e.symbol);
            out.field("mode", s.mode);
            out.field("kind", switch (e.stage) {
                case INTENT -> "intent";
                case SUBMIT -> "order";
                case FILL -> "fill";
                case ERROR -> "error";
                default -> "gate";
            });
            out.beginObject("payload");
            final String orderId = explicit ? "o-" + c.n : emitterOrderId(c.n);
            switch (e.stage) {
                case INTENT -> {
                    if (explicit) {
                        out.field("intent_id", "i-" + c.n);
                    }
                    out.field("side", c.side.name());
                    out.numberField("quantity", lots(c.qtyLots));
                    out.numberField("current_price", cents(c.priceCents));
                    out.field("strategy_key", s.strategy);
                }
                case GATE_PASS, RISK_BLOCK -> {
                    final boolean pass = e.stage == Stage.GATE_PASS;
                    out.field("gate_name", c.filler ? "Heartbeat" : pass ? "PriceSanity" : RISK_GATES[e.reasonIndex]);
                    if (explicit) {
                        out.field("decision", pass ? "ALLOW" : "BLOCK");
                    } else {
                        out.field("passed", pass);
                    }
                    if (!pass) {
                        out.field("reason", RISK_REASONS[e.reasonIndex]);
                    }
                    if (explicit && !c.filler) {
                        out.field("intent_id", "i-" + c.n);
                    }
                }
                case SUBMIT -> {
                    out.field(explicit ? "order_id" : "client_id", orderId);
                    if (explicit) {
                        out.field("intent_id", "i-" + c.n);
                    }
                    out.field("side", c.side.name());
                    out.numberField("quantity", lots(c.qtyLots));
                    out.field("order_type", "MARKET");
                }
                case FILL -> {
                    out.field(explicit ? "order_id" : "client_id", orderId);
                    out.numberField("filled_quantity", lots(e.fillLots));
                    final long price = fillPrice(c);
                    out.numberField("fill_price", cents(price));
                    out.numberField("fill_notional", cents(e.fillLots * price / 1_000_000));
                    out.numberField("fill_fee", cents(fee(e.fillLots, price)));
                }
                case ERROR -> {
                    out.field("error", "order rejected by venue: " + REJECT_REASONS[e.reasonIndex]);
                    if (c.orderLevel) {
                        out.field("order_id", orderId);
                    }
                    if (explicit) {
                        out.field("intent_id", "i-" + c.n);
                    }
                }
                default -> throw new IllegalStateException("dialect A has no " + e.stage);
            }
            out.endObject();
            out.endObject();
        }

        /** An error without ids: counted for the session, linked to no chain. */
        byte[] sessionError(final Session s, final long ts, final int n) {
            final String message = "ConnectionError: market data websocket closed, reconnecting (" + n + ")";
            out.reset().spaced(s.style == Style.EMITTER);
            out.beginObject();
            ts(s, ts);
            if (s.style == Style.LEDGER) {
                out.field("mode", s.mode);
                out.field("run_id", s.id);
                out.field("stage", "error");
                out.field("exchange", s.exchange);
                out.field("status", "error");
                out.field("error", message);
            } else {
                out.field("session_id", s.id);
                out.field("mode", s.mode);
                out.field("kind", "error");
                out.beginObject("payload");
                out.field("error", message);
                out.endObject();
            }
            out.endObject();
            return out.toByteArray();
        }

        /** A line the parser must reject, of one of five kinds seen in real logs. */
        byte[] invalid(final Session s, final Item e, final SplittableRandom rng) {
            final int kind = rng.nextInt(5);
            final boolean ledger = s.style == Style.LEDGER;
            switch (kind) {
                case 0 -> {
                    return (IsoTimestampFormat.text(e.ts, IsoTimestampFormat.Style.MILLIS_Z)
                            + " WARNING peak_trade.execution: order book for " + e.symbol + " is stale")
                            .getBytes(StandardCharsets.UTF_8);
                }
                case 1 -> {
                    return Arrays.copyOf(e.bytes, 1 + rng.nextInt(e.bytes.length - 2));
                }
                default -> {
                    out.reset().spaced(s.style == Style.EMITTER);
                    out.beginObject();
                    if (kind == 2) {
                        out.name("timestamp");
                        timestamps.writeQuoted(out, e.ts, IsoTimestampFormat.Style.MILLIS_Z);
                    } else if (kind == 3) {
                        out.field("ts", "20/12/2025 10:00:00");
                    } else {
                        ts(s, e.ts);
                    }
                    out.field(ledger ? "run_id" : "session_id", s.id);
                    out.field(ledger ? "stage" : "kind", kind == 4 ? "heartbeat" : e.stage == Stage.INTENT ? "intent" : "error");
                    out.field("symbol", e.symbol);
                    out.endObject();
                    return out.toByteArray();
                }
            }
        }

        /** The emitter numbers its orders {@code pt-0001}, {@code pt-0002}... */
        private static String emitterOrderId(final int n) {
            final String digits = Integer.toString(n);
            return digits.length() >= 4 ? "pt-" + digits : "pt-" + "0000".substring(digits.length()) + digits;
        }

        private static String ledgerStatus(final Item e) {
            return switch (e.stage) {
                case SIGNAL -> "emitted";
                case INTENT -> "created";
                case SUBMIT -> "submitted";
                case ACK -> "acked";
                case FILL -> e.fillFilled ? "filled" : "partially_filled";
                case CANCEL -> "cancelled";
                case RISK_BLOCK -> "blocked";
                case ERROR -> "rejected";
                default -> "";
            };
        }

        private static String reason(final Item e) {
            return switch (e.stage) {
                case RISK_BLOCK -> RISK_REASONS[e.reasonIndex];
                case CANCEL -> CANCEL_REASONS[e.reasonIndex];
                case ERROR -> REJECT_REASONS[e.reasonIndex];
                default -> "";
            };
        }

        private static String brokerId(final Session s, final Ctx c) {
            return "O" + Long.toString((long) s.index * 1_000_003L + c.n * 7919L, 36).toUpperCase(java.util.Locale.ROOT);
        }

        private static long fillPrice(final Ctx c) {
            // Slippage of a few basis points, fixed per chain so every fill of an order has one price.
            return Math.max(1, c.priceCents + (c.side == Side.BUY ? 1 : -1) * (c.priceCents * (c.n % 5) / 10_000));
        }

        private static long fee(final long lots, final long priceCents) {
            return lots * priceCents / 1_000_000 / 1000;
        }

        /** Quantity in millionths as a decimal: 500000 → {@code 0.5}, 2000000 → {@code 2.0}. */
        private CharSequence lots(final long lots) {
            return decimal(lots, 1_000_000, 6);
        }

        private CharSequence cents(final long cents) {
            return decimal(cents, 100, 2);
        }

        private CharSequence decimal(final long value, final long unit, final int digits) {
            number.setLength(0);
            number.append(value / unit).append('.');
            final int start = number.length();
            long fraction = value % unit;
            for (long d = unit / 10; d > 0; d /= 10) {
                number.append((char) ('0' + fraction / d));
                fraction %= d;
            }
            int end = number.length();
            while (end > start + 1 && number.charAt(end - 1) == '0') {
                end--;
            }
            number.setLength(end);
            return number;
        }
    }
}
