package io.exectrace.streams.app;

import io.exectrace.events.ParseResult;

/**
 * How a producer we do not control may key the records of a JSONL file on the input topic (the event contract
 * allows every one of them), and which session the pipeline then counts an invalid line for.
 */
enum ProducerKeying {
    /** As {@code exectrace produce replay} does: the line's session id, else the file's stem. */
    SESSION,
    /** No key (kcat without {@code -K}): the default partitioner spreads the records over the partitions. */
    NONE,
    /** The line's order id; lines without one (intents, invalid lines...) have no key. */
    ORDER,
    /** One key for every record, which names no session. */
    CONSTANT;

    /** The key every record gets under {@link #CONSTANT}. */
    static final String CONSTANT_KEY = "execution-service";

    /** The record key of one line of the file whose stem is {@code fileStem}; null for no key. */
    String keyOf(final ParseResult line, final String fileStem) {
        return switch (this) {
            case SESSION -> line instanceof ParseResult.Valid valid ? valid.event().sessionId()
                    : sessionHintOr((ParseResult.Invalid) line, fileStem);
            case NONE -> null;
            case ORDER -> line instanceof ParseResult.Valid valid ? valid.event().orderId() : null;
            case CONSTANT -> CONSTANT_KEY;
        };
    }

    /**
     * The session an invalid line is counted for, as the contract says (its record key, else the session the parser
     * could still read, else none); under {@link #SESSION} that is the viewer's rule (the session read, else the
     * file's stem). Null: counted in the totals and the DLQ only.
     */
    String sessionOfInvalid(final ParseResult.Invalid line, final String fileStem) {
        final String key = keyOf(line, fileStem);
        return key != null && !key.isEmpty() ? key : line.sessionHint();
    }

    private static String sessionHintOr(final ParseResult.Invalid line, final String fallback) {
        return line.sessionHint() != null ? line.sessionHint() : fallback;
    }
}
