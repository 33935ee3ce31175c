package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ParseResult;
import io.exectrace.events.Stage;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.CorrelationSettings;
import io.exectrace.streams.correlation.SessionAnalyzer;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.json.ClosedChainJson;
import io.exectrace.streams.json.ExecutionEventJson;
import io.exectrace.streams.json.SessionSummaryJson;
import io.exectrace.streams.reconciliation.FillFacts;
import io.exectrace.streams.reconciliation.OrderSpan;
import io.exectrace.streams.reconciliation.OurOrder;
import io.exectrace.streams.reconciliation.ReconciliationRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Answers the viewer from JSONL files with the topology's own {@link SessionAnalyzer} (one implementation of the
 * correlation rules): lines are streamed once, memory holds the open chains and the duplicate memory, never the
 * file. At the end of the input every session is closed as by the idle timeout, so every chain has its outcome.
 *
 * <p>Invalid lines count for the session named in the line when the parser could still read one, else for the
 * file's stem, as the replay producer keys them. Arrival order is file order.
 */
final class FileView implements ViewSource {
    /** Invalid lines listed per session in a summary (the count covers all of them). */
    static final int INVALID_SAMPLES = 5;
    /** Findings listed per session and gate before they are only counted. */
    static final int FINDINGS_PER_GATE = 20;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Wall-clock time never matters offline: the end of the input closes everything. */
    private static final long NO_WALL_CLOCK = 0L;

    private final LogScan scan;
    private final CorrelationSettings settings;

    FileView(final LogScan scan, final CorrelationSettings settings) {
        this.scan = scan;
        this.settings = settings;
    }

    @Override
    public long timeline(final ViewQuery query, final RowSink sink) {
        // The analyzer only serves to drop redeliveries exactly as the pipeline does (same fingerprint memory).
        final SessionAnalyzer analyzer = new SessionAnalyzer(settings, chain -> { });
        final long[] invalid = {0};
        scan.run((result, input, line) -> {
            if (!(result instanceof ParseResult.Valid valid)) {
                if (query.session() == null
                        || query.session().equals(sessionOf((ParseResult.Invalid) result, input))) {
                    invalid[0]++;
                }
                return true;
            }
            final ExecutionEvent e = valid.event();
            if (!query.selects(e)) {
                return true;
            }
            final boolean duplicate = acceptIsDuplicate(analyzer, e);
            return duplicate || !query.matches(e) || sink.row(ExecutionEventJson.of(e));
        });
        return invalid[0];
    }

    /**
     * Whole-session summaries. {@code --symbol} picks the sessions that traded the symbol (as the API's session list
     * does); {@code --from}/{@code --to} keep only the events in that time range, and leave out invalid lines,
     * which have no readable time.
     */
    @Override
    public List<ObjectNode> summaries(final ViewQuery query) {
        final SessionAnalyzer analyzer = new SessionAnalyzer(settings, chain -> { });
        final Map<String, ArrayNode> samples = new HashMap<>();
        final ViewQuery feed = new ViewQuery(query.session(), null, null, query.fromMicros(), query.toMicros(),
                null, 0, 0);
        final boolean countInvalid = !query.hasTimeRange();
        scan.run((result, input, line) -> {
            if (result instanceof ParseResult.Valid valid) {
                if (feed.selects(valid.event())) {
                    analyzer.accept(valid.event().sessionId(), SessionInput.valid(valid.event()), NO_WALL_CLOCK);
                }
            } else if (result instanceof ParseResult.Invalid invalid && countInvalid) {
                final String session = sessionOf(invalid, input);
                if (query.session() == null || query.session().equals(session)) {
                    analyzer.accept(session, SessionInput.invalid(invalid.reason()), NO_WALL_CLOCK);
                    final ArrayNode list = samples.computeIfAbsent(session, k -> NODES.arrayNode());
                    if (list.size() < INVALID_SAMPLES) {
                        list.addObject().put("file", input.name()).put("line", line)
                                .put("reason", invalid.reason().name()).put("detail", invalid.detail());
                    }
                }
            }
            return true;
        });
        analyzer.closeAll();
        final List<ObjectNode> summaries = new ArrayList<>();
        for (final String sessionId : analyzer.sessionIds()) {
            final SessionSummary summary = analyzer.summary(sessionId);
            if (query.symbol() != null && !summary.symbols().contains(query.symbol())) {
                continue;
            }
            final ObjectNode node = SessionSummaryJson.of(summary, analyzer.latencies(sessionId));
            node.set("invalid_lines", samples.getOrDefault(sessionId, NODES.arrayNode()));
            summaries.add(node);
        }
        return summaries;
    }

    @Override
    public void chains(final ViewQuery query, final RowSink sink) {
        final boolean[] more = {true};
        final Consumer<ClosedChain> listener = chain -> {
            if (more[0] && query.matches(chain)) {
                more[0] = sink.row(ClosedChainJson.of(chain));
            }
        };
        final SessionAnalyzer analyzer = new SessionAnalyzer(settings, listener);
        // Chains are filtered by their first event's time, so every event of a selected session and symbol is fed.
        final ViewQuery whole = new ViewQuery(query.session(), null, query.symbol(), ViewQuery.NO_FROM,
                ViewQuery.NO_TO, null, 0, 0);
        scan.run((result, input, line) -> {
            if (result instanceof ParseResult.Valid valid && whole.selects(valid.event())) {
                analyzer.accept(valid.event().sessionId(), SessionInput.valid(valid.event()), NO_WALL_CLOCK);
            }
            return more[0];
        });
        analyzer.closeAll();
    }

