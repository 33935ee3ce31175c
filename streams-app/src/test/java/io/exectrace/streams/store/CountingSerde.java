package io.exectrace.streams.store;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Integer values whose serializations are counted: how often a value was handed to the store below. */
final class CountingSerde {

    final AtomicInteger serialized = new AtomicInteger();

    Serde<Integer> serde() {
        return Serdes.serdeFrom((topic, value) -> {
            serialized.incrementAndGet();
            return Serdes.Integer().serializer().serialize(topic, value);
        }, Serdes.Integer().deserializer());
    }
}
