package io.exectrace.launcher;

import io.exectrace.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code exectrace broker}: a real single-node Kafka (KRaft) in the foreground, for development and demos. */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run a real Apache Kafka broker (KRaft, broker + controller, one node) on 127.0.0.1 in the foreground.",
            "Data survives restarts. Stop with Ctrl-C."})
final class BrokerCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "9092",
            description = "Listener port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port;

    @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", defaultValue = "data/kafka",
            description = "Log and metadata directory, kept across restarts (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
            description = "Default partitions of auto-created topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .port(port)
                .dataDirectory(dataDir.toAbsolutePath())
                .defaultPartitions(partitions)
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "exectrace-broker-shutdown"));
        spec.commandLine().getOut().printf("Kafka broker ready: bootstrap servers %s (data in %s, cluster id %s)%n"
                        + "Stop with Ctrl-C. Try: kcat -b %s -L%n",
                broker.bootstrapServers(), dataDir, broker.clusterId(), broker.bootstrapServers());
        spec.commandLine().getOut().flush();
        broker.awaitShutdown();
        return 0;
    }
}
