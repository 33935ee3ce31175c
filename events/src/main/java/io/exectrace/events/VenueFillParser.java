package io.exectrace.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the generic form of a venue fill, one JSON object (a record of the {@code venue-fills} topic, a JSONL
 * line), into a {@link VenueFill} or a typed {@link VenueFillResult.Invalid}; no input makes it throw.
 *
 * <p><b>Fields</b> (fixtures/README.md, "Venue fills"): {@code ts} (ISO-8601 with {@code Z} or an offset, or
 * epoch seconds as a number; to the microsecond), {@code venue} (lower-cased), {@code venue_order_id},
 * {@code client_order_id} (optional), {@code trade_id}, {@code symbol} (through {@link VenueSymbols}: our
 * {@code BASE-QUOTE}), {@code side} ({@code buy}/{@code sell}, any case), {@code qty} and {@code price} (positive
 * JSON numbers), {@code fee} (a JSON number, may be negative: a rebate) and {@code fee_currency} (upper-cased,
 * Kraken's aliases resolved). {@code null} and blank text mean absent. Unknown fields are skipped. Every field but
 * {@code client_order_id} is required.
 *
 * <p>What {@link VenueFillJson} writes reads back into an equal fill. Instances hold no state but the symbol map,
 * so one parser may serve any number of threads.
 */
public final class VenueFillParser {
    /** The array of a JSON file is only split here; each element is then read strictly, duplicates and all. */
    private static final JsonFactory SPLITTER = ExecutionEventParser.factory(false);

    private final VenueSymbols symbols;

    /** A parser with the default symbol map. */
    public VenueFillParser() {
        this(VenueSymbols.defaults());
    }

    public VenueFillParser(final VenueSymbols symbols) {
        this.symbols = symbols;
    }

    /** Reads a whole record value; {@code null} (a tombstone) is {@link VenueFillErrorReason#EMPTY}. */
    public VenueFillResult parse(final byte[] value) {
        return parse(value, 0, value == null ? 0 : value.length);
    }

    /**
     * Reads {@code length} bytes of {@code buf} from {@code offset}.
     *
     * @throws IndexOutOfBoundsException if the range lies outside {@code buf} (a caller bug, not bad input)
     */
    public VenueFillResult parse(final byte[] buf, final int offset, final int length) {
        return VenueFillDraft.read(buf, offset, length, VenueFillParser::readFields, new VenueFillDraft(),
                VenueFillDraft.GENERIC, symbols);
    }

    /**
     * Splits a file of generic fills into entries and reads each: one JSON array of fills when the file starts
     * with {@code [}, else JSONL, one fill a line (blank lines skipped; a bad line is one invalid entry).
     *
     * @throws InvalidVenueFileException when a JSON array file is not well-formed JSON (it cannot be split)
     */
    public List<VenueFillEntry> readFile(final byte[] content) {
        int first = 0;
        if (content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
                && (content[2] & 0xFF) == 0xBF) {
            first = 3;
        }
        while (first < content.length && (content[first] == ' ' || content[first] == '\t' || content[first] == '\n'
                || content[first] == '\r')) {
            first++;
        }
        return first < content.length && content[first] == '[' ? readArray(content) : readLines(content);
    }

    private List<VenueFillEntry> readLines(final byte[] content) {
        final List<VenueFillEntry> entries = new ArrayList<>();
        long line = 0;
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                line++;
                if (!isBlank(content, start, i)) {
                    final byte[] raw = Arrays.copyOfRange(content, start, i);
                    entries.add(new VenueFillEntry(line, null, raw, parse(raw)));
                }
                start = i + 1;
            }
        }
        return entries;
    }

    private List<VenueFillEntry> readArray(final byte[] content) {
        final List<VenueFillEntry> entries = new ArrayList<>();
        final int illFormed = StrictUtf8.firstInvalid(content, 0, content.length);
        if (illFormed >= 0) {
            throw new InvalidVenueFileException("invalid UTF-8 at byte " + illFormed);
        }
        try (JsonParser p = SPLITTER.createParser(content)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new InvalidVenueFileException("line " + p.currentLocation().getLineNr()
                            + ": the array does not end with ']'");
                }
                final long line = p.currentTokenLocation().getLineNr();
                final byte[] raw = JsonSlices.valueBytes(p, content);
                entries.add(new VenueFillEntry(line, null, raw, parse(raw)));
            }
            if (p.nextToken() != null) {
                throw new InvalidVenueFileException("line " + p.currentTokenLocation().getLineNr()
                        + ": content after the array");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidVenueFileException("line " + JsonSlices.line(e) + ": not well-formed JSON: "
                    + ExecutionEventParser.shorten(ExecutionEventParser.jsonDetail(e)), e);
        } catch (IOException e) {
            throw new InvalidVenueFileException("cannot read the array: " + e.getMessage(), e);
        }
        return entries;
    }

    private static void readFields(final JsonParser p, final VenueFillDraft d) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            final JsonToken t = p.nextToken();
            switch (name) {
                case "ts" -> d.time(p, t, "ts", false, true);
                case "venue" -> {
                    final String venue = d.text(p, t, "venue", VenueFillDraft.PRESENT_VENUE);
                    d.venue = venue == null ? null : venue.strip().toLowerCase(Locale.ROOT);
                }
                case "venue_order_id" -> d.venueOrderId = d.text(p, t, name, VenueFillDraft.PRESENT_ORDER);
                case "client_order_id" -> d.clientOrderId = d.text(p, t, name, 0);
                case "trade_id" -> d.tradeId = d.text(p, t, name, VenueFillDraft.PRESENT_TRADE);
                case "symbol" -> d.symbolText = d.text(p, t, name, VenueFillDraft.PRESENT_SYMBOL);
                case "side" -> d.sideText = d.text(p, t, name, VenueFillDraft.PRESENT_SIDE);
                case "qty" -> d.quantity = d.number(p, t, name, VenueFillDraft.PRESENT_QUANTITY, false);
                case "price" -> d.price = d.number(p, t, name, VenueFillDraft.PRESENT_PRICE, false);
                case "fee" -> d.fee = d.number(p, t, name, VenueFillDraft.PRESENT_FEE, false);
                case "fee_currency" -> d.feeCurrencyText = d.text(p, t, name, VenueFillDraft.PRESENT_FEE_CURRENCY);
                default -> p.skipChildren();
            }
        }
    }

    private static boolean isBlank(final byte[] b, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