    @Override
    public CheckReport check(final ViewQuery query, final double maxInvalidRate) {
        final GateCollector gates = new GateCollector();
        final SessionAnalyzer analyzer = new SessionAnalyzer(settings, gates::chainClosed);
        final Map<String, Long> previousTs = new HashMap<>();
        final long[] records = {0};
        scan.run((result, input, line) -> {
            if (result instanceof ParseResult.Valid valid) {
                final ExecutionEvent e = valid.event();
                if (query.session() != null && !query.session().equals(e.sessionId())) {
                    return true;
                }
                records[0]++;
                final SessionSummary before = analyzer.summary(e.sessionId());
                final long jumps = before == null ? 0 : before.backwardJumps();
                final long gaps = before == null ? 0 : before.gapsOver1h();
                final long duplicates = before == null ? 0 : before.duplicates();
                analyzer.accept(e.sessionId(), SessionInput.valid(e), NO_WALL_CLOCK);
                final SessionSummary after = analyzer.summary(e.sessionId());
                if (after.duplicates() != duplicates) {
                    return true;
                }
                final Long previous = previousTs.put(e.sessionId(), e.tsMicros());
                if (after.backwardJumps() != jumps) {
                    gates.lineFinding(input, line, e.sessionId(), "backward_jump", "ts " + Durations.ts(e.tsMicros())
                            + " is " + Durations.text(previous - e.tsMicros()) + " before the previous event's");
                }
                if (after.gapsOver1h() != gaps) {
                    gates.lineFinding(input, line, e.sessionId(), "gap_over_1h", Durations.text(e.tsMicros() - previous)
                            + " after the previous event (" + Durations.ts(previous) + ")");
                }
            } else if (result instanceof ParseResult.Invalid invalid) {
                final String session = sessionOf(invalid, input);
                if (query.session() == null || query.session().equals(session)) {
                    records[0]++;
                    analyzer.accept(session, SessionInput.invalid(invalid.reason()), NO_WALL_CLOCK);
                    gates.invalidLine(input, line, session, invalid);
                }
            }
            return true;
        });
        analyzer.closeAll();
        final List<String> sessions = analyzer.sessionIds();
        for (final String sessionId : sessions) {
            gates.sessionDone(analyzer.summary(sessionId), maxInvalidRate);
        }
        return new CheckReport(gates.findings(), sessions.size(), records[0]);
    }

    /**
     * Our side of a reconciliation, as the correlation sees it: every closed chain with a client or broker order id
     * is an order, every distinct fill (redeliveries dropped as the pipeline drops them) a fill with the ids it
     * carries; those that name no venue only in live mode ({@link OurOrder#mayReachAVenue}). An order's span is the event times of its session's order, ack, fill and cancel events with its client
     * order id ({@link OrderSpan}). Each fill's arrival is its index in {@code where}, which receives the file and
     * line it came from.
     *
     * @return every session seen, sorted by id
     */
    List<String> reconciliationInput(final ReconciliationRun run, final List<LedgerLine> where) {
        final List<ClosedChain> orders = new ArrayList<>();
        final Map<SessionOrder, OrderSpan> spans = new HashMap<>();
        final SessionAnalyzer analyzer = new SessionAnalyzer(settings, chain -> {
            if ((chain.orderId() != null || chain.brokerOrderId() != null)
                    && OurOrder.mayReachAVenue(chain.exchange(), chain.mode())) {
                orders.add(chain);
            }
        });
        scan.run((result, input, line) -> {
            if (result instanceof ParseResult.Valid valid && !acceptIsDuplicate(analyzer, valid.event())) {
                final ExecutionEvent e = valid.event();
                if (e.orderId() != null && OrderSpan.STAGES.contains(e.stage())) {
                    spans.merge(new SessionOrder(e.sessionId(), e.orderId()), OrderSpan.at(e.tsMicros()),
                            (a, b) -> a.with(b.firstTsMicros()));
                }
                if (e.stage() == Stage.FILL && OurOrder.mayReachAVenue(e.exchange(), e.mode())) {
                    run.addOurFill(e.sessionId(), e.orderId(), e.brokerOrderId(), e.exchange(),
                            FillFacts.ofLedger(e, where.size()));
                    where.add(new LedgerLine(input.name(), line));
                }
            }
            return true;
        });
        analyzer.closeAll();
        for (final ClosedChain chain : orders) {
            run.addOrder(new OurOrder(chain.sessionId(), chain.orderId(), chain.brokerOrderId(), chain.exchange(),
                    chain.orderId() == null ? OrderSpan.ALWAYS
                            : spans.getOrDefault(new SessionOrder(chain.sessionId(), chain.orderId()),
                            OrderSpan.ALWAYS)));
        }
        return analyzer.sessionIds();
    }

    private record SessionOrder(String sessionId, String clientOrderId) {
    }

    /** Where one of our fills is: the input's name and its 1-based line. */
    record LedgerLine(String file, long line) {
    }

    private static boolean acceptIsDuplicate(final SessionAnalyzer analyzer, final ExecutionEvent e) {
        final SessionSummary before = analyzer.summary(e.sessionId());
        final long duplicates = before == null ? 0 : before.duplicates();
        analyzer.accept(e.sessionId(), SessionInput.valid(e), NO_WALL_CLOCK);
        return analyzer.summary(e.sessionId()).duplicates() != duplicates;
    }

    static String sessionOf(final ParseResult.Invalid invalid, final LogInput input) {
        return invalid.sessionHint() != null ? invalid.sessionHint() : input.stem();
    }
}
