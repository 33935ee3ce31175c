package io.exectrace.producer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.exectrace.events.Side;
import io.exectrace.events.VenueFill;
import io.exectrace.events.VenueFillJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The venue's side of a synthetic run: for every generated order the venue can name (a ledger session's acked order
 * with fills: its ack and fills carry the {@code broker_order_id} the venue's fills are keyed by), the venue's fills,
 * with injected differences; and what reconciling them against ours must decide, per session and at venue level
 * (the rule of fixtures/README.md, "How fills are reconciled", with its default tolerances).
 *
 * <p>A venue fill copies one of ours: same quantity, price and fee, its time 1.2 to 2.5 ms earlier (as the venue's
 * clock runs in {@code ledger_v1}). With probability {@link #mismatchRate()} an order gets one injected difference,
 * each kind equally likely ({@link Injection}). The changed fill is one whose quantity no other fill of the order
 * has (else the order gets an extra fill instead), and a changed quantity is one no fill of the order has: so the
 * rule's pairing by value leaves exactly the changed pair to its time-order step and every count is certain,
 * whatever order the fills arrive in. An order with two fills of one quantity more than 4.99 s apart (which the rule
 * could pair crosswise, depending on arrival order) gets no venue fills at all: its fills are all
 * {@code missing_at_venue}. Orders the venue cannot name get none either (chains without an ack, dialect A), and
 * the stream does not reconcile them.
 *
 * <p>Draws from its own random source, so the event records are the same with or without venue fills. Not
 * thread-safe.
 */
public final class SyntheticVenueFills {
    /** Default share of orders with an injected difference. */
    public static final double DEFAULT_MISMATCH_RATE = 0.05;
    /** The results of reconciliation, in the API's order. */
    static final List<String> RESULTS = List.of("matched", "qty_mismatch", "price_mismatch", "fee_mismatch",
            "missing_at_venue", "missing_in_ledger");
    static final int MATCHED = 0;
    static final int QTY_MISMATCH = 1;
    static final int PRICE_MISMATCH = 2;
    static final int FEE_MISMATCH = 3;
    static final int MISSING_AT_VENUE = 4;
    static final int MISSING_IN_LEDGER = 5;

    private static final long MS = 1000;
    /** Equal fills further apart than this could pair crosswise (time tolerance 5 s, less the venue's offset). */
    private static final long CROSS_PAIR_SAFE_MICROS = 4_990_000;
    private static final int KRAKEN_PAGE = 50;
    private static final Map<String, String> KRAKEN_PAIRS = Map.of("BTC-EUR", "XXBTZEUR", "ETH-EUR", "XETHZEUR",
            "SOL-EUR", "SOLEUR", "ADA-EUR", "ADAEUR", "XRP-EUR", "XXRPZEUR", "DOGE-EUR", "XDGEUR");

    /** The differences injected, one per order at most. */
    public enum Injection {
        /** One venue fill of another quantity: {@code qty_mismatch}. */
        QTY("qty_mismatch"),
        /** One venue fill at another price: {@code price_mismatch}. */
        PRICE("price_mismatch"),
        /** One venue fill with another fee: {@code fee_mismatch}. */
        FEE("fee_mismatch"),
        /** One of our fills without its venue fill: {@code missing_at_venue}. */
        DROPPED("dropped"),
        /** One venue fill more for the order: {@code missing_in_ledger} in the order's session. */
        EXTRA("extra"),
        /** A venue fill for an order id that is none of ours: {@code missing_in_ledger} at venue level. */
        FOREIGN("foreign");

        private final String label;

        Injection(final String label) {
            this.label = label;
        }

        /** The name in the expected totals. */
        public String label() {
            return label;
        }
    }

    private final VenueFillFormat format;
    private final double mismatchRate;
    private final Set<String> venues;
    private final SplittableRandom rng;
    private final List<VenueFill> fills = new ArrayList<>();
    private final EnumMap<Injection, Long> injected = new EnumMap<>(Injection.class);
    private final TreeMap<String, Long> venueLevel = new TreeMap<>();
    private long orders;
    private long unmatchable;
    private long tradeSeq;
    private long foreignSeq;

    /**
     * @param seed         the run's seed (the venue's own random source is derived from it)
     * @param format       the file's format; a Kraken export holds Kraken's fills only
     * @param mismatchRate share of orders with an injected difference, 0..1
     */
    public SyntheticVenueFills(final long seed, final VenueFillFormat format, final double mismatchRate) {
        if (!(mismatchRate >= 0 && mismatchRate <= 1)) {
            throw new IllegalArgumentException("--venue-mismatch-rate must be a share between 0 and 1, got "
                    + mismatchRate);
        }
        this.format = format;
        this.mismatchRate = mismatchRate;
        this.venues = format == VenueFillFormat.KRAKEN_TRADES ? Set.of("kraken")
                : Collections.unmodifiableSet(new TreeSet<>(Set.of("kraken", "binance", "coinbase")));
        this.rng = new SplittableRandom(seed ^ 0x5EEDF111L);
        for (final Injection kind : Injection.values()) {
            injected.put(kind, 0L);
        }
    }

    public VenueFillFormat format() {
        return format;
    }

    public double mismatchRate() {
        return mismatchRate;
    }

    /** The venues whose fills are written; the expected counts assume {@code reconciliation.venues} lists them. */
    public Set<String> venues() {
        return venues;
    }

    /** Whether a session trading on {@code exchange} is reconciled. */
    boolean covers(final String exchange) {
        return exchange != null && venues.contains(exchange);
    }

    /** Every venue fill so far, in venue time order (file order for equal times). */
    public List<VenueFill> fills() {
        final List<VenueFill> sorted = new ArrayList<>(fills);
        sorted.sort(Comparator.comparingLong(VenueFill::tsMicros));
        return sorted;
    }

    /** Orders of ours the venue filled, so far. */
    public long orders() {
        return orders;
    }

    /** Orders given no venue fills because two equal fills of theirs could pair crosswise. */
    public long unmatchable() {
        return unmatchable;
    }

    /** How many orders got each injected difference. */
    public Map<Injection, Long> injected() {
        return Collections.unmodifiableMap(injected);
    }

    /** Venue-level {@code missing_in_ledger} per venue: fills for order ids that are none of ours. */
    public Map<String, Long> venueLevel() {
        return Collections.unmodifiableMap(venueLevel);
    }

    /**
     * The venue's fills of one of our orders, with an injected difference or not; adds what reconciliation must
     * decide to {@code counts} (indexed like {@link #RESULTS}).
     *
     * @param tsMicros our fills' times, in time order (strictly increasing)
     * @param lots     our fills' quantities, millionths
     * @param feeCents our fills' fees, cents
     */
    void order(final long[] counts, final String venue, final String venueOrderId, final String clientOrderId,
               final String symbol, final Side side, final long priceCents, final long[] tsMicros, final long[] lots,
               final long[] feeCents) {
        orders++;
        final int n = tsMicros.length;
        if (mayPairCrosswise(tsMicros, lots)) {
            unmatchable++;
            counts[MISSING_AT_VENUE] += n;
            return;
        }
        final long offset = 1200 + rng.nextInt(1301);
        Injection kind = null;
        if (rng.nextDouble() < mismatchRate) {
            kind = Injection.values()[rng.nextInt(Injection.values().length)];
        }
        int changed = -1;
        if (kind != null && kind != Injection.EXTRA && kind != Injection.FOREIGN) {
            changed = uniqueQuantity(lots, rng.nextInt(n));
            if (changed < 0) {
                kind = Injection.EXTRA;
            }
        }
        for (int i = 0; i < n; i++) {
            long fillLots = lots[i];
            long price = priceCents;
            long fee = feeCents[i];
            if (i == changed) {
                switch (kind) {
                    case DROPPED -> {
                        continue;
                    }
                    case QTY -> fillLots = otherQuantity(lots, lots[i]);
                    case PRICE -> price = otherPrice(priceCents);
                    case FEE -> fee = fee + Math.max(1, fee / 10);
                    default -> throw new IllegalStateException(kind.name());
                }
            }
            fills.add(fill(tsMicros[i] - offset, venue, venueOrderId, clientOrderId, symbol, side, fillLots, price,
                    fee));
        }
        counts[MATCHED] += changed < 0 ? n : n - 1;
        final long last = tsMicros[n - 1];
        if (kind == null) {
            return;
        }
        injected.merge(kind, 1L, Long::sum);
        switch (kind) {
            case QTY -> counts[QTY_MISMATCH]++;
            case PRICE -> counts[PRICE_MISMATCH]++;
            case FEE -> counts[FEE_MISMATCH]++;
            case DROPPED -> counts[MISSING_AT_VENUE]++;
            case EXTRA -> {
                final long extraLots = otherQuantity(lots, (1 + rng.nextInt(200)) * 1000L);
                fills.add(fill(last + (200 + rng.nextInt(1800)) * MS, venue, venueOrderId, clientOrderId, symbol,
                        side, extraLots, priceCents, extraLots * priceCents / 1_000_000 / 1000));
                counts[MISSING_IN_LEDGER]++;
            }
            case FOREIGN -> {
                final long foreignLots = (1 + rng.nextInt(500)) * 1000L;
                final long price = otherPrice(priceCents);
                final String foreignId = "F" + Long.toString(++foreignSeq, 36).toUpperCase(Locale.ROOT) + "-SYN";
                fills.add(fill(last + (100 + rng.nextInt(900)) * MS, venue, foreignId, null, symbol,
                        rng.nextBoolean() ? Side.BUY : Side.SELL, foreignLots, price,
                        foreignLots * price / 1_000_000 / 1000));
                venueLevel.merge(venue, 1L, Long::sum);
            }
        }
    }

    /** Two fills of one quantity so far apart that the rule could pair each with the other's venue fill. */
    private static boolean mayPairCrosswise(final long[] tsMicros, final long[] lots) {
        for (int i = 0; i < lots.length; i++) {
            for (int j = i + 1; j < lots.length; j++) {
                if (lots[i] == lots[j] && Math.abs(tsMicros[j] - tsMicros[i]) > CROSS_PAIR_SAFE_MICROS) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first fill from {@code start} on (wrapping) whose quantity no other fill has, or -1. */
    private static int uniqueQuantity(final long[] lots, final int start) {
        for (int k = 0; k < lots.length; k++) {
            final int i = (start + k) % lots.length;
            int same = 0;
            for (final long l : lots) {
                same += l == lots[i] ? 1 : 0;
            }
            if (same == 1) {
                return i;
            }
        }
        return -1;
    }

    /** A quantity near {@code near} that none of {@code lots} has. */
    private long otherQuantity(final long[] lots, final long near) {
        long candidate = near > 2000 && rng.nextBoolean() ? near - 1000 : near + 1000;
        while (contains(lots, candidate)) {
            candidate += 1000;
        }
        return candidate;
    }

    /** 5 to 50 basis points off, at least a cent, never below a cent. */
    private long otherPrice(final long cents) {
        final long delta = Math.max(1, cents * (5 + rng.nextInt(46)) / 10_000);
        return cents > delta && rng.nextBoolean() ? cents - delta : cents + delta;
    }

    private static boolean contains(final long[] values, final long value) {
        return Arrays.stream(values).anyMatch(v -> v == value);
    }

    private VenueFill fill(final long tsMicros, final String venue, final String venueOrderId,
                           final String clientOrderId, final String symbol, final Side side, final long lots,
                           final long priceCents, final long feeCents) {
        final String tradeId = "T" + Long.toString(++tradeSeq, 36).toUpperCase(Locale.ROOT) + "-SYN";
        return new VenueFill(tsMicros, venue, venueOrderId, clientOrderId, tradeId, symbol, side, lots / 1e6,
                priceCents / 100.0, feeCents / 100.0, symbol.substring(symbol.indexOf('-') + 1));
    }

    /** The fills as the file {@code --venue-fills} writes: generic JSONL, or Kraken TradesHistory pages. */
    public byte[] render() {
        return format == VenueFillFormat.KRAKEN_TRADES ? krakenTrades() : generic();
    }

    private byte[] generic() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final VenueFill fill : fills()) {
            out.writeBytes(VenueFillJson.write(fill));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Kraken's REST answer, newest trade first, 50 trades a page, one page a line, amounts as strings. */
    private byte[] krakenTrades() {
        final List<VenueFill> newestFirst = new ArrayList<>(fills());
        Collections.reverse(newestFirst);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final JsonFactory factory = new JsonFactory();
        for (int from = 0; from < newestFirst.size(); from += KRAKEN_PAGE) {
            final List<VenueFill> page = newestFirst.subList(from, Math.min(newestFirst.size(), from + KRAKEN_PAGE));
            try (JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8)) {
                json.writeStartObject();
                json.writeArrayFieldStart("error");
                json.writeEndArray();
                json.writeObjectFieldStart("result");
                json.writeObjectFieldStart("trades");
                for (final VenueFill fill : page) {
                    json.writeObjectFieldStart(fill.tradeId());
                    json.writeStringField("ordertxid", fill.venueOrderId());
                    if (fill.clientOrderId() != null) {
                        json.writeStringField("cl_ord_id", fill.clientOrderId());
                    }
                    json.writeStringField("pair", KRAKEN_PAIRS.getOrDefault(fill.symbol(), fill.symbol()));
                    json.writeFieldName("time");
                    json.writeNumber(BigDecimal.valueOf(fill.tsMicros(), 6).toPlainString());
                    json.writeStringField("type", fill.side().name().toLowerCase(Locale.ROOT));
                    json.writeStringField("ordertype", "market");
                    json.writeStringField("price", BigDecimal.valueOf(fill.price()).toPlainString());
                    json.writeStringField("cost", BigDecimal.valueOf(fill.price())
                            .multiply(BigDecimal.valueOf(fill.quantity())).setScale(5, java.math.RoundingMode.HALF_EVEN)
                            .toPlainString());
                    json.writeStringField("fee", BigDecimal.valueOf(fill.fee()).setScale(5).toPlainString());
                    json.writeStringField("vol", BigDecimal.valueOf(fill.quantity()).setScale(8).toPlainString());
                    json.writeStringField("margin", "0.00000");
                    json.writeStringField("misc", "");
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeNumberField("count", newestFirst.size());
                json.writeEndObject();
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write venue fills in memory", e);
            }
            out.write('\n');
        }
        return out.toByteArray();
    }
}
