package io.exectrace.harness.chaos;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.producer.SyntheticRecord;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How the chaos rig keys the input records ({@code --key}): by session id as exectrace's producers do, or as a
 * producer we do not control might (the event contract allows all four), and so which session the pipeline counts an
 * invalid record for.
 */
public enum InputKeying {
    /** The session id, as the generator and {@code exectrace produce} key (the default). */
    SESSION,
    /** No key: the producer's default partitioner spreads the records over the partitions (kcat without -K). */
    NONE,
    /** The record's order id; records without one (intents, risk blocks, invalid lines...) have no key. */
    ORDER,
    /** One key for every record, which names no session. */
    CONSTANT;

    /** The key of every record under {@link #CONSTANT}. */
    public static final String CONSTANT_KEY = "execution-service";

    /** The value of {@code --key}: {@code session}, {@code none}, {@code order} or {@code constant}. */
    public static InputKeying parse(final String text) {
        for (final InputKeying keying : values()) {
            if (keying.label().equalsIgnoreCase(text.trim())) {
                return keying;
            }
        }
        throw new IllegalArgumentException("--key must be session, none, order or constant, got '" + text + "'");
    }

    /** The name on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The batch size of a plain Java producer ({@code batch.size} default). Unkeyed records go to one partition until
     * a batch of about this size is full (the sticky partitioner): exectrace's producers batch 128-256 KiB, which
     * would leave a short or slow input on one partition, where no record can overtake another.
     */
    public static final int DEFAULT_BATCH_SIZE = 16 * 1024;

    /**
     * Producer properties for records keyed this way, over {@code base}: by session, {@code base} as it is; otherwise
     * a plain producer's batch size ({@link #DEFAULT_BATCH_SIZE}) so that the records really spread over the
     * partitions.
     */
    public Map<String, String> producerOverrides(final Map<String, String> base) {
        if (this == SESSION) {
            return base;
        }
        final Map<String, String> props = new HashMap<>(base);
        props.put("batch.size", Integer.toString(DEFAULT_BATCH_SIZE));
        return props;
    }

    /**
     * The key of each generated record, for one sending thread (it parses the value only for {@link #ORDER}).
     */
    public Function<SyntheticRecord, String> keys() {
        final ExecutionEventParser parser = new ExecutionEventParser();
        return record -> keyOf(record.key(), record.value(), parser);
    }

    /**
     * The record key of a record of session {@code sessionId} whose value is {@code value}; null for no key.
     * {@code parser} is used only for {@link #ORDER}.
     */
    public String keyOf(final String sessionId, final byte[] value, final ExecutionEventParser parser) {
        return switch (this) {
            case SESSION -> sessionId;
            case NONE -> null;
            case ORDER -> parser.parse(value) instanceof ParseResult.Valid valid ? valid.event().orderId() : null;
            case CONSTANT -> CONSTANT_KEY;
        };
    }

    /** The record key of one generated record, whose value parsed as {@code parsed}; null for no key. */
    public String keyOf(final SyntheticRecord record, final ParseResult parsed) {
        return switch (this) {
            case SESSION -> record.key();
            case NONE -> null;
            case ORDER -> parsed instanceof ParseResult.Valid valid ? valid.event().orderId() : null;
            case CONSTANT -> CONSTANT_KEY;
        };
    }

    /**
     * The session the pipeline counts an invalid record for, as the contract says: the one its key names, else the
     * one the parser could still read, else none (null: only the DLQ and the totals count it).
     */
    public String sessionOfInvalid(final SyntheticRecord record, final ParseResult.Invalid parsed) {
        final String key = keyOf(record, parsed);
        return key != null && !key.isEmpty() ? key : parsed.sessionHint();
    }
}
