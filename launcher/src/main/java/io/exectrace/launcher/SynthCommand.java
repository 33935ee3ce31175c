package io.exectrace.launcher;

import io.exectrace.events.ChainOutcome;
import io.exectrace.events.DurationText;
import io.exectrace.producer.LatencyProfile;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticFeeder;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.producer.SyntheticVenueFills;
import io.exectrace.producer.VenueFillFormat;
import io.exectrace.producer.InputProblem;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code exectrace produce synth}: generates realistic sessions, deterministically, and their expected totals. */
@Command(name = "synth",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Generate realistic execution sessions (seeded, so repeatable) and send them to the input topic.",
            "intent -> order -> ack -> fill chains with log-normal latencies, partial fills, rejects, cancels, risk "
                    + "blocks, errors, missing orders and fills, late and duplicated events, invalid lines, both "
                    + "dialects.",
            "--expected writes the generator's own totals (lines, events by stage, chains by outcome...) as JSON.",
            "--venue-fills writes the venue's fills of the generated orders (for produce venue-fills), with injected "
                    + "differences, and --expected then also the reconciliation counts they must give."})
final class SynthCommand implements Callable<Integer> {

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "10",
            description = "Sessions generated side by side (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--rate", paramLabel = "N|max", defaultValue = "100",
            description = "Records per second, paced in wall time, or max: as fast as possible (event time then"
                    + " advances as if at 1000/s). Default: ${DEFAULT-VALUE}.")
    String rate;

    @ArgGroup(exclusive = true)
    Stop stop = new Stop();

    @Option(names = "--start", paramLabel = "ISO|now", defaultValue = "now",
            description = "Event time of the first record, e.g. 2025-12-20T10:00:00Z (default: now; fix it for"
                    + " byte-identical output).")
    String startText;

    @Option(names = "--latency", paramLabel = "EDGE=MEDIAN:P99",
            description = "Log-normal latency of an edge: intent_to_order (default 20ms:200ms), order_to_ack"
                    + " (15ms:150ms), order_to_fill (80ms:1500ms), fill_completion (300ms:5s); p99 at most 10s."
                    + " Repeatable.")
    Map<String, String> latencies = new LinkedHashMap<>();

    @Option(names = "--mix", paramLabel = "OUTCOME=WEIGHT", split = ",",
            description = "Relative weights of chain outcomes (default: filled=70,partially_filled=5,cancelled=5,"
                    + "risk_blocked=7,error=5,missing_order=3,missing_fill=5).")
    Map<String, String> mix = new LinkedHashMap<>();

    @Option(names = "--out-of-order", paramLabel = "SHARE", defaultValue = "0.05",
            description = "Share of events delivered late, by < 1 s (default: ${DEFAULT-VALUE}).")
    double outOfOrder;

    @Option(names = "--duplicates", paramLabel = "SHARE", defaultValue = "0.01",
            description = "Share of events delivered twice (default: ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(names = "--invalid", paramLabel = "SHARE", defaultValue = "0.005",
            description = "Invalid lines per event (default: ${DEFAULT-VALUE}).")
    double invalid;

    @Option(names = "--ledger-share", paramLabel = "SHARE", defaultValue = "0.5",
            description = "Share of sessions in dialect B; the rest is dialect A (default: ${DEFAULT-VALUE}).")
    double ledgerShare;

    @Option(names = "--expected", paramLabel = "FILE", description = "Write the expected totals (JSON) here.")
    Path expected;

    @Option(names = "--venue-fills", paramLabel = "FILE",
            description = "Also write the venue's fills of the orders the venue can name (dialect B, acked) to this"
                    + " file, seeded, with injected differences; --expected then holds what reconciling them must"
                    + " decide per session and at venue level (docs/operations.md). Send them with produce"
                    + " venue-fills.")
    Path venueFills;

    @Option(names = "--venue-format", paramLabel = "generic|kraken-trades", defaultValue = "generic",
            description = "Format of --venue-fills: generic JSONL (kraken, binance and coinbase fills) or Kraken's"
                    + " TradesHistory export (kraken fills only). Default: ${DEFAULT-VALUE}.")
    String venueFormat;

    @Option(names = "--venue-mismatch-rate", paramLabel = "SHARE", defaultValue = "0.05",
            description = "Share of orders with one injected difference in the venue's fills: another quantity,"
                    + " price or fee, a fill dropped, a fill more, a fill for an order that is not ours (each kind"
                    + " equally likely). Default: ${DEFAULT-VALUE}.")
    double venueMismatchRate;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write the records as JSONL to this file ('-' for stdout) instead of sending them to Kafka.")
    String output;

    @Mixin
    KafkaTarget kafka;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final class Stop {
        @Option(names = "--duration", paramLabel = "DURATION",
                description = "Start no chain after this much event time (e.g. 10m); chains under way complete.")
        String duration;

        @Option(names = "--events", paramLabel = "N", description = "Exactly this many records, then stop.")
        Long events;
    }

    @Override
    public Integer call() throws Exception {
        final SynthSettings settings = settings();
        final boolean paced = !"max".equalsIgnoreCase(rate);
        if (expected != null && expected.toAbsolutePath().getParent() != null
                && !Files.isDirectory(expected.toAbsolutePath().getParent())) {
            throw new InputProblem("no such folder for --expected: " + expected.toAbsolutePath().getParent());
        }
        if (venueFills == null && (spec.commandLine().getParseResult().hasMatchedOption("--venue-format")
                || spec.commandLine().getParseResult().hasMatchedOption("--venue-mismatch-rate"))) {
            throw new InputProblem("--venue-format and --venue-mismatch-rate describe the venue's fills: add "
                    + "--venue-fills FILE");
        }
        if (venueFills != null && venueFills.toAbsolutePath().getParent() != null
                && !Files.isDirectory(venueFills.toAbsolutePath().getParent())) {
            throw new InputProblem("no such folder for --venue-fills: " + venueFills.toAbsolutePath().getParent());
        }
        final SyntheticVenueFills venue = venueFills == null ? null
                : new SyntheticVenueFills(settings.seed(), VenueFillFormat.fromLabel(venueFormat), venueMismatchRate);
        final SyntheticSessions generator = new SyntheticSessions(settings, venue);
        if (output != null) {
            return writeFile(generator, venue);
        }
        final Properties producerSettings =
                ProducerSettings.build(kafka.bootstrapServers, kafka.producerConfig, kafka.producerProperties);
        KafkaReachability.requireWritableTopic(producerSettings, kafka.topic, Duration.ofSeconds(10));
        final ReplayProgress progress = System.console() != null
                ? new TerminalProgressBar(spec.commandLine().getErr()) : ReplayProgress.NONE;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings)) {
            final SyntheticFeeder feeder = new SyntheticFeeder(producer, kafka.topic);
            final CountDownLatch finished = new CountDownLatch(1);
            final Thread hook = new Thread(() -> {
                feeder.stop();
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "exectrace-synth-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                final SyntheticFeeder.Summary summary = feeder.feed(generator, settings.startMicros(), paced, progress);
                if (progress != ReplayProgress.NONE) {
                    spec.commandLine().getErr().println();
                }
                writeExpected(generator);
                writeVenueFills(venue);
                spec.commandLine().getOut().println(summary.describe(kafka.topic, generator.expectedTotals())
                        + venueNote(venue) + (expected == null ? "" : "; expected totals in " + expected));
            } finally {
                finished.countDown();
                removeHook(hook);
            }
        }
        return 0;
    }

    private int writeFile(final SyntheticSessions generator, final SyntheticVenueFills venue) throws IOException {
        final long started = System.nanoTime();
        long records = 0;
        final boolean stdout = "-".equals(output);
        try (OutputStream out = new BufferedOutputStream(stdout ? System.out : Files.newOutputStream(Path.of(output)),
                1 << 16)) {
            while (generator.hasNext()) {
                final SyntheticRecord record = generator.next();
                out.write(record.value());
                out.write('\n');
                records++;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputProblem("cannot write " + output + ": no such folder");
        }
        writeExpected(generator);
        writeVenueFills(venue);
        if (!stdout) {
            final double seconds = (System.nanoTime() - started) / 1e9;
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "synth wrote %d records of %d sessions to %s in %.2f s (%.0f records/s)%s%s", records,
                    generator.expectedTotals().sessions().size(), output, seconds, records / Math.max(seconds, 1e-9),
                    venueNote(venue), expected == null ? "" : "; expected totals in " + expected));
        }
        return 0;
    }

    private void writeExpected(final SyntheticSessions generator) throws IOException {
        if (expected != null) {
            Files.write(expected, generator.expectedTotals().toJson());
        }
    }

    private void writeVenueFills(final SyntheticVenueFills venue) throws IOException {
        if (venue != null) {
            Files.write(venueFills, venue.render());
        }
    }

    private String venueNote(final SyntheticVenueFills venue) {
        return venue == null ? "" : String.format(Locale.ROOT, "; %d venue fills of %d orders (%s) in %s",
                venue.fills().size(), venue.orders(), venue.format().label(), venueFills);
    }

    private static void removeHook(final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running and waits for us.
        }
    }

    private SynthSettings settings() {
        final long startMicros;
        if ("now".equalsIgnoreCase(startText)) {
            final Instant now = Instant.now();
            startMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        } else {
            try {
                final Instant start = Instant.parse(startText);
                startMicros = start.getEpochSecond() * 1_000_000L + start.getNano() / 1000;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--start must be an ISO-8601 instant such as 2025-12-20T10:00:00Z"
                        + " or 'now', got " + startText);
            }
        }
        final double eventsPerSecond;
        if ("max".equalsIgnoreCase(rate)) {
            eventsPerSecond = 1000;
        } else {
            try {
                eventsPerSecond = Double.parseDouble(rate);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rate must be a number of records per second or 'max', got " + rate);
            }
            if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
                throw new IllegalArgumentException("--rate must be positive, got " + rate);
            }
        }
        final Map<String, LatencyProfile> profiles = new LinkedHashMap<>();
        latencies.forEach((edge, spec) -> profiles.put(edge, LatencyProfile.parse(spec)));
        final Map<ChainOutcome, Double> weights = new java.util.EnumMap<>(ChainOutcome.class);
        mix.forEach((label, weight) -> {
            final ChainOutcome outcome = ChainOutcome.fromLabel(label.toLowerCase(java.util.Locale.ROOT));
            if (outcome == null) {
                throw new IllegalArgumentException("--mix: unknown outcome '" + label + "'");
            }
            try {
                weights.put(outcome, Double.parseDouble(weight));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--mix: weight of " + label + " is not a number: " + weight);
            }
        });
        final long durationMicros = stop.duration == null ? -1
                : Math.max(1, DurationText.parse(stop.duration).toNanos() / 1000);
        final long maxLines = stop.events == null ? -1 : stop.events;
        return new SynthSettings(seed, sessions, startMicros, eventsPerSecond, maxLines, durationMicros, profiles,
                outOfOrder, duplicates, invalid, ledgerShare, weights);
    }
}
