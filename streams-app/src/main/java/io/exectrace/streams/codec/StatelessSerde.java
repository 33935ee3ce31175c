package io.exectrace.streams.codec;

import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A serde that is its own serializer and deserializer, with nothing to configure and nothing to release. */
public abstract class StatelessSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    // Serde, Serializer and Deserializer each have a default configure and close: the class has to pick one.
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
