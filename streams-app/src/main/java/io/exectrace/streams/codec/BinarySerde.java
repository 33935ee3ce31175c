package io.exectrace.streams.codec;

/** A stateless serde that writes one exactly-sized array through {@link ByteSink} and reads it back whole. */
public abstract class BinarySerde<T> extends StatelessSerde<T> {

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
}
