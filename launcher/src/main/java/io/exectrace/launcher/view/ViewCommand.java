package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.ChainOutcome;
import io.exectrace.events.Dialects;
import io.exectrace.events.DurationText;
import io.exectrace.events.VenueFillEntry;
import io.exectrace.events.VenueFillResult;
import io.exectrace.events.VenueSymbols;
import io.exectrace.producer.VenueFillFile;
import io.exectrace.producer.VenueFillFormat;
import io.exectrace.streams.correlation.CorrelationSettings;
import io.exectrace.streams.reconciliation.ReconciliationReport;
import io.exectrace.streams.reconciliation.ReconciliationRun;
import io.exectrace.streams.reconciliation.ReconciliationTolerance;
import java.io.InputStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code exectrace view}: the seed's offline telemetry viewer, exact. Reads JSONL logs (or asks a running
 * exectrace API) and prints the timeline, session summaries, chains, or the regression gates' verdict.
 */
@Command(name = "view",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show execution telemetry from JSONL logs (files, folders of *.jsonl / *.jsonl.gz, - for stdin) or from a "
                    + "running exectrace API: the event timeline (default), --summary per session, --chains, or --check.",
            "Summaries and chains come from the same correlation code as the streaming topology; at the end of the "
                    + "input every open chain is closed as by the idle timeout, so every chain has its final outcome.",
            "--reconcile --venue-fills FILE reconciles the logs' fills with the venue's (fixtures/README.md, \"How "
                    + "fills are reconciled\"): per session the counts by result and every fill that is not matched, "
                    + "then the venue's fills for orders that are not ours."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done; --check: every gate passed",
            "1:--check: findings (listed on stdout), or an unexpected failure",
            "2:bad input: a missing or unreadable path, a bad time, an unknown --type",
            "3:the API cannot be reached or cannot answer"})
public final class ViewCommand implements Callable<Integer> {
    static final String DEFAULT_PATH = "logs/execution";
    /** The environment variable of the stream's {@code dialects.dir}, which the viewer reads too. */
    static final String DIALECTS_DIR_VARIABLE = "EXECTRACE_DIALECTS_DIR";

    @ArgGroup(exclusive = true)
    Source source = new Source();

    static final class Source {
        @Option(names = "--path", paramLabel = "FILE|DIR|-", split = ",",
                description = "JSONL files, folders of *.jsonl / *.jsonl.gz, or - for stdin (default: "
                        + DEFAULT_PATH + ").")
        List<String> paths;

        @Option(names = "--api", paramLabel = "URL",
                description = "Ask a running exectrace API instead, e.g. http://localhost:8080 "
                        + "(bearer token from EXECTRACE_API_TOKEN).")
        String api;
    }

    @Option(names = "--dialects", paramLabel = "DIR",
            description = "Folder of dialect mapping files, as the stream's dialects.dir (default: "
                    + "EXECTRACE_DIALECTS_DIR; unset = the built-in dialects A, B and C).")
    Path dialectsDir;

    @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
    String session;

