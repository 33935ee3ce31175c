package io.exectrace.streams.ingest;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde of the input topic's values: reading parses (see {@link ParsingDeserializer}), writing gives the raw bytes back. */
public final class ParsingSerde implements Serde<ParsedRecord> {

    @Override
    public Serializer<ParsedRecord> serializer() {
        return (topic, parsed) -> parsed == null ? null : parsed.raw();
    }

    @Override
    public Deserializer<ParsedRecord> deserializer() {
        return new ParsingDeserializer();
    }
}
