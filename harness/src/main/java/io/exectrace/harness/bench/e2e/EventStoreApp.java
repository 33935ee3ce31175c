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
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Baseline 3: the floor of any Kafka Streams app that must persist each event. It parses each line (as baseline
 * 2 does) and writes every record once, under its session id and input position, to a RocksDB key-value store
 * with a changelog and without a record cache: one RocksDB put and one changelog record per input record.
 * Same settings as baseline 2 (exectrace's guarantee, threads, commit interval).
 */
final class EventStoreApp {
    static final String STORE = "events";

    private EventStoreApp() {
    }

    static Topology topology(final String inputTopic, final SessionIds parse) {
        final Topology topology = new Topology();
        topology.addSource("source", new ByteArrayDeserializer(), new ByteArrayDeserializer(), inputTopic);
        topology.addProcessor("store", () -> new StoreEachEvent(parse), "source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(java.util.Map.of()),
                "store");
        return topology;
    }

    static KafkaStreams create(final String inputTopic, final Properties props, final SessionIds parse) {
        return new KafkaStreams(topology(inputTopic, parse), props);
    }

    /** Events in the store: every line of the input once it is consumed. */
    static long storedEvents(final KafkaStreams streams) {
        final ReadOnlyKeyValueStore<String, byte[]> events = streams.store(
                StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
        long count = 0;
        try (var all = events.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
    }

    /** Parses each line and stores it once, keyed by session, partition and offset. */
    private static final class StoreEachEvent implements Processor<byte[], byte[], Void, Void> {
        private final SessionIds parse;
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<String, byte[]> events;

        StoreEachEvent(final SessionIds parse) {
            this.parse = parse;
        }

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            this.context = context;
            events = context.getStateStore(STORE);
        }

        @Override
        public void process(final Record<byte[], byte[]> record) {
            final String session = parse.of(record.value());
            final RecordMetadata at = context.recordMetadata().orElseThrow();
            events.put(session + '/' + at.partition() + '/' + at.offset(), record.value());
        }
    }
}
