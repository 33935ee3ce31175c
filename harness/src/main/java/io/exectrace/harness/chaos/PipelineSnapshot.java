package io.exectrace.harness.chaos;

import io.exectrace.streams.app.Registry;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.ClosedChainSerde;
import io.exectrace.streams.correlation.CorrelationStores;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.json.SessionSummaryJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What one app run left in Kafka, read with {@code read_committed} (only what the exactly-once transactions
 * committed): every session's summary from the summary store's changelog (its latest value, in the JSON of
 * {@link SessionSummaryJson}, which leaves out the wall-clock fields), every latency profile from the latency
 * store's changelog, and the chains topic as a multiset keyed by session and chain id.
 *
 * @param summaries   session id → summary JSON
 * @param idleClosed  session ids whose summary says all its chains were closed by the idle timeout
 * @param latencies   store key (hex) → latency profile (hex), latest values
 * @param chains      "session/chain id" → every chain record with that key, as JSON text, in topic order
 */
public record PipelineSnapshot(Map<String, String> summaries, List<String> idleClosed, Map<String, String> latencies,
                               Map<String, List<String>> chains) {

    private static final HexFormat HEX = HexFormat.of();

    /** Reads the changelogs and the chains topic of {@code applicationId} up to their last committed record. */
    public static PipelineSnapshot read(final String bootstrapServers, final String applicationId,
                                        final String chainsTopic) {
        final Map<String, String> summaries = new TreeMap<>();
        final List<String> idle = new ArrayList<>();
        final Map<String, SessionSummary> latest = new HashMap<>();
        readAll(bootstrapServers, changelog(applicationId, Registry.SESSION_SUMMARY.name()), (k, v) -> {
            final String session = new String(k, StandardCharsets.UTF_8);
            if (v == null) {
                latest.remove(session);
            } else {
                latest.put(session, CorrelationStores.summarySerde().deserializer().deserialize("", v));
            }
        });
        latest.forEach((session, s) -> {
            summaries.put(session, SessionSummaryJson.of(s, null).toString());
            if (s.idleClosed()) {
                idle.add(session);
            }
        });
        final Map<String, String> latencies = new TreeMap<>();
        readAll(bootstrapServers, changelog(applicationId, Registry.SESSION_LATENCY.name()), (k, v) -> {
            if (v == null) {
                latencies.remove(HEX.formatHex(k));
            } else {
                latencies.put(HEX.formatHex(k), HEX.formatHex(v));
            }
        });
        final Map<String, List<String>> chains = new TreeMap<>();
        readAll(bootstrapServers, chainsTopic, (k, v) -> {
            final ClosedChain chain = ClosedChainSerde.fromJson(v);
            chains.computeIfAbsent(chain.sessionId() + "/" + chain.chainId(), x -> new ArrayList<>())
                    .add(new String(v, StandardCharsets.UTF_8));
        });
        return new PipelineSnapshot(summaries, idle, latencies, chains);
    }

    /** Chain records in all (a chain emitted twice counts twice). */
    public long chainRecords() {
        return chains.values().stream().mapToLong(List::size).sum();
    }

    static String changelog(final String applicationId, final String store) {
        return applicationId + "-" + store + "-changelog";
    }

    private static void readAll(final String bootstrapServers, final String topic,
                                final BiConsumer<byte[], byte[]> sink) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            final List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return;
            }
            final List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        sink.accept(r.key(), r.value());
                    }
                }
            }
        }
    }
}
