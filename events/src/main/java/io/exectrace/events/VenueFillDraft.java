package io.exectrace.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fields of one venue fill as they are read, whichever format, and the first problem met; {@link #resolve}
 * turns them into a {@link VenueFillResult}. Also holds the reading both formats share: the checks before JSON
 * (empty, NUL, strict UTF-8), the object, and every JSON failure as a typed result, never an exception.
 */
final class VenueFillDraft {
    private static final Logger LOG = LoggerFactory.getLogger(VenueFillDraft.class);

    /** Jackson with strict duplicate detection (a fill is small and rare next to events: no need for the fast path). */
    private static final JsonFactory JSON = ExecutionEventParser.factory(true);
    /** Longest text field accepted (ids are keys of state later, as session ids are). */
    static final int MAX_TEXT_LENGTH = 256;
    /** A number as Kraken writes it in a string: JSON's number grammar, nothing else ({@code NaN}, hex, {@code 1d}). */
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z0-9]{1,16}");

    /** The names a format gives the fields, for details; {@code feeCurrency} null when the format has none. */
    record FieldNames(String ts, String venue, String venueOrderId, String tradeId, String symbol, String side,
                      String quantity, String price, String fee, String feeCurrency) {
    }

    static final FieldNames GENERIC = new FieldNames("ts", "venue", "venue_order_id", "trade_id", "symbol", "side",
            "qty", "price", "fee", "fee_currency");
    static final FieldNames KRAKEN = new FieldNames("time", "venue", "ordertxid", "trade id (the trade's key)",
            "pair", "type", "vol", "price", "fee", null);

    /** Reads the fields of the object the parser has just entered. */
    interface FieldReader {
        void read(JsonParser parser, VenueFillDraft draft) throws IOException;
    }

    long tsMicros = -1;
    String venue;
    String venueOrderId;
    String clientOrderId;
    String tradeId;
    String symbolText;
    String sideText;
    String feeCurrencyText;
    double quantity = Double.NaN;
    double price = Double.NaN;
    double fee = Double.NaN;
    /** Fields present with a non-null value (readable or not), by their {@code PRESENT_*} bit. */
    private int present;
    private VenueFillErrorReason reason;
    private String detail;

    static final int PRESENT_TS = 1;
    static final int PRESENT_VENUE = 1 << 1;
    static final int PRESENT_ORDER = 1 << 2;
    static final int PRESENT_TRADE = 1 << 3;
    static final int PRESENT_SYMBOL = 1 << 4;
    static final int PRESENT_SIDE = 1 << 5;
    static final int PRESENT_QUANTITY = 1 << 6;
    static final int PRESENT_PRICE = 1 << 7;
    static final int PRESENT_FEE = 1 << 8;
    static final int PRESENT_FEE_CURRENCY = 1 << 9;

    /** Records a problem; the first in {@link VenueFillErrorReason} order wins, then the first met. */
    void problem(final VenueFillErrorReason why, final String explanation) {
        if (reason == null || why.ordinal() < reason.ordinal()) {
            reason = why;
            detail = explanation;
        }
    }

    void present(final int bit) {
        present |= bit;
    }

    /**
     * Reads {@code length} bytes from {@code offset} as one JSON object with {@code reader}, and resolves it;
     * any input gives a result.
     */
    static VenueFillResult read(final byte[] buf, final int offset, final int length, final FieldReader reader,
                                final VenueFillDraft draft, final FieldNames names, final VenueSymbols symbols) {
        if (buf == null) {
            return new VenueFillResult.Invalid(VenueFillErrorReason.EMPTY, "null value (tombstone)", null);
        }
        Objects.checkFromIndexSize(offset, length, buf.length);
        final int end = offset + length;
        final int start = ExecutionEventParser.contentStart(buf, offset, end);
        if (start == end) {
            return new VenueFillResult.Invalid(VenueFillErrorReason.EMPTY, "empty value", null);
        }
        // Jackson would guess UTF-16/32 from NUL bytes; the contract says UTF-8 and a raw NUL is never JSON.
        for (int i = start; i < Math.min(end, start + 4); i++) {
            if (buf[i] == 0) {
                return new VenueFillResult.Invalid(VenueFillErrorReason.INVALID_JSON, "NUL byte at the start", null);
            }
        }
        final int illFormed = StrictUtf8.firstInvalid(buf, start, end);
        if (illFormed >= 0) {
            return new VenueFillResult.Invalid(VenueFillErrorReason.INVALID_JSON,
                    "invalid UTF-8 at byte " + (illFormed - offset), null);
        }
        try (JsonParser parser = JSON.createParser(buf, start, end - start)) {
            final JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT) {
                parser.skipChildren();
                if (parser.nextToken() != null) {
                    return draft.failed(VenueFillErrorReason.INVALID_JSON, "content after the root value");
                }
                return draft.failed(VenueFillErrorReason.NOT_AN_OBJECT,
                        "root is " + ExecutionEventParser.describe(root));
            }
            reader.read(parser, draft);
            if (parser.nextToken() != null) {
                return draft.failed(VenueFillErrorReason.INVALID_JSON, "content after the object");
            }
        } catch (StreamConstraintsException e) {
            return draft.failed(VenueFillErrorReason.TOO_LARGE, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return draft.failed(VenueFillErrorReason.INVALID_JSON, ExecutionEventParser.jsonDetail(e));
        } catch (IOException | RuntimeException e) {
            LOG.warn("JSON parser failed unexpectedly on a {}-byte venue fill", end - start, e);
            return draft.failed(VenueFillErrorReason.INVALID_JSON,
                    ExecutionEventParser.UNEXPECTED_FAILURE + e.getClass().getSimpleName());
        }
        return draft.resolve(names, symbols);
    }

    private VenueFillResult failed(final VenueFillErrorReason why, final String explanation) {
        return new VenueFillResult.Invalid(why, ExecutionEventParser.shorten(explanation), venueOrderId);
    }

    /** The fill, or the first problem in reason order. */
    VenueFillResult resolve(final FieldNames names, final VenueSymbols symbols) {
        requirePresent(PRESENT_TS, names.ts(), VenueFillErrorReason.MISSING_TS);
        requirePresent(PRESENT_VENUE, names.venue(), VenueFillErrorReason.MISSING_FIELD);
        requirePresent(PRESENT_ORDER, names.venueOrderId(), VenueFillErrorReason.MISSING_FIELD);
        requirePresent(PRESENT_TRADE, names.tradeId(), VenueFillErrorReason.MISSING_FIELD);
        requirePresent(PRESENT_SYMBOL, names.symbol(), VenueFillErrorReason.MISSING_FIELD);
        requirePresent(PRESENT_SIDE, names.side(), VenueFillErrorReason.MISSING_FIELD);
        requirePresent(PRESENT_QUANTITY, names.quantity(), VenueFillErrorReason.MISSING_FIELD);
        requirePresent(PRESENT_PRICE, names.price(), VenueFillErrorReason.MISSING_FIELD);
        requirePresent(PRESENT_FEE, names.fee(), VenueFillErrorReason.MISSING_FIELD);
        if (names.feeCurrency() != null) {
            requirePresent(PRESENT_FEE_CURRENCY, names.feeCurrency(), VenueFillErrorReason.MISSING_FIELD);
        }
        final Side side = Side.parse(sideText);
        if (sideText != null && side == Side.UNKNOWN) {
            problem(VenueFillErrorReason.BAD_SIDE, names.side() + " " + quote(sideText) + " is neither buy nor sell");
        }
        positive(quantity, names.quantity());
        positive(price, names.price());
        final String symbol = symbols.normalise(symbolText);
        if (symbolText != null && symbol == null) {
            problem(VenueFillErrorReason.UNKNOWN_SYMBOL, names.symbol() + " " + quote(symbolText)
                    + " is not in the symbol map and ends in no known quote currency");
        }
        final String feeCurrency = names.feeCurrency() == null ? VenueSymbols.quoteOf(symbol)
                : feeCurrencyText == null ? null : VenueSymbols.currency(feeCurrencyText);
        if (feeCurrencyText != null && !CURRENCY.matcher(feeCurrency).matches()) {
            problem(VenueFillErrorReason.BAD_FIELD, names.feeCurrency() + " " + quote(feeCurrencyText)
                    + " is not a currency code (letters and digits)");
        }
        if (reason != null) {
            return new VenueFillResult.Invalid(reason, ExecutionEventParser.shorten(detail), venueOrderId);
        }
        return new VenueFillResult.Valid(new VenueFill(tsMicros, venue, venueOrderId, clientOrderId, tradeId,
                symbol, side, quantity, price, fee, feeCurrency));
    }

    private void requirePresent(final int bit, final String name, final VenueFillErrorReason why) {
        if ((present & bit) == 0) {
            problem(why, "no " + name);
        }
    }

    private void positive(final double value, final String name) {
        if (!Double.isNaN(value) && !(value > 0)) {
            problem(VenueFillErrorReason.BAD_NUMBER, name + " must be positive, got " + value);
        }
    }

    // ---- field readers shared by both formats ----

    /**
     * A text field: a string, {@code null}/blank meaning absent; another JSON type or a string longer than
     * {@value #MAX_TEXT_LENGTH} is {@link VenueFillErrorReason#BAD_FIELD}. Returns the text or {@code null}.
     */
    String text(final JsonParser p, final JsonToken t, final String name, final int bit) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            p.skipChildren();
            present(bit);
            problem(VenueFillErrorReason.BAD_FIELD, name + " is not a string but " + ExecutionEventParser.describe(t));
            return null;
        }
        final String value = p.getText();
        if (value.isBlank()) {
            return null;
        }
        present(bit);
        if (value.length() > MAX_TEXT_LENGTH) {
            problem(VenueFillErrorReason.BAD_FIELD, name + " is longer than " + MAX_TEXT_LENGTH + " characters");
            return null;
        }
        return value;
    }

    /**
     * A number: a JSON number, or, when {@code stringsToo} (Kraken writes numbers as strings), a string holding
     * one in JSON's grammar. Returns NaN when absent or unreadable (then a {@link VenueFillErrorReason#BAD_NUMBER}).
     */
    double number(final JsonParser p, final JsonToken t, final String name, final int bit, final boolean stringsToo)
            throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        present(bit);
        final double value;
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            value = p.getDoubleValue();
        } else if (t == JsonToken.VALUE_STRING && stringsToo) {
            final String text = p.getText().strip();
            if (!DECIMAL.matcher(text).matches()) {
                problem(VenueFillErrorReason.BAD_NUMBER, name + " " + quote(text) + " is not a number");
                return Double.NaN;
            }
            value = Double.parseDouble(text);
        } else {
            p.skipChildren();
            problem(VenueFillErrorReason.BAD_NUMBER, name + " is not a number but " + ExecutionEventParser.describe(t));
            return Double.NaN;
        }
        if (!Double.isFinite(value)) {
            problem(VenueFillErrorReason.BAD_NUMBER, name + " is too large for a double");
            return Double.NaN;
        }
        return value;
    }

    /**
     * A time: epoch seconds as a number, read from its text to the microsecond; a string is, when {@code isoToo},
     * ISO-8601 text with a zone, else when {@code stringsToo} epoch seconds in text.
     */
    void time(final JsonParser p, final JsonToken t, final String name, final boolean stringsToo,
              final boolean isoToo) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        present(PRESENT_TS);
        final long packed;
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            packed = EpochTime.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), EpochTime.SECONDS);
        } else if (t == JsonToken.VALUE_STRING && isoToo) {
            packed = IsoTimestamp.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            if (IsoTimestamp.isValid(packed) && IsoTimestamp.zoneless(packed)) {
                problem(VenueFillErrorReason.BAD_TS, name + " " + quote(p.getText())
                        + " has no zone (Z or an offset such as +00:00)");
                return;
            }
        } else if (t == JsonToken.VALUE_STRING && stringsToo) {
            packed = EpochTime.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), EpochTime.SECONDS);
        } else {
            p.skipChildren();
            problem(VenueFillErrorReason.BAD_TS, name + " is not " + (isoToo || stringsToo ? "a string or a number"
                    : "a number") + " but " + ExecutionEventParser.describe(t));
            return;
        }
        if (!IsoTimestamp.isValid(packed)) {
            problem(VenueFillErrorReason.BAD_TS, "unreadable " + name + " "
                    + (t == JsonToken.VALUE_STRING ? quote(p.getText()) : p.getText()));
            return;
        }
        tsMicros = IsoTimestamp.micros(packed);
    }

    /** A value quoted and cut to a few characters, for a detail. */
    static String quote(final String value) {
        final String head = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return '"' + head + '"';
    }
}
