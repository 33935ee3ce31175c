package io.exectrace.launcher;

import io.exectrace.events.VenueSymbols;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.VenueFillFile;
import io.exectrace.producer.VenueFillFormat;
import io.exectrace.producer.VenueFillImporter;
import io.exectrace.producer.VenueFillSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code exectrace produce venue-fills FILE... --format generic|kraken-trades}: the venue's fills, the second
 * input, to their topic. Its own Kafka options rather than {@link KafkaTarget}'s: its topics have other defaults,
 * and {@code --help} must say which.
 */
@Command(name = "venue-fills",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Send the venue's fills (what it says was executed, for reconciliation) to the venue-fills topic, one "
                    + "record per fill in the generic form, keyed by the venue order id.",
            "--format generic reads JSONL (one fill a line) or one JSON array of fills: ts, venue, venue_order_id, "
                    + "client_order_id (optional), trade_id, symbol, side, qty, price, fee, fee_currency. "
                    + "--format kraken-trades reads Kraken's TradesHistory answer, its result or its trades object "
                    + "(several documents one after the other, e.g. one page a line, are read in turn).",
            "Symbols become ours (XXBTZEUR -> BTC-EUR) through the symbol map (fixtures/README.md, \"Venue fills\"). "
                    + "Fills are sent in venue time order. Every file is read whole first: a file that cannot be "
                    + "split into fills sends nothing (exit 2). An entry that is not a valid fill goes to the "
                    + "dead-letter topic byte for byte, with headers saying why (exectrace.dlq.reason, "
                    + "exectrace.dlq.detail) and where from (exectrace.dlq.source.file, source.line, source.format, "
                    + "and source.key for a Kraken trade)."})
final class VenueFillsCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files of venue fills (JSON or JSONL).")
    List<Path> files;

    @Option(names = "--format", required = true, paramLabel = "generic|kraken-trades",
            description = "The files' format.")
    String format;

    @Option(names = "--symbol-map", paramLabel = "FILE", defaultValue = "${env:EXECTRACE_VENUE_SYMBOL_MAP}",
            description = "Symbol map file (VENUE_SYMBOL = OUR-SYMBOL a line) added to the defaults "
                    + "(default: $EXECTRACE_VENUE_SYMBOL_MAP, else the defaults only).")
    Path symbolMap;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT",
            defaultValue = "${env:EXECTRACE_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka cluster (default: $EXECTRACE_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC",
            defaultValue = "${env:EXECTRACE_VENUE_FILLS_TOPIC:-venue-fills}",
            description = "Venue fills topic (default: $EXECTRACE_VENUE_FILLS_TOPIC or ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--dlq-topic", paramLabel = "TOPIC",
            defaultValue = "${env:EXECTRACE_VENUE_FILLS_DLQ_TOPIC:-venue-fills-dlq}",
            description = "Dead-letter topic of invalid entries (default: $EXECTRACE_VENUE_FILLS_DLQ_TOPIC or "
                    + "${DEFAULT-VALUE}).")
    String dlqTopic;

    @Option(names = "--producer-config", paramLabel = "FILE",
            description = "Kafka producer properties file; overrides the defaults (idempotent, acks=all, lz4).")
    Path producerConfig;

    @Option(names = {"-P", "--producer-property"}, paramLabel = "KEY=VALUE",
            description = "One Kafka producer property; overrides the file. Repeatable.")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final VenueFillFormat fileFormat = VenueFillFormat.fromLabel(format);
        final VenueSymbols symbols = symbolMap == null ? VenueSymbols.defaults() : VenueSymbols.load(symbolMap);
        final List<VenueFillFile> read = new ArrayList<>();
        for (final Path file : files) {
            read.add(VenueFillFile.read(file, fileFormat, symbols));
        }
        final Properties producerSettings =
                ProducerSettings.build(bootstrapServers, producerConfig, producerProperties);
        KafkaReachability.requireWritableTopic(producerSettings, topic, Duration.ofSeconds(10));
        KafkaReachability.requireWritableTopic(producerSettings, dlqTopic, Duration.ofSeconds(10));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings)) {
            final VenueFillSummary summary = new VenueFillImporter(producer, topic, dlqTopic).send(read);
            spec.commandLine().getOut().println(summary.describe(topic, dlqTopic));
        }
        return 0;
    }
}
