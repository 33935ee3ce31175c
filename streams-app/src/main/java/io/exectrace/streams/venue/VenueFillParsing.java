package io.exectrace.streams.venue;

import io.exectrace.events.VenueFillParser;
import io.exectrace.events.VenueSymbols;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Parses each venue-fills record with {@link VenueFillParser}, the parser {@code produce venue-fills} uses. */
public final class VenueFillParsing implements FixedKeyProcessor<byte[], byte[], ParsedVenueFill> {
    private final VenueFillParser parser;
    private FixedKeyProcessorContext<byte[], ParsedVenueFill> context;

    public VenueFillParsing(final VenueSymbols symbols) {
        this.parser = new VenueFillParser(symbols);
    }

    @Override
    public void init(final FixedKeyProcessorContext<byte[], ParsedVenueFill> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<byte[], byte[]> record) {
        final byte[] raw = record.value() == null ? new byte[0] : record.value();
        // A null value (a tombstone) reads as zero bytes: EMPTY, dead-lettered like an empty line.
        context.forward(record.withValue(new ParsedVenueFill(raw, parser.parse(raw))));
    }
}
