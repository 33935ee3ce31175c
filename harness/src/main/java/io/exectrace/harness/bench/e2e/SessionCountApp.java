package io.exectrace.harness.bench.e2e;

import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Baseline 2: the smallest stateful Kafka Streams application that does what any such pipeline must do per
 * record: parse the JSON line and update per-session state, here a count in a cached, logged RocksDB store
 * (Processor API). It runs with the guarantee, thread count, commit interval and cache size exectrace runs
 * with and nothing else of exectrace's (no dead-letter handlers), so the ratio to it is the price of
 * exectrace's work, not of a different setup.
 */
final class SessionCountApp {
    static final String STORE = "session-counts";

    private SessionCountApp() {
    }

    static Topology topology(final String inputTopic, final SessionIds parse) {
        final Topology topology = new Topology();
        topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), inputTopic);
        topology.addProcessor("count", () -> new CountPerSession(parse), "source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), "count");
        return topology;
    }

    static KafkaStreams create(final String inputTopic, final Properties props, final SessionIds parse) {
        return new KafkaStreams(topology(inputTopic, parse), props);
    }

    /** The sum of all counts: every line of the input once it is consumed. */
    static long countedLines(final KafkaStreams streams) {
        final ReadOnlyKeyValueStore<String, Long> counts = streams.store(
                StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
        long sum = 0;
        try (var all = counts.all()) {
            while (all.hasNext()) {
                sum += all.next().value;
            }
        }
        return sum;
    }

    /** Parses each line and counts it under its session id. */
    private static final class CountPerSession implements Processor<byte[], byte[], Void, Void> {
        private final SessionIds parse;
        private KeyValueStore<String, Long> counts;

        CountPerSession(final SessionIds parse) {
            this.parse = parse;
        }

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            counts = context.getStateStore(STORE);
        }

        @Override
        public void process(final Record<byte[], byte[]> record) {
            final String session = parse.of(record.value());
            final Long count = counts.get(session);
            counts.put(session, count == null ? 1L : count + 1);
        }
    }
}
