package io.exectrace.producer;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka producer properties for exectrace's producers: idempotent, {@code acks=all}, lz4, batched; every
 * property can be overridden from a properties file and then from {@code key=value} pairs.
 */
public final class ProducerSettings {

    private ProducerSettings() {
    }

    /** Defaults for the given cluster, then the file (may be null), then the explicit overrides. */
    public static Properties build(final String bootstrapServers, final Path propertiesFile,
                                   final Map<String, String> overrides) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
        // A replay of a real log may carry 1 MB lines; the broker default message size is 1 MB.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(1024 * 1024));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        if (propertiesFile != null) {
            if (!Files.isReadable(propertiesFile)) {
                throw new InputProblem("cannot read producer properties file " + propertiesFile);
            }
            try (Reader reader = Files.newBufferedReader(propertiesFile)) {
                final Properties fromFile = new Properties();
                fromFile.load(reader);
                props.putAll(fromFile);
            } catch (IOException | IllegalArgumentException e) {
                throw new InputProblem("cannot read producer properties file " + propertiesFile + ": " + e.getMessage());
            }
        }
        props.putAll(overrides);
        return props;
    }
}
