package io.exectrace.events;

import java.util.Arrays;

/**
 * The fields of one record as the parser meets them, resolved into a {@link ParseResult} once the whole
 * object has been read (the dialect, and so what a field means, is known only at the end).
 *
 * <p>A slot can be written by several names ({@code order_id}, {@code client_order_id}, {@code client_id})
 * and at two levels (top level and dialect A's {@code payload}). Each write carries a priority and the
 * highest wins, so the result does not depend on field order: payload beats top level, and within a level
 * the contract's primary name beats its aliases. One draft per parse call; never shared.
 */
final class EventDraft {
    // Text slots.
    static final int SYMBOL = 0;
    static final int EXCHANGE = 1;
    static final int INTENT_ID = 2;
    static final int ORDER_ID = 3;
    static final int BROKER_ORDER_ID = 4;
    static final int CORRELATION_ID = 5;
    static final int STRATEGY = 6;
    static final int REASON = 7;
    static final int GATE_NAME = 8;
    static final int MESSAGE = 9;
    static final int ORDER_TYPE = 10;
    static final int STATUS = 11;
    /** The session id: {@code session_id} beats {@code run_id} (a dialect's mapping may name others). */
    static final int SESSION = 12;
    private static final int TEXT_SLOTS = 13;

    // Number slots.
    static final int QUANTITY = 0;
    static final int FILLED_QUANTITY = 1;
    static final int PRICE = 2;
    static final int LIMIT_PRICE = 3;
    static final int CURRENT_PRICE = 4;
    static final int FILL_PRICE = 5;
    static final int NOTIONAL = 6;
    static final int FEE = 7;
    static final int LATENCY_MS = 8;
    private static final int NUMBER_SLOTS = 9;

    /** Added to a name's priority when the field sits inside {@code payload}. */
    static final int PAYLOAD_BOOST = 8;

    // Dialect A kinds, as read.
    static final byte KIND_ABSENT = 0;
    static final byte KIND_INTENT = 1;
    static final byte KIND_ORDER = 2;
    static final byte KIND_FILL = 3;
    static final byte KIND_GATE = 4;
    static final byte KIND_ERROR = 5;
    static final byte KIND_UNKNOWN = 6;

    // Gate decisions seen, as a bit set.
    static final int DECISION_ALLOW = 1;
    static final int DECISION_BLOCK = 2;
    static final int DECISION_UNREADABLE = 4;

    private static final String DETAIL_MISSING_TS = "no ts";
    private static final String DETAIL_MISSING_SESSION = "neither session_id nor run_id";
    private static final String DETAIL_NO_KIND = "neither kind nor stage";
    private static final String DETAIL_BOTH = "both kind and stage: dialect is ambiguous";
    private static final String DETAIL_GATE_UNDECIDED = "gate without a readable decision or passed";
    private static final String DETAIL_GATE_CONFLICT = "gate decision and passed disagree";
    private static final String DETAIL_NO_EVENT_TYPE = "no event_type";

    private final String[] text = new String[TEXT_SLOTS];
    private final byte[] textPriority = new byte[TEXT_SLOTS];
    private final double[] numbers = new double[NUMBER_SLOTS];
    private final byte[] numberPriority = new byte[NUMBER_SLOTS];

    boolean tsSeen;
    long tsPacked = IsoTimestamp.INVALID;
    String tsProblem;
    /** A numeric {@code ts} read as epoch seconds, for dialect C (which writes no other). */
    long epochPacked = IsoTimestamp.INVALID;
    String epochProblem;

    /** The parse's duplicate-key check (this thread's, reused), kept here so every field reader reaches it. */
    DuplicateKeys keys;
    String sessionProblem;

    /** Already lower-cased. */
    String mode;
    /** Priority of the path {@link #mode} came from (mapped dialects, which may name several). */
    int modePriority;
    private Side side = Side.UNKNOWN;
    private int sidePriority;

