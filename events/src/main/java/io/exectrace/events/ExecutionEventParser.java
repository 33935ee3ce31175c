package io.exectrace.events;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one record value of any input dialect (see the event contract) into a normalized
 * {@link ExecutionEvent}, or into a typed {@link ParseResult.Invalid}; no input makes it throw.
 *
 * <p><b>Dialect.</b> A record with {@code kind} is telemetry v1 (fields in {@code payload}), one with
 * {@code stage} is ledger v1 (flat fields), one with {@code schema_version} {@code execution_event.v1} is
 * Peak_Trade's execution_event.v1 ({@code ts} a number of epoch seconds, {@code event_type} as in
 * {@link ExecutionEventTypes}, {@code exchange_order_id} and {@code idempotency_key} below every other name of
 * their slot). A record of two is invalid ({@link ParseErrorReason#UNKNOWN_KIND},
 * "dialect is ambiguous"): guessing would put the event in the wrong chain. A parser made by {@link Dialects} also
 * reads the dialects of mapping files ({@link MappedDialects}); {@code new ExecutionEventParser()} reads the
 * built-in ones only, on the fast path. Every field name of the contract
 * is read at the top level and inside {@code payload}; a payload value beats a top-level one, and
 * {@code order_id} beats {@code client_order_id} beats {@code client_id}, {@code gate_name} beats {@code gate},
 * {@code strategy_id} beats {@code strategy_key}, {@code fill_fee} beats {@code fee}, {@code quantity} beats
 * {@code qty}. The session is {@code session_id}, else {@code run_id}, in either dialect.
 *
 * <p><b>Gates.</b> {@code decision} ALLOW/BLOCK (any case) or {@code passed} true/false gives
 * {@link Stage#GATE_PASS} / {@link Stage#RISK_BLOCK}. A gate with neither (or with an unreadable one only), or
 * whose two verdicts disagree, is invalid ({@link ParseErrorReason#UNKNOWN_KIND}): assuming a pass would hide a
 * block, and assuming a block would end a chain that may still be filled; the dead-letter topic keeps it.
 *
 * <p><b>Values.</b> JSON {@code null} means absent, and so does an empty string. A symbol's {@code /} is written
 * {@code -} ({@code BTC/EUR} is {@code BTC-EUR}). {@code ts} (dialects A and B) must be a string
 * ({@code YYYY-MM-DD[T| ]HH:MM:SS[.f{1,9}][Z|±HH:MM|±HHMM]}, years 1990..2200), else {@link ParseErrorReason#BAD_TS}; a zone-less one is
 * read as UTC and flagged {@link QualityFlags#ZONELESS_TS}. The session must be a non-blank string of at most
 * {@value #MAX_SESSION_ID_LENGTH} characters (it keys state). {@code kind}/{@code stage} match their contract
 * values ignoring case; {@code mode} is lower-cased ({@link Locale#ROOT}); {@code side} is BUY/SELL in any case,
 * else {@link Side#UNKNOWN}. Ids given as numbers are kept as their JSON text and flagged
 * {@link QualityFlags#NON_STRING_ID} (booleans, objects and arrays are dropped with the same flag); numbers
 * given as anything else, or too large for a double, are dropped and flagged {@link QualityFlags#BAD_NUMBER};
 * other text fields of the wrong type are dropped. Unknown fields are skipped without building their values.
 *
 * <p><b>Errors.</b> Malformed JSON (truncation, invalid UTF-8, NaN/Infinity, a duplicate key, anything after
 * the object) is {@link ParseErrorReason#INVALID_JSON}; UTF-8 is checked strictly ({@link StrictUtf8}: overlong
 * forms, surrogates and code points above U+10FFFF are invalid too, which Jackson alone would let through). Nesting deeper than {@value #MAX_NESTING_DEPTH}, a
 * string longer than {@value #MAX_STRING_LENGTH} characters in a field that is read, a number longer than
 * 1000 digits or a field name longer than {@value #MAX_NAME_LENGTH} is {@link ParseErrorReason#TOO_LARGE}.
 * When several semantic checks fail, the first in {@link ParseErrorReason} order is reported. An invalid
 * record's session hint is the session read before the failure, else a best-effort byte scan for a complete
 * {@code "session_id"} / {@code "run_id"} string value.
 *
 * <p><b>Threads.</b> Instances hold no state (the one {@link JsonFactory} is shared and thread-safe), so one
 * parser may serve any number of threads.
 */
public final class ExecutionEventParser {
    static final int MAX_NESTING_DEPTH = 64;
    static final int MAX_STRING_LENGTH = 1 << 20;
    static final int MAX_NAME_LENGTH = 1024;
    static final int MAX_SESSION_ID_LENGTH = 256;
    static final int MAX_DETAIL_LENGTH = 160;
    /** Prefix of the detail when Jackson failed in an unforeseen way; tests assert it never shows up. */
    static final String UNEXPECTED_FAILURE = "unexpected parser failure: ";
    static final String TRUNCATED = "truncated: the object does not end with '}'";

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEventParser.class);

    /**
     * Duplicate keys are checked by {@link DuplicateKeys}, not by Jackson's strict detection, which allocates a
     * detector per object and a hash set per record (a tenth of the parse time).
     */
    private static final JsonFactory JSON = factory(false);
    /** For the rare records that are not an object, which are skipped whole: Jackson checks their keys. */
    private static final JsonFactory STRICT_JSON = factory(true);

    static JsonFactory factory(final boolean strictDuplicates) {
        return JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            .errorReportConfiguration(ErrorReportConfiguration.builder()
                    .maxErrorTokenLength(32)
                    .maxRawContentLength(0)
                    .build())
            .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, strictDuplicates)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    }

    private static final ExecutionEventParser SHARED = new ExecutionEventParser();

    /** The mapped dialects besides (or instead of) the built-in ones, or {@code null}: the built-in fast path. */
    private final MappedDialects mapped;

    /** A parser of the built-in dialects A, B and C. */
    public ExecutionEventParser() {
        this(null);
    }

    ExecutionEventParser(final MappedDialects mapped) {
        this.mapped = mapped;
    }
    private static final String[] KNOWN_MODES = {"paper", "shadow", "live", "backtest"};
    /** Dialect C's {@code schema_version}. */
    static final String EXECUTION_EVENT_V1 = "execution_event.v1";
    /** The built-in dialects' symbol separator written as {@code -}. */
    static final char[] SLASH = {'/'};

    private static final ParseResult EMPTY = new ParseResult.Invalid(ParseErrorReason.EMPTY, "empty value", null);
    private static final ParseResult NULL_VALUE =
            new ParseResult.Invalid(ParseErrorReason.EMPTY, "null value (tombstone)", null);

    /** Parses a whole record value; {@code null} (a tombstone) is {@link ParseErrorReason#EMPTY}. */
    public ParseResult parse(final byte[] value) {
        return value == null ? NULL_VALUE : parse(value, 0, value.length);
    }

    /**
     * Parses {@code length} bytes of {@code buf} from {@code offset}.
     *
     * @throws IndexOutOfBoundsException if the range lies outside {@code buf} (a caller bug, not bad input)
     */
    public ParseResult parse(final byte[] buf, final int offset, final int length) {
        if (buf == null) {
            return NULL_VALUE;
        }
        Objects.checkFromIndexSize(offset, length, buf.length);
        final int end = offset + length;
        final int start = contentStart(buf, offset, end);
        if (start == end) {
            return EMPTY;
        }
        // Jackson guesses UTF-16/32 from NUL bytes at the start; the contract says UTF-8, and a raw NUL is
        // never valid JSON, so such input is rejected before Jackson sees it.
        for (int i = start; i < Math.min(end, start + 4); i++) {
            if (buf[i] == 0) {
                return invalidJson("NUL byte at the start", buf, offset, end);
            }
        }
        final byte first = buf[start];
        if (first != '{') {
            return startsLikeJson(first) ? notAnObject(buf, start, end, offset)
                    : invalidJson("not a JSON object: starts with byte 0x" + hex(first), buf, offset, end);
        }

        // A producer that dies mid-line leaves a record that cannot end in '}': say so without paying for a
        // Jackson exception, the costly part of an invalid record.
        if (buf[lastNonWhitespace(buf, start, end)] != '}') {
            return invalidJson(TRUNCATED, buf, offset, end);
        }
        final int illFormed = StrictUtf8.firstInvalid(buf, start, end);
        if (illFormed >= 0) {
            return invalidJson("invalid UTF-8 at byte " + (illFormed - offset), buf, offset, end);
        }

        return mapped == null ? readObject(buf, start, end, offset, BUILT_IN)
                : mapped.read(buf, start, end, offset);
    }

    /** Reads the fields of one JSON object into a draft. */
    interface ObjectReader {
        void read(JsonParser parser, EventDraft draft) throws IOException;
    }

    /** The built-in dialects A, B and C, told apart by their fields. */
    static final ObjectReader BUILT_IN = ExecutionEventParser::readTopLevel;

    /**
     * Reads the object from {@code start} (a '{', the record checked to end with '}' and to be UTF-8) with
     * {@code reader}, and resolves it; any failure is a typed {@link ParseResult.Invalid}.
     */
    static ParseResult readObject(final byte[] buf, final int start, final int end, final int offset,
                                  final ObjectReader reader) {
        final EventDraft draft = new EventDraft();
        draft.keys = DuplicateKeys.forRecord();
        try (JsonParser parser = JSON.createParser(buf, start, end - start)) {
            parser.nextToken();
            draft.keys.enterObject();
            reader.read(parser, draft);
            if (parser.nextToken() != null) {
                return invalid(ParseErrorReason.INVALID_JSON, "content after the object", draft, buf, offset, end);
            }
        } catch (StreamConstraintsException e) {
            return invalid(ParseErrorReason.TOO_LARGE, e.getOriginalMessage(), draft, buf, offset, end);
        } catch (JsonProcessingException e) {
            return invalid(ParseErrorReason.INVALID_JSON, jsonDetail(e), draft, buf, offset, end);
        } catch (IOException | RuntimeException e) {
            return unexpected(e, draft, buf, offset, end);
        }
        return draft.resolve(RecordFingerprint.of(buf, offset, end - offset));
    }

    /** A parser over the same constraints as the record readers, for a first look at a record. */
    static JsonParser jsonParser(final byte[] buf, final int start, final int end) throws IOException {
        return JSON.createParser(buf, start, end - start);
    }

    /**
     * The session id of a record value even when it is invalid (the valid event's session, else the invalid
     * record's hint), or {@code null}; the replay producer keys records with it.
     */
    public static String sniffSession(final byte[] buf, final int offset, final int length) {
        final ParseResult result = SHARED.parse(buf, offset, length);
        if (result instanceof ParseResult.Valid valid) {
            return valid.event().sessionId();
        }
        return ((ParseResult.Invalid) result).sessionHint();
    }

    /** {@link #sniffSession(byte[], int, int)} over a whole array; {@code null} gives {@code null}. */
    public static String sniffSession(final byte[] value) {
        return value == null ? null : sniffSession(value, 0, value.length);
    }

    private static void readTopLevel(final JsonParser p, final EventDraft d) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            d.keys.add(p, name);
            final JsonToken t = p.nextToken();
            switch (name) {
                case "ts" -> readTs(p, t, d);
                case "session_id" -> readSession(p, t, 2, d);
                case "run_id" -> readSession(p, t, 1, d);
                case "kind" -> readKind(p, t, d);
                case "stage" -> readStage(p, t, d);
                case "mode" -> readMode(p, t, d);
                case "schema_version" -> readSchemaVersion(p, t, d);
                case "event_type" -> readEventType(p, t, d);
                // Dialect C's ids, below every contract name: they fill the slot only when nothing else does.
                case "exchange_order_id" -> id(p, t, EventDraft.BROKER_ORDER_ID, 0, d);
                case "idempotency_key" -> id(p, t, EventDraft.ORDER_ID, 0, d);
                case "payload" -> {
                    if (t == JsonToken.START_OBJECT) {
                        readPayload(p, d);
                    } else {
                        d.keys.skipValue(p);
                    }
                }
                default -> readField(p, t, name, 0, d);
            }
        }
    }

    private static void readPayload(final JsonParser p, final EventDraft d) throws IOException {
        d.keys.enterObject();
        String name;
        while ((name = p.nextFieldName()) != null) {
            d.keys.add(p, name);
            readField(p, p.nextToken(), name, EventDraft.PAYLOAD_BOOST, d);
        }
        d.keys.exitObject();
    }

    /** A field that may sit at the top level (ledger) or in the payload (telemetry). */
    private static void readField(final JsonParser p, final JsonToken t, final String name, final int boost,
                                  final EventDraft d) throws IOException {
        switch (name) {
            case "intent_id" -> id(p, t, EventDraft.INTENT_ID, boost + 1, d);
            case "order_id" -> id(p, t, EventDraft.ORDER_ID, boost + 3, d);
            case "client_order_id" -> id(p, t, EventDraft.ORDER_ID, boost + 2, d);
            case "client_id" -> id(p, t, EventDraft.ORDER_ID, boost + 1, d);
            case "broker_order_id" -> id(p, t, EventDraft.BROKER_ORDER_ID, boost + 1, d);
            case "correlation_id" -> id(p, t, EventDraft.CORRELATION_ID, boost + 1, d);
            case "strategy_id" -> id(p, t, EventDraft.STRATEGY, boost + 2, d);
            case "strategy_key" -> text(p, t, EventDraft.STRATEGY, boost + 1, d);
            case "symbol" -> symbol(p, t, boost + 1, SLASH, d);
            case "exchange" -> text(p, t, EventDraft.EXCHANGE, boost + 1, d);
            case "side" -> readSide(p, t, boost + 1, d);
            case "order_type" -> text(p, t, EventDraft.ORDER_TYPE, boost + 1, d);
            case "status" -> text(p, t, EventDraft.STATUS, boost + 1, d);
            case "reason" -> text(p, t, EventDraft.REASON, boost + 1, d);
            case "gate_name" -> text(p, t, EventDraft.GATE_NAME, boost + 2, d);
            case "gate" -> text(p, t, EventDraft.GATE_NAME, boost + 1, d);
            case "error" -> text(p, t, EventDraft.MESSAGE, boost + 1, d);
            case "quantity" -> number(p, t, EventDraft.QUANTITY, boost + 2, d);
            case "qty" -> number(p, t, EventDraft.QUANTITY, boost + 1, d);
            case "filled_quantity" -> number(p, t, EventDraft.FILLED_QUANTITY, boost + 1, d);
            case "price" -> number(p, t, EventDraft.PRICE, boost + 1, d);
            case "limit_price" -> number(p, t, EventDraft.LIMIT_PRICE, boost + 1, d);
            case "current_price" -> number(p, t, EventDraft.CURRENT_PRICE, boost + 1, d);
            case "fill_price" -> number(p, t, EventDraft.FILL_PRICE, boost + 1, d);
            case "fill_notional" -> number(p, t, EventDraft.NOTIONAL, boost + 1, d);
            case "fill_fee" -> number(p, t, EventDraft.FEE, boost + 2, d);
            case "fee" -> number(p, t, EventDraft.FEE, boost + 1, d);
            case "latency_ms" -> number(p, t, EventDraft.LATENCY_MS, boost + 1, d);
            case "decision" -> readDecision(p, t, d);
            case "passed" -> readPassed(p, t, d);
            default -> d.keys.skipValue(p);
        }
    }

    static void id(final JsonParser p, final JsonToken t, final int slot, final int priority,
                           final EventDraft d) throws IOException {
        switch (t) {
            case VALUE_STRING -> d.text(slot, priority, p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                d.text(slot, priority, p.getText());
                d.flag(QualityFlags.NON_STRING_ID);
            }
            case VALUE_NULL -> {
            }
            default -> {
                d.keys.skipValue(p);
                d.flag(QualityFlags.NON_STRING_ID);
            }
        }
    }

    static void text(final JsonParser p, final JsonToken t, final int slot, final int priority,
                             final EventDraft d) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            d.text(slot, priority, RepeatedText.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
        } else {
            d.keys.skipValue(p);
        }
    }

    static void number(final JsonParser p, final JsonToken t, final int slot, final int priority,
                               final EventDraft d) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            final double value = p.getDoubleValue();
            if (Double.isFinite(value)) {
                d.number(slot, priority, value);
            } else {
                d.flag(QualityFlags.BAD_NUMBER);
            }
        } else if (t != JsonToken.VALUE_NULL) {
            d.keys.skipValue(p);
            d.flag(QualityFlags.BAD_NUMBER);
        }
    }

    private static void readTs(final JsonParser p, final JsonToken t, final EventDraft d) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        d.tsSeen = true;
        if (t == JsonToken.VALUE_STRING) {
            readIsoTs(p, "ts", d);
            d.epochProblem = "ts is not a number but a string";
        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            d.tsProblem = "ts is not a string but a number";
            d.epochPacked = EpochTime.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(),
                    EpochTime.SECONDS);
            d.epochProblem = IsoTimestamp.isValid(d.epochPacked) ? null : "unreadable ts " + p.getText();
        } else {
            d.keys.skipValue(p);
            d.tsProblem = "ts is not a string but " + describe(t);
            d.epochProblem = "ts is not a number but " + describe(t);
        }
    }

    /** An ISO-8601 time (the string the parser stands on) into {@link EventDraft#tsPacked}. */
    static void readIsoTs(final JsonParser p, final String name, final EventDraft d) throws IOException {
        d.tsPacked = IsoTimestamp.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (!IsoTimestamp.isValid(d.tsPacked)) {
            d.tsProblem = "unreadable " + name + " " + quoted(p);
        }
    }

    /** A number of epoch units (the token the parser stands on) into {@link EventDraft#tsPacked}. */
    static void readEpochTs(final JsonParser p, final JsonToken t, final String name, final int toMicros,
                            final EventDraft d) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            d.tsPacked = EpochTime.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), toMicros);
            if (!IsoTimestamp.isValid(d.tsPacked)) {
                d.tsProblem = "unreadable " + name + " " + p.getText();
            }
        } else {
            d.keys.skipValue(p);
            d.tsPacked = IsoTimestamp.INVALID;
            d.tsProblem = name + " is not a number but " + describe(t);
        }
    }

    static void readSession(final JsonParser p, final JsonToken t, final int priority, final EventDraft d)
            throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.VALUE_STRING) {
            d.keys.skipValue(p);
            d.sessionProblem = "session id is not a string but " + describe(t);
            return;
        }
        if (p.getTextLength() > MAX_SESSION_ID_LENGTH) {
            d.sessionProblem = "session id longer than " + MAX_SESSION_ID_LENGTH + " characters";
            return;
        }
        final String value = RepeatedText.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (value.isBlank()) {
            d.sessionProblem = "blank session id";
            return;
        }
        d.text(EventDraft.SESSION, priority, value);
    }

    private static void readSchemaVersion(final JsonParser p, final JsonToken t, final EventDraft d)
            throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            d.schemaV1 = matches(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), EXECUTION_EVENT_V1);
        } else {
            d.keys.skipValue(p);
        }
    }

    private static void readEventType(final JsonParser p, final JsonToken t, final EventDraft d) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.VALUE_STRING) {
            d.keys.skipValue(p);
            d.eventTypeProblem = "event_type is not a string but " + describe(t);
            return;
        }
        d.eventStage = ExecutionEventTypes.stageOf(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        d.eventTypeProblem = d.eventStage == null ? "unknown event_type " + quoted(p) : null;
    }

    /**
     * A symbol, with each of {@code separators} written as {@code -}: {@code BTC/EUR} is {@code BTC-EUR}. Shared
     * like the other low-cardinality texts ({@link RepeatedText}).
     */
    static void symbol(final JsonParser p, final JsonToken t, final int priority, final char[] separators,
                       final EventDraft d) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            d.keys.skipValue(p);
            return;
        }
        final char[] c = p.getTextCharacters();
        final int off = p.getTextOffset();
        final int len = p.getTextLength();
        for (int i = off; i < off + len; i++) {
            for (final char separator : separators) {
                if (c[i] == separator) {
                    d.text(EventDraft.SYMBOL, priority, RepeatedText.of(normalized(c, off, len, separators), 0, len));
                    return;
                }
            }
        }
        d.text(EventDraft.SYMBOL, priority, RepeatedText.of(c, off, len));
    }

    private static char[] normalized(final char[] c, final int off, final int len, final char[] separators) {
        final char[] out = new char[len];
        for (int i = 0; i < len; i++) {
            char ch = c[off + i];
            for (final char separator : separators) {
                if (ch == separator) {
                    ch = '-';
                }
            }
            out[i] = ch;
        }
        return out;
    }

    /** Known modes resolve to constants: no String per event for a field with a handful of values. */
    static void readMode(final JsonParser p, final JsonToken t, final EventDraft d) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            d.keys.skipValue(p);
            return;
        }
        final char[] c = p.getTextCharacters();
        final int off = p.getTextOffset();
        final int len = p.getTextLength();
        for (final String known : KNOWN_MODES) {
            if (matches(c, off, len, known)) {
                d.mode = known;
                return;
            }
        }
        if (len > 0) {
            d.mode = p.getText().toLowerCase(Locale.ROOT);
        }
    }

    static void readSide(final JsonParser p, final JsonToken t, final int priority, final EventDraft d)
            throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            d.keys.skipValue(p);
            return;
        }
        final char[] c = p.getTextCharacters();
        final int off = p.getTextOffset();
        final int len = p.getTextLength();
        final Side side = matches(c, off, len, "buy") ? Side.BUY
                : matches(c, off, len, "sell") ? Side.SELL : Side.UNKNOWN;
        if (len > 0) {
            d.side(priority, side);
        }
    }

    private static void readKind(final JsonParser p, final JsonToken t, final EventDraft d) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.VALUE_STRING) {
            d.keys.skipValue(p);
            d.kind = EventDraft.KIND_UNKNOWN;
            d.kindProblem = "kind is not a string but " + describe(t);
            return;
        }
        final char[] c = p.getTextCharacters();
        final int off = p.getTextOffset();
        final int len = p.getTextLength();
        if (matches(c, off, len, "intent")) {
            d.kind = EventDraft.KIND_INTENT;
        } else if (matches(c, off, len, "order")) {
            d.kind = EventDraft.KIND_ORDER;
        } else if (matches(c, off, len, "fill")) {
            d.kind = EventDraft.KIND_FILL;
        } else if (matches(c, off, len, "gate")) {
            d.kind = EventDraft.KIND_GATE;
        } else if (matches(c, off, len, "error")) {
            d.kind = EventDraft.KIND_ERROR;
        } else {
            d.kind = EventDraft.KIND_UNKNOWN;
            d.kindProblem = "unknown kind " + quoted(p);
        }
    }

    private static void readStage(final JsonParser p, final JsonToken t, final EventDraft d) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        d.stageSeen = true;
        if (t != JsonToken.VALUE_STRING) {
            d.keys.skipValue(p);
            d.kindProblem = "stage is not a string but " + describe(t);
            return;
        }
        final char[] c = p.getTextCharacters();
        final int off = p.getTextOffset();
        final int len = p.getTextLength();
        final Stage stage;
        if (matches(c, off, len, "signal")) {
            stage = Stage.SIGNAL;
        } else if (matches(c, off, len, "intent")) {
            stage = Stage.INTENT;
        } else if (matches(c, off, len, "submit")) {
            stage = Stage.SUBMIT;
        } else if (matches(c, off, len, "ack")) {
            stage = Stage.ACK;
        } else if (matches(c, off, len, "fill")) {
            stage = Stage.FILL;
        } else if (matches(c, off, len, "cancel")) {
            stage = Stage.CANCEL;
        } else if (matches(c, off, len, "risk_block")) {
            stage = Stage.RISK_BLOCK;
        } else if (matches(c, off, len, "error")) {
            stage = Stage.ERROR;
        } else {
            stage = null;
            d.kindProblem = "unknown stage " + quoted(p);
        }
        d.stage = stage;
    }

    static void readDecision(final JsonParser p, final JsonToken t, final EventDraft d) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t == JsonToken.VALUE_STRING) {
            final char[] c = p.getTextCharacters();
            final int off = p.getTextOffset();
            final int len = p.getTextLength();
            if (matches(c, off, len, "allow")) {
                d.decisions |= EventDraft.DECISION_ALLOW;
                return;
            }
            if (matches(c, off, len, "block")) {
                d.decisions |= EventDraft.DECISION_BLOCK;
                return;
            }
        }
        d.keys.skipValue(p);
        d.decisions |= EventDraft.DECISION_UNREADABLE;
    }

    static void readPassed(final JsonParser p, final JsonToken t, final EventDraft d) throws IOException {
        switch (t) {
            case VALUE_TRUE -> d.decisions |= EventDraft.DECISION_ALLOW;
            case VALUE_FALSE -> d.decisions |= EventDraft.DECISION_BLOCK;
            case VALUE_NULL -> {
            }
            default -> {
                d.keys.skipValue(p);
                d.decisions |= EventDraft.DECISION_UNREADABLE;
            }
        }
    }

    /** ASCII case-insensitive equality with a lower-case literal, without materializing a String. */
    static boolean matches(final char[] c, final int off, final int len, final String lowerLiteral) {
        if (len != lowerLiteral.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            final char ch = c[off + i];
            final char lower = ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch;
            if (lower != lowerLiteral.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static ParseResult notAnObject(final byte[] buf, final int start, final int end, final int offset) {
        try (JsonParser parser = STRICT_JSON.createParser(buf, start, end - start)) {
            final JsonToken root = parser.nextToken();
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return invalid(ParseErrorReason.INVALID_JSON, "content after the root value", null, buf, offset, end);
            }
            return new ParseResult.Invalid(ParseErrorReason.NOT_AN_OBJECT, "root is " + describe(root), null);
        } catch (StreamConstraintsException e) {
            return invalid(ParseErrorReason.TOO_LARGE, e.getOriginalMessage(), null, buf, offset, end);
        } catch (JsonProcessingException e) {
            return invalid(ParseErrorReason.INVALID_JSON, jsonDetail(e), null, buf, offset, end);
        } catch (IOException | RuntimeException e) {
            return unexpected(e, null, buf, offset, end);
        }
    }

    private static ParseResult invalidJson(final String detail, final byte[] buf, final int from, final int to) {
        return invalid(ParseErrorReason.INVALID_JSON, detail, null, buf, from, to);
    }

    /** An invalid result for a record that could not be read to its end; the session comes from a byte scan. */
    private static ParseResult invalid(final ParseErrorReason reason, final String detail, final EventDraft draft,
                                       final byte[] buf, final int from, final int to) {
        final String read = draft == null ? null : draft.session();
        final String hint = read != null ? read : SessionIdScanner.scan(buf, from, to);
        return new ParseResult.Invalid(reason, shorten(detail), hint);
    }

    /** Jackson failed in a way no input should cause: still a result, never a dead stream thread. */
    private static ParseResult unexpected(final Exception e, final EventDraft draft, final byte[] buf,
                                          final int from, final int to) {
        LOG.warn("JSON parser failed unexpectedly on a {}-byte record", to - from, e);
        return invalid(ParseErrorReason.INVALID_JSON, UNEXPECTED_FAILURE + e.getClass().getSimpleName(),
                draft, buf, from, to);
    }

    static String jsonDetail(final JsonProcessingException e) {
        final String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field ")) {
            return "duplicate key " + message.substring("Duplicate field ".length());
        }
        return message;
    }

    /** Caps a detail and replaces control characters: it travels as a Kafka header and into logs. */
    static String shorten(final String detail) {
        if (detail == null) {
            return "invalid";
        }
        final int len = Math.min(detail.length(), MAX_DETAIL_LENGTH);
        final StringBuilder out = new StringBuilder(len + 3);
        for (int i = 0; i < len; i++) {
            final char ch = detail.charAt(i);
            out.append(ch < 0x20 || ch == 0x7F ? '?' : ch);
        }
        if (detail.length() > MAX_DETAIL_LENGTH) {
            out.append("...");
        }
        return out.toString();
    }

    /** The current string value, quoted and cut to a few characters, for an error detail. */
    static String quoted(final JsonParser p) throws IOException {
        final int len = Math.min(p.getTextLength(), 40);
        final String head = new String(p.getTextCharacters(), p.getTextOffset(), len);
        return '"' + shorten(head) + (p.getTextLength() > len ? "...\"" : "\"");
    }

    static String describe(final JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static boolean startsLikeJson(final byte b) {
        return b == '[' || b == '"' || b == '-' || (b >= '0' && b <= '9') || b == 't' || b == 'f' || b == 'n';
    }

    private static int lastNonWhitespace(final byte[] buf, final int start, final int end) {
        int p = end - 1;
        while (p > start && (buf[p] == ' ' || buf[p] == '\t' || buf[p] == '\n' || buf[p] == '\r')) {
            p--;
        }
        return p;
    }

    /** Where a JSON value's content starts: after leading whitespace and a UTF-8 byte-order mark; {@code end} if none. */
    static int contentStart(final byte[] buf, final int offset, final int end) {
        int start = skipWhitespace(buf, offset, end);
        if (start + 2 < end && (buf[start] & 0xFF) == 0xEF && (buf[start + 1] & 0xFF) == 0xBB
                && (buf[start + 2] & 0xFF) == 0xBF) {
            start = skipWhitespace(buf, start + 3, end);
        }
        return start;
    }

    private static int skipWhitespace(final byte[] buf, final int from, final int end) {
        int p = from;
        while (p < end && (buf[p] == ' ' || buf[p] == '\t' || buf[p] == '\n' || buf[p] == '\r')) {
            p++;
        }
        return p;
    }

    private static String hex(final byte b) {
        final String digits = "0123456789abcdef";
        return "" + digits.charAt((b >> 4) & 0xF) + digits.charAt(b & 0xF);
    }
}
