package io.exectrace.streams.ingest;

import io.exectrace.events.ExecutionEventParser;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde of the input topic's values: reading parses (see {@link ParsingDeserializer}), writing gives the raw bytes back. */
public final class ParsingSerde implements Serde<ParsedRecord> {
    private final ExecutionEventParser parser;

    /** Reads with {@code parser} (which knows the configured dialects). */
    public ParsingSerde(final ExecutionEventParser parser) {
        this.parser = parser;
    }

    @Override
    public Serializer<ParsedRecord> serializer() {
        return (topic, parsed) -> parsed == null ? null : parsed.raw();
    }

    @Override
    public Deserializer<ParsedRecord> deserializer() {
        return new ParsingDeserializer(parser);
    }
}
