package io.exectrace.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by commands that write to Kafka: which cluster, which topic, which producer overrides. */
final class KafkaTarget {

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT",
            defaultValue = "${env:EXECTRACE_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka cluster (default: $EXECTRACE_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC",
            defaultValue = "${env:EXECTRACE_INPUT_TOPIC:-execution-events}",
            description = "Input topic (default: $EXECTRACE_INPUT_TOPIC or ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--producer-config", paramLabel = "FILE",
            description = "Kafka producer properties file; overrides the defaults (idempotent, acks=all, lz4).")
    Path producerConfig;

    @Option(names = {"-P", "--producer-property"}, paramLabel = "KEY=VALUE",
            description = "One Kafka producer property; overrides the file. Repeatable.")
    Map<String, String> producerProperties = new LinkedHashMap<>();
}
