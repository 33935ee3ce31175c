package io.exectrace.launcher;

import io.exectrace.events.DurationText;
import io.exectrace.producer.LogFolderTailer;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.StartPosition;
import io.exectrace.producer.TailPass;
import io.exectrace.producer.TailSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code exectrace produce tail DIR}: follows a folder of JSONL execution logs and sends new lines as they come. */
@Command(name = "tail",
        mixinStandardHelpOptions = true,
        description = {
            "Follow a folder of *.jsonl execution logs (logs/execution/<session_id>.jsonl, as Peak_Trade writes them) "
                    + "and send every new complete line to the input topic, keyed by its session id (else the file "
                    + "name's stem).",
            "Appended lines, new files, renamed (x.jsonl -> x.jsonl.1) and copy-truncated files are followed; a "
                    + "checkpoint (file identity + acknowledged byte offset) lets a restart go on without loss or "
                    + "repeats. The folder is scanned every --poll-interval. Stop with Ctrl-C (flushes and "
                    + "checkpoints)."})
final class TailCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder of *.jsonl logs to follow.")
    Path folder;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file (default: DIR/" + TailSettings.DEFAULT_CHECKPOINT_NAME + ").")
    Path checkpoint;

    @ArgGroup(exclusive = true)
    Start start = new Start();

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "200ms",
            description = "Pause between scans of the folder (default: ${DEFAULT-VALUE}).")
    String pollInterval;

    @Option(names = "--once", description = "Send what the folder holds now, checkpoint, and exit.")
    boolean once;

    @Mixin
    KafkaTarget kafka;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final class Start {
        @Option(names = "--from-start", description = "On the first run, send existing files from their start (default).")
        boolean fromStart;

        @Option(names = "--from-end",
                description = "On the first run (no checkpoint yet), skip what existing files hold; files that appear"
                        + " later are always sent from their start.")
        boolean fromEnd;
    }

    @Override
    public Integer call() throws Exception {
        final Duration interval = DurationText.parse(pollInterval);
        if (interval.isZero()) {
            throw new IllegalArgumentException("--poll-interval must be positive, got " + pollInterval);
        }
        final TailSettings settings = TailSettings.of(folder, kafka.topic).withCheckpoint(checkpoint)
                .withStartPosition(start.fromEnd ? StartPosition.END : StartPosition.BEGINNING)
                .withPollInterval(interval);
        final Properties producerSettings =
                ProducerSettings.build(kafka.bootstrapServers, kafka.producerConfig, kafka.producerProperties);
        final LogFolderTailer tailer = new LogFolderTailer(settings, producerSettings);
        try {
            KafkaReachability.requireWritableTopic(producerSettings, kafka.topic, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            tailer.close(Duration.ZERO);
            throw e;
        }
        if (once) {
            try (tailer) {
                TailPass pass;
                do {
                    pass = tailer.pollOnce();
                } while (pass.morePending() && pass.failed() == 0);
            }
            spec.commandLine().getOut().println(tailer.statistics().describe(kafka.topic));
            return tailer.statistics().failedSends() == 0 ? 0 : OneLineErrors.KAFKA_UNAVAILABLE;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            tailer.close(Duration.ofSeconds(10));
            spec.commandLine().getOut().println(tailer.statistics().describe(kafka.topic));
            spec.commandLine().getOut().flush();
            stopped.countDown();
        }, "exectrace-tail-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getOut().printf("tailing %s -> %s on %s (checkpoint %s); stop with Ctrl-C%n", folder,
                kafka.topic, kafka.bootstrapServers, tailer.checkpointFile());
        spec.commandLine().getOut().flush();
        tailer.start();
        stopped.await(Long.MAX_VALUE, TimeUnit.DAYS);
        return 0;
    }
}
