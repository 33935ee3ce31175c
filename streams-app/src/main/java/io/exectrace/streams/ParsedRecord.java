package io.exectrace.streams;

import io.exectrace.events.ParseResult;

/**
 * A raw input value with the one parse of it: the source deserializer parses, the timestamp extractor, the
 * dead-letter step and the session attribution all read this result, so no record is parsed twice.
 *
 * @param raw    the value exactly as received (for the dead-letter topic), possibly {@code null}
 * @param result what the events parser made of it
 */
record ParsedRecord(byte[] raw, ParseResult result) {

    boolean isValid() {
        return result instanceof ParseResult.Valid;
    }
}
