package io.exectrace.launcher;

import io.exectrace.streams.config.ExectraceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code exectrace run}: one instance of the pipeline and its HTTP API, against an existing Kafka cluster. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the pipeline (Kafka Streams) and the HTTP API in this process, against the configured cluster.",
            "Configured by a properties file and EXECTRACE_* variables (see the README). Several instances with the "
                    + "same application.id share the work; each must advertise its own api.host:api.port. Stop with "
                    + "Ctrl-C."})
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file (keys as in the README's configuration table).")
    Path configFile;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        final ExectraceConfig config = ExectraceConfig.load(configFile);
        final Map<String, Object> client = new HashMap<>(config.kafkaOverrides());
        client.put("bootstrap.servers", config.bootstrapServers());
        KafkaReachability.require(client, Duration.ofSeconds(15));
        final ExectraceNode node = ExectraceNode.start(config, Duration.ofMinutes(5));
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "exectrace-run-shutdown"));
        spec.commandLine().getOut().printf("exectrace running on %s: API %s/api/sessions, metrics %s/metrics, "
                + "readiness %s/ready. Stop with Ctrl-C.%n", config.bootstrapServers(), node.apiUrl(), node.apiUrl(),
                node.apiUrl());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