    byte kind = KIND_ABSENT;
    Stage stage;
    boolean stageSeen;
    String kindProblem;

    /** Dialect C: {@code schema_version} is {@code execution_event.v1}; its {@code event_type} as a stage. */
    boolean schemaV1;
    Stage eventStage;
    String eventTypeProblem;

    /**
     * Set by a mapped dialect's reader, which knows the dialect before it reads: the stage it read ({@link #stage}),
     * whether the stage is the gate's verdict, and the details for what it did not find.
     */
    Dialect declared;
    boolean stageByVerdict;
    String missingTsDetail;
    String missingSessionDetail;
    String missingStageDetail;
    /** Set when no dialect, or more than one, recognises the record: the detail of its UNKNOWN_KIND. */
    String unrecognised;

    int decisions;
    int qualityFlags;

    EventDraft() {
        Arrays.fill(numbers, Double.NaN);
    }

    void text(final int slot, final int priority, final String value) {
        if (value != null && !value.isEmpty() && priority >= textPriority[slot]) {
            text[slot] = value;
            textPriority[slot] = (byte) priority;
        }
    }

    /** A side text that names neither buy nor sell still takes its place as UNKNOWN. */
    void side(final int priority, final Side value) {
        if (priority >= sidePriority) {
            side = value;
            sidePriority = priority;
        }
    }

    void number(final int slot, final int priority, final double value) {
        if (priority >= numberPriority[slot]) {
            numbers[slot] = value;
            numberPriority[slot] = (byte) priority;
        }
    }

    void flag(final int qualityFlag) {
        qualityFlags |= qualityFlag;
    }

    /** The session id as it stands, for an invalid record's hint. */
    String session() {
        return text[SESSION];
    }

    /** Resolves the draft; the first failing check, in {@link ParseErrorReason} order, names the error. */
    ParseResult resolve(final long fingerprint) {
        if (unrecognised != null) {
            return invalid(ParseErrorReason.UNKNOWN_KIND, unrecognised);
        }
        final boolean kindSeen = kind != KIND_ABSENT;
        final boolean executionEvent = declared == null && schemaV1 && !kindSeen && !stageSeen;
        if (!tsSeen) {
            return invalid(ParseErrorReason.MISSING_TS, declared != null ? missingTsDetail : DETAIL_MISSING_TS);
        }
        final long ts = executionEvent ? epochPacked : tsPacked;
        if (!IsoTimestamp.isValid(ts)) {
            return invalid(ParseErrorReason.BAD_TS, executionEvent ? epochProblem : tsProblem);
        }
        final String session = session();
        if (session == null) {
            return invalid(ParseErrorReason.MISSING_SESSION, sessionProblem != null ? sessionProblem
                    : declared != null ? missingSessionDetail : DETAIL_MISSING_SESSION);
        }

        final Dialect dialect;
        final Stage resolved;
        if (declared != null) {
            dialect = declared;
            resolved = stageByVerdict ? stageOfVerdict() : stage;
            if (resolved == null) {
                return invalid(ParseErrorReason.UNKNOWN_KIND, kindProblem != null ? kindProblem : missingStageDetail);
            }
        } else {
            final int recognised = (kindSeen ? 1 : 0) + (stageSeen ? 1 : 0) + (schemaV1 ? 1 : 0);
            if (recognised > 1) {
                return invalid(ParseErrorReason.UNKNOWN_KIND, schemaV1 ? ambiguousExecutionEvent(kindSeen)
                        : DETAIL_BOTH);
            }
            if (recognised == 0) {
                return invalid(ParseErrorReason.UNKNOWN_KIND, DETAIL_NO_KIND);
            }
            if (executionEvent) {
                dialect = Dialect.EXECUTION_EVENT_V1;
                resolved = eventStage;
                if (resolved == null) {
                    return invalid(ParseErrorReason.UNKNOWN_KIND,
                            eventTypeProblem != null ? eventTypeProblem : DETAIL_NO_EVENT_TYPE);
                }
            } else {
                dialect = kindSeen ? Dialect.TELEMETRY_V1 : Dialect.LEDGER_V1;
                resolved = kindSeen ? stageOfKind() : stage;
                if (resolved == null) {
                    return invalid(ParseErrorReason.UNKNOWN_KIND, kindProblem);
                }
            }
        }

        if (IsoTimestamp.zoneless(ts)) {
            qualityFlags |= QualityFlags.ZONELESS_TS;
        }
        final double quantity = resolved == Stage.FILL
                ? first(numbers[FILLED_QUANTITY], numbers[QUANTITY])
                : first(numbers[QUANTITY], numbers[FILLED_QUANTITY]);
        return new ParseResult.Valid(new ExecutionEvent(
                IsoTimestamp.micros(ts),
                session,
                resolved,
                dialect,
                mode,
                text[SYMBOL],
                text[EXCHANGE],
                side,
                text[INTENT_ID],
                text[ORDER_ID],
                text[BROKER_ORDER_ID],
                text[CORRELATION_ID],
                text[STRATEGY],
                quantity,
                priceFor(resolved),
                numbers[NOTIONAL],
                numbers[FEE],
                text[REASON],
                text[GATE_NAME],
                text[MESSAGE],
                text[ORDER_TYPE],
                text[STATUS],
                numbers[LATENCY_MS],
                qualityFlags,
                fingerprint));
    }

