package io.exectrace.streams.ingest;

import io.exectrace.events.ParseErrorReason;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;
import io.exectrace.streams.codec.ExecutionEventSerde;
import io.exectrace.streams.codec.StatelessSerde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Binary form of a {@link SessionInput} for the session repartition topic: a tag byte, the arrival time (8 bytes,
 * only when known), then either the event in {@link ExecutionEventSerde}'s format or the parse-error reason's
 * ordinal. The tags without arrival time are the original format, still read.
 */
public final class SessionInputSerde extends StatelessSerde<SessionInput> {

    private static final int TAG_VALID = 0;
    private static final int TAG_INVALID = 1;
    private static final int TAG_VALID_ARRIVED = 2;
    private static final int TAG_INVALID_ARRIVED = 3;
    private static final ParseErrorReason[] REASONS = ParseErrorReason.values();
    private static final ExecutionEventSerde EVENTS = new ExecutionEventSerde();

    @Override
    public byte[] serialize(final String topic, final SessionInput input) {
        if (input == null) {
            return null;
        }
        final boolean arrived = input.arrivalKnown();
        final int arrival = arrived ? Long.BYTES : 0;
        if (input.isValid()) {
            final ByteSink sink = new ByteSink(1 + arrival + EVENTS.sizeOf(input.event()));
            sink.writeByte(arrived ? TAG_VALID_ARRIVED : TAG_VALID);
            if (arrived) {
                sink.writeLong(input.arrivalMillis());
            }
            EVENTS.write(input.event(), sink);
            return sink.bytes();
        }
        final ByteSink sink = new ByteSink(2 + arrival);
        sink.writeByte(arrived ? TAG_INVALID_ARRIVED : TAG_INVALID);
        if (arrived) {
            sink.writeLong(input.arrivalMillis());
        }
        sink.writeByte(input.parseError().ordinal());
        return sink.bytes();
    }

    @Override
    public SessionInput deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        final ByteSource source = new ByteSource(data);
        final int tag = source.readByte();
        final SessionInput input = switch (tag) {
            case TAG_VALID -> SessionInput.valid(EVENTS.read(source));
            case TAG_INVALID -> SessionInput.invalid(source.readEnum(REASONS, "parse error reason"));
            case TAG_VALID_ARRIVED -> {
                final long arrival = source.readLong();
                yield SessionInput.valid(EVENTS.read(source)).arrivedAt(arrival);
            }
            case TAG_INVALID_ARRIVED -> {
                final long arrival = source.readLong();
                yield SessionInput.invalid(source.readEnum(REASONS, "parse error reason")).arrivedAt(arrival);
            }
            default -> throw new SerializationException("unknown SessionInput tag " + tag);
        };
        source.requireEnd();
        return input;
    }
}
