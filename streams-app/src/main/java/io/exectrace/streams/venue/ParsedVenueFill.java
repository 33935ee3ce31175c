package io.exectrace.streams.venue;

import io.exectrace.events.VenueFillResult;

/**
 * A venue-fills record read once: its raw bytes (for the dead-letter topic) and what the parser made of them.
 *
 * @param raw    the record value as read
 * @param result the fill, or why it is not one
 */
public record ParsedVenueFill(byte[] raw, VenueFillResult result) {

    public boolean isValid() {
        return result instanceof VenueFillResult.Valid;
    }
}