    private static String ambiguousExecutionEvent(final boolean kindSeen) {
        return "both schema_version execution_event.v1 and " + (kindSeen ? "kind" : "stage")
                + ": dialect is ambiguous";
    }

    /** Dialect A's kind as a stage. Null sets {@link #kindProblem}. */
    private Stage stageOfKind() {
        switch (kind) {
            case KIND_INTENT:
                return Stage.INTENT;
            case KIND_ORDER:
                return Stage.SUBMIT;
            case KIND_FILL:
                return Stage.FILL;
            case KIND_ERROR:
                return Stage.ERROR;
            case KIND_GATE:
                return stageOfVerdict();
            default:
                return null;
        }
    }

    /** A gate needs exactly one readable verdict. Null sets {@link #kindProblem}. */
    private Stage stageOfVerdict() {
        final int verdicts = decisions & (DECISION_ALLOW | DECISION_BLOCK);
        if (verdicts == DECISION_ALLOW) {
            return Stage.GATE_PASS;
        }
        if (verdicts == DECISION_BLOCK) {
            return Stage.RISK_BLOCK;
        }
        kindProblem = verdicts == 0 ? DETAIL_GATE_UNDECIDED : DETAIL_GATE_CONFLICT;
        return null;
    }

    /** The price that means most for the stage: the fill price of a fill, the limit of an order, ... */
    private double priceFor(final Stage resolved) {
        return switch (resolved) {
            case FILL -> first(numbers[FILL_PRICE], numbers[PRICE], numbers[LIMIT_PRICE], numbers[CURRENT_PRICE]);
            case SUBMIT, ACK, CANCEL ->
                    first(numbers[LIMIT_PRICE], numbers[PRICE], numbers[FILL_PRICE], numbers[CURRENT_PRICE]);
            case INTENT, SIGNAL ->
                    first(numbers[CURRENT_PRICE], numbers[PRICE], numbers[LIMIT_PRICE], numbers[FILL_PRICE]);
            default -> first(numbers[PRICE], numbers[LIMIT_PRICE], numbers[CURRENT_PRICE], numbers[FILL_PRICE]);
        };
    }

    private static double first(final double a, final double b) {
        return Double.isNaN(a) ? b : a;
    }

    private static double first(final double a, final double b, final double c, final double d) {
        return first(first(a, b), first(c, d));
    }

    private ParseResult invalid(final ParseErrorReason reason, final String detail) {
        return new ParseResult.Invalid(reason, detail, session());
    }
}
