package io.exectrace.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Kraken's TradesHistory export into venue fills: the API's answer
 * {@code {"error":[],"result":{"trades":{...},"count":N}}}, its {@code result} alone, or the object of trades
 * alone, keyed by trade id; a file may hold several such documents one after the other (pages, one per line).
 *
 * <p><b>Mapping</b> (fixtures/README.md, "Venue fills"): the key is {@code trade_id}; {@code ordertxid} is
 * {@code venue_order_id}; {@code pair} goes through {@link VenueSymbols} and its quote currency is
 * {@code fee_currency} (Kraken states a trade's fee in the quote currency whatever was deducted); {@code time}
 * (epoch seconds, a number in the REST answer, a string in the websocket's ownTrades) is read from its text to the
 * microsecond; {@code type} is the side; {@code vol}, {@code price} and {@code fee} are numbers in strings (JSON
 * numbers are accepted too); {@code cl_ord_id}, when present, is {@code client_order_id}; venue is {@code kraken}.
 * Not read: {@code userref} (a number Kraken lets many orders share, so matching on it could link the wrong order),
 * Kraken's own integer {@code trade_id} field (a per-pair sequence number; the key is the trade's id),
 * {@code ordertype}, {@code cost} (price × vol), {@code postxid}, {@code margin}, {@code misc}, {@code ledgers},
 * {@code maker} and the rest. {@code count} is not checked: Kraken's is the total over every page.
 *
 * <p><b>Errors.</b> A document that cannot be split into trades (not JSON, not an object, an answer with a
 * non-empty {@code error}, no {@code result.trades} object, a bare trades object with a member that is not an
 * object, a trade id twice in one document) makes the whole file invalid ({@link InvalidVenueFileException}); a
 * trade that is wrong is one invalid entry whose bytes are its value.
 */
public final class KrakenTradesReader {
    /** The venue of every fill read here. */
    public static final String VENUE = "kraken";

    private static final JsonFactory SPLITTER = ExecutionEventParser.factory(false);

    private final VenueSymbols symbols;

    /** A reader with the default symbol map. */
    public KrakenTradesReader() {
        this(VenueSymbols.defaults());
    }

    public KrakenTradesReader(final VenueSymbols symbols) {
        this.symbols = symbols;
    }

    /**
     * The trades of a whole export, in the order they are written.
     *
     * @throws InvalidVenueFileException when a document of it cannot be split into trades
     */
    public List<VenueFillEntry> read(final byte[] content) {
        final int illFormed = StrictUtf8.firstInvalid(content, 0, content.length);
        if (illFormed >= 0) {
            throw new InvalidVenueFileException("invalid UTF-8 at byte " + illFormed);
        }
        final List<VenueFillEntry> entries = new ArrayList<>();
        try (JsonParser p = SPLITTER.createParser(content)) {
            JsonToken root;
            int documents = 0;
            while ((root = p.nextToken()) != null) {
                documents++;
                if (root != JsonToken.START_OBJECT) {
                    throw new InvalidVenueFileException("line " + p.currentTokenLocation().getLineNr()
                            + ": a TradesHistory answer is an object, not " + ExecutionEventParser.describe(root));
                }
                readDocument(p, content, entries);
            }
            if (documents == 0) {
                throw new InvalidVenueFileException("line 1: empty: no TradesHistory answer");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidVenueFileException("line " + JsonSlices.line(e) + ": not well-formed JSON: "
                    + ExecutionEventParser.shorten(ExecutionEventParser.jsonDetail(e)), e);
        } catch (IOException e) {
            throw new InvalidVenueFileException("cannot read the export: " + e.getMessage(), e);
        }
        return entries;
    }

    /**
     * One trade: {@code trade} is its value object, {@code tradeId} its key. Any input gives a result (a trade that
     * is not an object is {@link VenueFillErrorReason#NOT_AN_OBJECT}).
     */
    public VenueFillResult readTrade(final String tradeId, final byte[] trade) {
        final VenueFillDraft draft = new VenueFillDraft();
        draft.venue = VENUE;
        draft.present(VenueFillDraft.PRESENT_VENUE);
        if (tradeId != null && !tradeId.isBlank()) {
            draft.present(VenueFillDraft.PRESENT_TRADE);
            if (tradeId.length() > VenueFillDraft.MAX_TEXT_LENGTH) {
                draft.problem(VenueFillErrorReason.BAD_FIELD,
                        "trade id longer than " + VenueFillDraft.MAX_TEXT_LENGTH + " characters");
            } else {
                draft.tradeId = tradeId;
            }
        }
        return VenueFillDraft.read(trade, 0, trade == null ? 0 : trade.length, KrakenTradesReader::readFields,
                draft, VenueFillDraft.KRAKEN, symbols);
    }

    /** Reads one document, the parser on its START_OBJECT, and adds its trades. */
    private void readDocument(final JsonParser p, final byte[] content, final List<VenueFillEntry> entries)
            throws IOException {
        final long line = p.currentTokenLocation().getLineNr();
        final List<VenueFillEntry> rootMembers = new ArrayList<>();
        final List<VenueFillEntry> trades = new ArrayList<>();
        boolean answer = false;
        boolean resultForm = false;
        final List<String> errors = new ArrayList<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            final JsonToken t = p.nextToken();
            if (name.equals("error")) {
                answer = true;
                readErrors(p, t, errors);
            } else if (name.equals("result")) {
                answer = true;
                if (t == JsonToken.START_OBJECT) {
                    resultForm |= readResult(p, content, trades);
                } else {
                    p.skipChildren();
                }
            } else if (name.equals("trades") && t == JsonToken.START_OBJECT) {
                resultForm = true;
                readTrades(p, content, trades);
            } else {
                rootMembers.add(member(p, name, content));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidVenueFileException("line " + line + ": Kraken answered with errors " + errors);
        }
        if (answer && !resultForm) {
            throw new InvalidVenueFileException("line " + line + ": an answer without a result.trades object");
        }
        if (!resultForm) {
            requireTradeObjects(rootMembers);
        }
        final List<VenueFillEntry> found = resultForm ? trades : rootMembers;
        final Map<String, Long> seen = new HashMap<>();
        for (final VenueFillEntry entry : found) {
            final Long earlier = seen.put(entry.key(), entry.line());
            if (earlier != null) {
                throw new InvalidVenueFileException("line " + entry.line() + ": trade " + entry.key()
                        + " appears twice in one answer (first on line " + earlier + ")");
            }
        }
        entries.addAll(found);
    }

    /**
     * A document without {@code result} or {@code trades} is the trades object itself only when every member is an
     * object: anything else (a generic JSONL line read as Kraken's, say) is not an export, and is refused whole
     * rather than dead-lettered field by field.
     */
    private static void requireTradeObjects(final List<VenueFillEntry> members) {
        for (final VenueFillEntry member : members) {
            if (member.raw().length == 0 || member.raw()[0] != '{') {
                throw new InvalidVenueFileException("line " + member.line() + ": not a TradesHistory answer: "
                        + member.key() + " is not a trade object (an answer has error and result, a result has "
                        + "trades, trades hold objects)");
            }
        }
    }

    private static void readErrors(final JsonParser p, final JsonToken t, final List<String> errors)
            throws IOException {
        if (t != JsonToken.START_ARRAY) {
            if (t != JsonToken.VALUE_NULL) {
                p.skipChildren();
                errors.add("error is " + ExecutionEventParser.describe(t) + ", not an array");
            }
            return;
        }
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
            errors.add(item == JsonToken.VALUE_STRING ? ExecutionEventParser.shorten(p.getText())
                    : ExecutionEventParser.describe(item));
            p.skipChildren();
        }
    }

    /** Reads {@code result}'s fields, its trades into {@code trades}; true when it had a trades object. */
    private boolean readResult(final JsonParser p, final byte[] content, final List<VenueFillEntry> trades)
            throws IOException {
        boolean found = false;
        String name;
        while ((name = p.nextFieldName()) != null) {
            final JsonToken t = p.nextToken();
            if (name.equals("trades") && t == JsonToken.START_OBJECT) {
                found = true;
                readTrades(p, content, trades);
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    private void readTrades(final JsonParser p, final byte[] content, final List<VenueFillEntry> trades)
            throws IOException {
        String key;
        while ((key = p.nextFieldName()) != null) {
            p.nextToken();
            trades.add(member(p, key, content));
        }
    }

    /** The member the parser stands on (its value's first token) as one trade. */
    private VenueFillEntry member(final JsonParser p, final String key, final byte[] content) throws IOException {
        final long line = p.currentTokenLocation().getLineNr();
        final byte[] raw = JsonSlices.valueBytes(p, content);
        return new VenueFillEntry(line, key, raw, readTrade(key, raw));
    }

    private static void readFields(final JsonParser p, final VenueFillDraft d) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            final JsonToken t = p.nextToken();
            switch (name) {
                case "time" -> d.time(p, t, name, true, false);
                case "ordertxid" -> d.venueOrderId = d.text(p, t, name, VenueFillDraft.PRESENT_ORDER);
                case "cl_ord_id" -> d.clientOrderId = d.text(p, t, name, 0);
                case "pair" -> d.symbolText = d.text(p, t, name, VenueFillDraft.PRESENT_SYMBOL);
                case "type" -> d.sideText = d.text(p, t, name, VenueFillDraft.PRESENT_SIDE);
                case "vol" -> d.quantity = d.number(p, t, name, VenueFillDraft.PRESENT_QUANTITY, true);
                case "price" -> d.price = d.number(p, t, name, VenueFillDraft.PRESENT_PRICE, true);
                case "fee" -> d.fee = d.number(p, t, name, VenueFillDraft.PRESENT_FEE, true);
                default -> p.skipChildren();
            }
        }
    }
}
