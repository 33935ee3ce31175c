package io.exectrace.streams.ingest;

import io.exectrace.events.ExecutionEventParser;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes an input value by parsing it with the events parser, keeping the raw bytes beside the result.
 * Parsing here (rather than in a processor) lets the timestamp extractor use the event time without a second
 * parse: Kafka Streams deserializes a record before it extracts its timestamp. The parser never throws on bad
 * input, so every record reaches the topology; invalid ones as {@code ParseResult.Invalid}. The parser knows the
 * configured dialects ({@code dialects.dir}).
 */
final class ParsingDeserializer implements Deserializer<ParsedRecord> {

    private final ExecutionEventParser parser;

    ParsingDeserializer(final ExecutionEventParser parser) {
        this.parser = parser;
    }

    @Override
    public ParsedRecord deserialize(final String topic, final byte[] data) {
        return new ParsedRecord(data, parser.parse(data));
    }
}