    @Option(names = "--type", paramLabel = "STAGE", split = ",",
            description = "Only these stages: intent, submit, ack, fill, cancel, risk_block, gate_pass, error, "
                    + "signal; the seed's names too (order = submit, gate = gate_pass + risk_block).")
    List<String> types;

    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "Only this symbol.")
    String symbol;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Only events at or after this ISO-8601 time (no zone = UTC).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only events at or before this ISO-8601 time.")
    String to;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows, the first ones.")
    int limit;

    @Option(names = "--last", paramLabel = "N", description = "Only the last N rows (e.g. the last 50 fills).")
    int last;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--summary", description = "Per session: counts by stage, symbols, time range, parse "
                + "error rate with the first invalid lines, chains by outcome, missing fills, latency "
                + "percentiles per edge, data-quality flags.")
        boolean summary;

        @Option(names = "--chains", description = "Closed intent -> order -> fill chains with outcome and "
                + "latencies (filter with --outcome).")
        boolean chains;

        @Option(names = "--check", description = "The regression gates: exit 0 when the logs pass, 1 with one "
                + "finding per line otherwise.")
        boolean check;

        @Option(names = "--reconcile", description = "Reconcile the logs' fills with the venue's (--venue-fills): "
                + "matched, qty_mismatch, price_mismatch, fee_mismatch, missing_at_venue, missing_in_ledger. Files "
                + "only; narrow with --session.")
        boolean reconcile;
    }

    @Option(names = "--venue-fills", paramLabel = "FILE",
            description = "With --reconcile: the venue's fills, as produce venue-fills reads them.")
    Path venueFills;

    @Option(names = "--venue-format", paramLabel = "generic|kraken-trades",
            description = "With --reconcile: the format of --venue-fills (default: generic).")
    String venueFormat;

    @Option(names = "--symbol-map", paramLabel = "FILE", defaultValue = "${env:EXECTRACE_VENUE_SYMBOL_MAP}",
            description = "With --reconcile: symbol map file (VENUE_SYMBOL = OUR-SYMBOL a line) added to the "
                    + "defaults (default: $EXECTRACE_VENUE_SYMBOL_MAP, else the defaults only).")
    Path symbolMap;

    @Option(names = "--price-tolerance", paramLabel = "AMOUNT",
            description = "With --reconcile: the largest price difference that is still equal, in the quote "
                    + "currency (default: 0, exact).")
    BigDecimal priceTolerance;

    @Option(names = "--fee-tolerance", paramLabel = "AMOUNT",
            description = "With --reconcile: the largest fee difference that is still equal (default: 0, exact).")
    BigDecimal feeTolerance;

    @Option(names = "--time-tolerance", paramLabel = "DURATION",
            description = "With --reconcile: how far apart our fill and the venue's may be to pair up, e.g. 500ms, "
                    + "5s (default: 5s).")
    String timeTolerance;

    @Option(names = "--window", paramLabel = "DURATION",
            description = "With --reconcile: how far (in event time) a venue fill found by client order id may lie "
                    + "outside its order's events, as reconciliation.window in the stream (default: 5m).")
    String window;

    @Option(names = "--outcome", paramLabel = "OUTCOME",
            description = "With --chains: only filled, partially_filled, cancelled, risk_blocked, error, "
                    + "missing_order or missing_fill.")
    String outcome;

    @Option(names = "--max-invalid-rate", paramLabel = "RATE", defaultValue = "0",
            description = "With --check: the highest parse error rate (invalid / all lines of a session) that "
                    + "passes, 0..1 (default: ${DEFAULT-VALUE}).")
    double maxInvalidRate;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "One JSON object per line.")
        boolean json;

        @Option(names = "--csv", description = "CSV (RFC 4180); the timeline has the API's telemetry columns "
                + "ts,kind,symbol,session_id,description,details.")
        boolean csv;
    }

    @Option(names = "--no-color", description = "No colours (also off when stdout is not a terminal or NO_COLOR "
            + "is set).")
    boolean noColor;

    @Spec
    CommandSpec spec;

    /** Standard input for {@code --path -}, as it is when the command is built. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        final ViewQuery query = query();
        refuseFiltersThatDoNotApply(query);
        refuseReconcileOptionsThatDoNotApply(query);
        final ViewSource view = source();
        final PrintWriter out = spec.commandLine().getOut();
        final Ansi ansi = format.json || format.csv ? Ansi.OFF : Ansi.detect(noColor);
        try {
            if (mode.check) {
                return check(view, query, out);
            }
            if (mode.reconcile) {
                reconcile((FileView) view, query, out, ansi);
                return 0;
            }
            if (mode.summary) {
                summary(view, query, out, ansi);
            } else if (mode.chains) {
                final RowSink sink = sink(out, ansi, Column.CHAINS_TABLE, Column.CHAINS_CSV);
                view.chains(query, sink);
                sink.finish();
            } else {
                final RowSink sink = sink(out, ansi, Column.TIMELINE_TABLE, Column.TIMELINE_CSV);
                final long invalid = view.timeline(query, sink);
                sink.finish();
                if (invalid > 0) {
                    spec.commandLine().getErr().println(spec.qualifiedName() + ": " + invalid
                            + " invalid line(s) skipped (see --summary or --check)");
                }
                return 0;
            }
        } finally {
            out.flush();
        }
        return 0;
    }

    /** A filter that a mode would silently ignore is refused, so nobody reads an unfiltered answer as filtered. */
    private void refuseFiltersThatDoNotApply(final ViewQuery query) {
        if (mode.summary && query.stages() != null) {
            throw new IllegalArgumentException("--type cannot be combined with --summary: a summary needs whole "
                    + "chains (use --symbol or --session to narrow it)");
        }
        if (mode.check && (query.stages() != null || query.symbol() != null || query.hasTimeRange())) {
            throw new IllegalArgumentException("--check runs the gates over whole sessions: narrow it with "
                    + "--session only");
        }
        if (mode.chains && query.stages() != null) {
            throw new IllegalArgumentException("--type filters the timeline; chains are filtered with --outcome");
        }
        if (outcome != null && !mode.chains) {
            throw new IllegalArgumentException("--outcome applies to --chains");
        }
    }

    private void refuseReconcileOptionsThatDoNotApply(final ViewQuery query) {
        if (!mode.reconcile) {
            if (venueFills != null || venueFormat != null || priceTolerance != null || feeTolerance != null
                    || timeTolerance != null || window != null) {
                throw new IllegalArgumentException("--venue-fills, --venue-format, the tolerances and --window apply "
                        + "to --reconcile");
            }
            return;
        }
        if (venueFills == null) {
            throw new IllegalArgumentException("--reconcile needs --venue-fills FILE");
        }
        if (source.api != null) {
            throw new IllegalArgumentException("--reconcile reads files (--path): the API has no reconciliation yet");
        }
        if (format.csv) {
            throw new IllegalArgumentException("--reconcile has no CSV form; use --json");
        }
        if (query.stages() != null || query.symbol() != null || query.hasTimeRange() || limit > 0 || last > 0) {
            throw new IllegalArgumentException("--reconcile pairs whole orders: narrow it with --session only");
        }
    }

    private void reconcile(final FileView view, final ViewQuery query, final PrintWriter out, final Ansi ansi) {
        final ReconciliationTolerance tolerance;
        try {
            tolerance = new ReconciliationTolerance(
                    priceTolerance == null ? BigDecimal.ZERO : priceTolerance,
                    feeTolerance == null ? BigDecimal.ZERO : feeTolerance,
                    timeTolerance == null ? ReconciliationTolerance.DEFAULT_TIME : DurationText.parse(timeTolerance));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--price-tolerance, --fee-tolerance, --time-tolerance: "
                    + e.getMessage(), e);
        }
        final Duration clientOrderWindow;
        try {
            clientOrderWindow = window == null ? ReconciliationRun.DEFAULT_WINDOW : DurationText.parse(window);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--window: " + e.getMessage(), e);
        }
        final VenueFillFile file = VenueFillFile.read(venueFills,
                VenueFillFormat.fromLabel(venueFormat == null ? VenueFillFormat.GENERIC.label() : venueFormat),
                symbolMap == null ? VenueSymbols.defaults() : VenueSymbols.load(symbolMap));
        final ReconciliationRun run = new ReconciliationRun(tolerance, clientOrderWindow);
        final List<VenueFillEntry> valid = new ArrayList<>();
        for (final VenueFillEntry entry : file.entries()) {
            if (entry.result() instanceof VenueFillResult.Valid fill) {
                run.addVenueFill(fill.fill(), valid.size());
                valid.add(entry);
            }
        }
        if (valid.isEmpty() && !file.entries().isEmpty()) {
            // Every entry invalid is a wrong --venue-format far more often than a venue that sent only garbage, and
            // would report every fill of ours missing at the venue.
            throw new IllegalArgumentException("no valid venue fill in " + venueFills + " (" + file.entries().size()
                    + " invalid entries): is it " + file.format().label() + "? (--venue-format)");
        }
        final List<FileView.LedgerLine> ledgerLines = new ArrayList<>();
        final List<String> sessions = view.reconciliationInput(run, ledgerLines);
        final ReconciliationReport report = run.finish();
        final ReconciliationJson json = new ReconciliationJson(ledgerLines, venueFills.toString(), valid);
        final List<ObjectNode> nodes = new ArrayList<>();
        for (final String id : sessions) {
            if (query.session() == null || query.session().equals(id)) {
                nodes.add(json.session(id, report.bySession().getOrDefault(id, List.of())));
            }
        }
        final List<ObjectNode> venues = json.unknownOrders(report.unknownOrders());
        if (format.json) {
            nodes.forEach(n -> out.println(JsonLinesSink.toLine(n)));
            venues.forEach(n -> out.println(JsonLinesSink.toLine(n)));
        } else {
            final ReconciliationText text = new ReconciliationText(out, ansi);
            nodes.forEach(text::session);
            if (nodes.isEmpty()) {
                out.println("no session matches");
            }
            venues.forEach(text::venue);
        }
        final long invalid = file.entries().size() - valid.size();
        if (invalid > 0) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + invalid + " invalid venue fill "
                    + "entr" + (invalid == 1 ? "y" : "ies") + " skipped (produce venue-fills dead-letters them)");
        }
    }

    private void summary(final ViewSource view, final ViewQuery query, final PrintWriter out, final Ansi ansi) {
        List<ObjectNode> summaries = view.summaries(query);
        if (limit > 0 && summaries.size() > limit) {
            summaries = summaries.subList(0, limit);
        }
        if (format.csv) {
            throw new IllegalArgumentException("--summary has no CSV form; use --json");
        }
        if (format.json) {
            summaries.forEach(s -> out.println(JsonLinesSink.toLine(s)));
        } else {
            final SummaryText text = new SummaryText(out, ansi);
            summaries.forEach(text::print);
            if (summaries.isEmpty()) {
                out.println("no session matches");
            }
        }
    }

    private int check(final ViewSource view, final ViewQuery query, final PrintWriter out) {
        if (!(maxInvalidRate >= 0 && maxInvalidRate <= 1)) {
            throw new IllegalArgumentException("--max-invalid-rate must be between 0 and 1, got " + maxInvalidRate);
        }
        final CheckReport report = view.check(query, maxInvalidRate);
        for (final Finding f : report.findings()) {
            out.println(format.json ? JsonLinesSink.toLine(f.json()) : f.line());
        }
        final String verdict = report.passed()
                ? "check passed: " + report.sessions() + " session(s), " + report.records() + " record(s)"
                : "check failed: " + report.findings().size() + " finding(s) in " + report.sessions()
                        + " session(s), " + report.records() + " record(s)";
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + verdict);
        return report.passed() ? 0 : 1;
    }

    private RowSink sink(final PrintWriter out, final Ansi ansi, final List<Column> table, final List<Column> csv) {
        final RowSink target = format.json ? new JsonLinesSink(out)
                : format.csv ? new CsvSink(out, csv) : new TableSink(out, table, ansi);
        return new LimitedSink(target, limit, last);
    }

    private ViewQuery query() {
        if (limit < 0 || last < 0) {
            throw new IllegalArgumentException("--limit and --last must not be negative");
        }
        final ChainOutcome chainOutcome = outcome == null ? null : ChainOutcome.fromLabel(outcome.strip());
        if (outcome != null && chainOutcome == null) {
            throw new IllegalArgumentException("unknown --outcome '" + outcome + "' (use filled, partially_filled, "
                    + "cancelled, risk_blocked, error, missing_order or missing_fill)");
        }
        final long fromMicros = TimeOption.parse("--from", from, ViewQuery.NO_FROM);
        final long toMicros = TimeOption.parse("--to", to, ViewQuery.NO_TO);
        if (fromMicros > toMicros) {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to);
        }
        return new ViewQuery(session, StageNames.parse(types), symbol, fromMicros, toMicros, chainOutcome,
                limit, last);
    }

    private ViewSource source() {
        if (source.api != null) {
            if (dialectsDir != null) {
                throw new IllegalArgumentException("--dialects applies to files: a running exectrace reads with its "
                        + "own dialects.dir");
            }
            return new ApiView(new ApiClient(source.api, System.getenv("EXECTRACE_API_TOKEN")));
        }
        final List<String> paths = source.paths == null ? List.of(DEFAULT_PATH) : source.paths;
        return new FileView(new LogScan(LogInput.expand(paths), stdin, dialects().parser()),
                CorrelationSettings.defaults());
    }

    /** The dialects the stream reads with: --dialects, else EXECTRACE_DIALECTS_DIR (its dialects.dir), else built in. */
    private Dialects dialects() {
        final String fromEnvironment = System.getenv(DIALECTS_DIR_VARIABLE);
        final Path dir = dialectsDir != null ? dialectsDir
                : fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment.strip());
        if (dir == null) {
            return Dialects.builtIn();
        }
        try {
            return Dialects.load(dir);
        } catch (io.exectrace.events.InvalidDialectException e) {
            throw new IllegalArgumentException("invalid dialect mapping: " + e.getMessage(), e);
        }
    }
}
