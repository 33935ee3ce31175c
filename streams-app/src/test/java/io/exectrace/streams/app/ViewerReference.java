package io.exectrace.streams.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.ParseResult;
import io.exectrace.streams.correlation.CorrelationSettings;
import io.exectrace.streams.correlation.SessionAnalyzer;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.json.ClosedChainJson;
import io.exectrace.streams.json.SessionSummaryJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The offline viewer's answers for a file, computed as {@code exectrace view --summary --json} and
 * {@code --chains --json} compute them (launcher's {@code FileView}, which this module cannot depend on): the lines
 * in file order through an in-memory {@link SessionAnalyzer} with the default settings and no wall clock, every
 * session closed at the end ({@link SessionAnalyzer#closeAll()}), the same JSON. One analyzer serves both
 * answers: the viewer's chains run leaves the invalid lines out, and they change no chain.
 */
final class ViewerReference {
    /** Offline, wall-clock time never matters: the end of the input closes everything (as in the viewer). */
    private static final long NO_WALL_CLOCK = 0L;

    private ViewerReference() {
    }

    /**
     * @param lines            the file's parsed lines, in file order
     * @param sessionOfInvalid which session an invalid line is counted for (null: none); the viewer's own rule is
     *                         the session read from the line, else the file's stem
     */
    static SessionAnswers of(final List<ParseResult> lines,
                             final Function<ParseResult.Invalid, String> sessionOfInvalid) {
        final Map<String, List<ObjectNode>> chains = new TreeMap<>();
        final SessionAnalyzer analyzer = new SessionAnalyzer(CorrelationSettings.defaults(),
                chain -> chains.computeIfAbsent(chain.sessionId(), k -> new ArrayList<>())
                        .add(ClosedChainJson.of(chain)));
        for (final ParseResult line : lines) {
            if (line instanceof ParseResult.Valid valid) {
                analyzer.accept(valid.event().sessionId(), SessionInput.valid(valid.event()), NO_WALL_CLOCK);
            } else {
                final ParseResult.Invalid invalid = (ParseResult.Invalid) line;
                final String session = sessionOfInvalid.apply(invalid);
                if (session != null) {
                    analyzer.accept(session, SessionInput.invalid(invalid.reason()), NO_WALL_CLOCK);
                }
            }
        }
        analyzer.closeAll();
        final Map<String, ObjectNode> summaries = new TreeMap<>();
        for (final String session : analyzer.sessionIds()) {
            // The viewer adds "invalid_lines" (file and line number samples), which a Kafka record does not have.
            summaries.put(session, SessionSummaryJson.of(analyzer.summary(session), analyzer.latencies(session)));
        }
        return new SessionAnswers(summaries, chains);
    }
}
