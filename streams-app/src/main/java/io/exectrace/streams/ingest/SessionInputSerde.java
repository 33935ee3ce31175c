package io.exectrace.streams.ingest;

import io.exectrace.events.ParseErrorReason;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;
import io.exectrace.streams.codec.ExecutionEventSerde;
import io.exectrace.streams.codec.StatelessSerde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Binary form of a {@link SessionInput} for the session repartition topic and the reorder buffer: a tag byte; for
 * records read from a known input partition the arrival time (8 bytes), the partition (varint) and the offset
 * (8 bytes), then either the event in {@link ExecutionEventSerde}'s format or the parse-error reason's ordinal; for a
 * progress mark the arrival time and the partition. The older tags (without source, or without arrival time) are
 * still read.
 */
public final class SessionInputSerde extends StatelessSerde<SessionInput> {

    private static final int TAG_VALID = 0;
    private static final int TAG_INVALID = 1;
    private static final int TAG_VALID_ARRIVED = 2;
    private static final int TAG_INVALID_ARRIVED = 3;
    private static final int TAG_VALID_SOURCED = 4;
    private static final int TAG_INVALID_SOURCED = 5;
    private static final int TAG_PROGRESS = 6;
    private static final ParseErrorReason[] REASONS = ParseErrorReason.values();
    private static final ExecutionEventSerde EVENTS = new ExecutionEventSerde();

    @Override
    public byte[] serialize(final String topic, final SessionInput input) {
        if (input == null) {
            return null;
        }
        if (input.isProgress()) {
            final ByteSink sink = new ByteSink(1 + Long.BYTES + ByteSink.sizeOfVarInt(input.sourcePartition()));
            sink.writeByte(TAG_PROGRESS);
            sink.writeLong(input.arrivalMillis());
            sink.writeVarInt(input.sourcePartition());
            return sink.bytes();
        }
        final boolean sourced = input.sourceKnown();
        final boolean arrived = sourced || input.arrivalKnown();
        final int header = (arrived ? Long.BYTES : 0)
                + (sourced ? ByteSink.sizeOfVarInt(input.sourcePartition()) + Long.BYTES : 0);
        final ByteSink sink;
        if (input.isValid()) {
            sink = new ByteSink(1 + header + EVENTS.sizeOf(input.event()));
            sink.writeByte(sourced ? TAG_VALID_SOURCED : arrived ? TAG_VALID_ARRIVED : TAG_VALID);
        } else {
            sink = new ByteSink(2 + header);
            sink.writeByte(sourced ? TAG_INVALID_SOURCED : arrived ? TAG_INVALID_ARRIVED : TAG_INVALID);
        }
        if (arrived) {
            sink.writeLong(input.arrivalMillis());
        }
        if (sourced) {
            sink.writeVarInt(input.sourcePartition());
            sink.writeLong(input.sourceOffset());
        }
        if (input.isValid()) {
            EVENTS.write(input.event(), sink);
        } else {
            sink.writeByte(input.parseError().ordinal());
        }
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
            case TAG_INVALID -> SessionInput.invalid(readReason(source));
            case TAG_VALID_ARRIVED -> {
                final long arrival = source.readLong();
                yield SessionInput.valid(EVENTS.read(source)).arrivedAt(arrival);
            }
            case TAG_INVALID_ARRIVED -> {
                final long arrival = source.readLong();
                yield SessionInput.invalid(readReason(source)).arrivedAt(arrival);
            }
            case TAG_VALID_SOURCED, TAG_INVALID_SOURCED -> {
                final long arrival = source.readLong();
                final int partition = source.readVarInt();
                final long offset = source.readLong();
                final SessionInput read = tag == TAG_VALID_SOURCED
                        ? SessionInput.valid(EVENTS.read(source))
                        : SessionInput.invalid(readReason(source));
                yield read.arrivedAt(arrival).readFrom(partition, offset);
            }
            case TAG_PROGRESS -> {
                final long arrival = source.readLong();
                yield SessionInput.progress(source.readVarInt(), arrival);
            }
            default -> throw new SerializationException("unknown SessionInput tag " + tag);
        };
        source.requireEnd();
        return input;
    }

    private static ParseErrorReason readReason(final ByteSource source) {
        return source.readEnum(REASONS, "parse error reason");
    }
}
