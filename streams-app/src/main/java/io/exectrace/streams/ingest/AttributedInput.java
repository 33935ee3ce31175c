package io.exectrace.streams.ingest;

/**
 * A session input with the routing decision taken where the record's key and partition were known.
 *
 * @param input  what the session processor will consume
 * @param atHome true when the record already sits under its session key in the partition the default
 *               partitioner gives that key, so it needs no repartition
 */
public record AttributedInput(SessionInput input, boolean atHome) {
}
