package io.exectrace.events;

/**
 * One entry of a venue-fills file: where it starts, the key it had, its bytes exactly as in the file (what a dead
 * letter carries) and what it was read into.
 *
 * @param line   1-based line of the file where the entry starts
 * @param key    the key the entry had in its object (Kraken's trade id), or {@code null} (a JSONL line, an
 *               array element)
 * @param raw    the entry's bytes, byte for byte (a Kraken trade: its value object, without the key)
 * @param result the fill, or why there is none
 */
public record VenueFillEntry(long line, String key, byte[] raw, VenueFillResult result) {
}
