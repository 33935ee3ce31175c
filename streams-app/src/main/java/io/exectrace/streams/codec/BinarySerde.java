package io.exectrace.streams.codec;

import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A stateless serde that writes one exactly-sized array through {@link ByteSink} and reads it back whole. */
public abstract class BinarySerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /** Bytes {@link #write} will write for {@code value}. */
    protected abstract int sizeOf(T value);

    protected abstract void write(T value, ByteSink sink);

    protected abstract T read(ByteSource source);

    @Override
    public final byte[] serialize(final String topic, final T value) {
        if (value == null) {
            return null;
        }
        final ByteSink sink = new ByteSink(sizeOf(value));
        write(value, sink);
        return sink.bytes();
    }

    @Override
    public final T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        final ByteSource source = new ByteSource(data);
        final T value = read(source);
        source.requireEnd();
        return value;
    }

    @Override
    public final void configure(final Map<String, ?> configs, final boolean isKey) {
        // stateless: nothing to configure
    }

    @Override
    public final void close() {
        // stateless: nothing to release
    }

    @Override
    public final Serializer<T> serializer() {
        return this;
    }

    @Override
    public final Deserializer<T> deserializer() {
        return this;
    }
}
