package io.exectrace.harness.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
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
 * record: parse the JSON (a Jackson tree) and update per-session state, here a count in a cached RocksDB store
 * (Processor API). It runs with exectrace's own Kafka Streams properties (guarantee, threads, commit interval,
 * cache size, compression), so the ratio to it is the price of exectrace's work, not of a different setup.
 */
final class SessionCountApp {
    static final String STORE = "session-counts";
    /** Where lines without a readable session id are counted. */
    static final String UNREADABLE = "(unreadable)";

    private SessionCountApp() {
    }

    static Topology topology(final String inputTopic) {
        final Topology topology = new Topology();
        topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), inputTopic);
        topology.addProcessor("count", CountPerSession::new, "source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), "count");
        return topology;
    }

    static KafkaStreams start(final String inputTopic, final Properties props) {
        final KafkaStreams streams = new KafkaStreams(topology(inputTopic), props);
        streams.start();
        return streams;
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

    /** Parses each line with Jackson and counts it under its session id. */
    private static final class CountPerSession implements Processor<byte[], byte[], Void, Void> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            counts = context.getStateStore(STORE);
        }

        @Override
        public void process(final Record<byte[], byte[]> record) {
            final String session = sessionOf(record.value());
            final Long count = counts.get(session);
            counts.put(session, count == null ? 1L : count + 1);
        }

        private static String sessionOf(final byte[] value) {
            try {
                final JsonNode line = JSON.readTree(value);
                final JsonNode id = line.has("session_id") ? line.get("session_id") : line.get("run_id");
                return id == null || !id.isTextual() ? UNREADABLE : id.textValue();
            } catch (final IOException | RuntimeException notJson) {
                // A stock application would do the same: count the bad line and go on.
                return UNREADABLE;
            }
        }
    }
}
