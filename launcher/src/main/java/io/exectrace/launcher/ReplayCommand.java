package io.exectrace.launcher;

import io.exectrace.producer.JsonlInputs;
import io.exectrace.producer.JsonlReplayer;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.producer.ReplaySummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code exectrace produce replay FILE|DIR...}: sends JSONL logs to the input topic as they are. */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Send JSONL lines to the input topic exactly as they are (invalid lines too, so the pipeline counts them), "
                    + "keyed by the session id read from the line, else by the file name's stem."})
final class ReplayCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR",
            description = "JSONL files, or folders of *.jsonl / *.jsonl.gz files.")
    List<Path> inputs;

    @ArgGroup(exclusive = true)
    Pacing pacing = new Pacing();

    @Mixin
    KafkaTarget kafka;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final class Pacing {
        @Option(names = "--speed", paramLabel = "N",
                description = "Replay at N times the original pacing (from the gaps between the lines' ts).")
        Double speed;

        @Option(names = "--max", description = "Send as fast as possible (the default).")
        boolean max;
    }

    @Override
    public Integer call() throws Exception {
        if (pacing.speed != null && !(pacing.speed > 0)) {
            throw new IllegalArgumentException("--speed must be a positive number, got " + pacing.speed);
        }
        final List<Path> files = JsonlInputs.expand(inputs);
        final Properties producerSettings =
                ProducerSettings.build(kafka.bootstrapServers, kafka.producerConfig, kafka.producerProperties);
        KafkaReachability.requireWritableTopic(producerSettings, kafka.topic, Duration.ofSeconds(10));
        final double speed = pacing.speed == null ? 0 : pacing.speed;
        final ReplayProgress progress = System.console() != null
                ? new TerminalProgressBar(spec.commandLine().getErr()) : ReplayProgress.NONE;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings)) {
            final ReplaySummary summary = new JsonlReplayer(producer, kafka.topic, speed).replay(files, progress);
            if (progress != ReplayProgress.NONE) {
                spec.commandLine().getErr().println();
            }
            spec.commandLine().getOut().println(summary.describe(kafka.topic));
        }
        return 0;
    }
}
