package io.exectrace.streams.serde;

import io.exectrace.events.ParseErrorReason;
import io.exectrace.streams.SessionInput;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of a {@link SessionInput} for the session repartition topic: a tag byte, then either the event in
 * {@link ExecutionEventSerde}'s format or the parse-error reason's ordinal.
 */
public final class SessionInputSerde implements Serde<SessionInput>, Serializer<SessionInput>,
        Deserializer<SessionInput> {

    private static final int TAG_VALID = 0;
    private static final int TAG_INVALID = 1;
    private static final ParseErrorReason[] REASONS = ParseErrorReason.values();

    @Override
    public byte[] serialize(final String topic, final SessionInput input) {
        if (input == null) {
            return null;
        }
        if (input.isValid()) {
            final ByteSink sink = new ByteSink(1 + ExecutionEventSerde.sizeOf(input.event()));
            sink.writeByte(TAG_VALID);
            ExecutionEventSerde.write(input.event(), sink);
            return sink.bytes();
        }
        final ByteSink sink = new ByteSink(2);
        sink.writeByte(TAG_INVALID);
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
            case TAG_VALID -> SessionInput.valid(ExecutionEventSerde.read(source));
            case TAG_INVALID -> SessionInput.invalid(source.readEnum(REASONS, "parse error reason"));
            default -> throw new SerializationException("unknown SessionInput tag " + tag);
        };
        source.requireEnd();
        return input;
    }

    @Override
    public void configure(final java.util.Map<String, ?> configs, final boolean isKey) {
        // stateless: nothing to configure
    }

    @Override
    public void close() {
        // stateless: nothing to release
    }

    @Override
    public Serializer<SessionInput> serializer() {
        return this;
    }

    @Override
    public Deserializer<SessionInput> deserializer() {
        return this;
    }
}
