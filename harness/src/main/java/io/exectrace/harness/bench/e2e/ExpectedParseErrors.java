package io.exectrace.harness.bench.e2e;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.harness.chaos.InputKeying;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import java.util.HashMap;
import java.util.Map;

/**
 * The parse errors each session's summary must count when the input is keyed as {@code keying} says: an invalid
 * line counts for the session its key names, else for the one the parser can still read from it, else for none
 * (then only the dead-letter topic and the totals have it). Regenerated from the seed, as the input was.
 *
 * @param bySession  parse errors per session id
 * @param unassigned invalid lines that name no session
 */
record ExpectedParseErrors(Map<String, Long> bySession, long unassigned) {

    static ExpectedParseErrors of(final SynthSettings settings, final InputKeying keying) {
        final ExecutionEventParser parser = new ExecutionEventParser();
        final SyntheticSessions generator = new SyntheticSessions(settings);
        final Map<String, Long> bySession = new HashMap<>();
        long unassigned = 0;
        while (generator.hasNext()) {
            final SyntheticRecord record = generator.next();
            if (parser.parse(record.value()) instanceof ParseResult.Invalid invalid) {
                final String session = keying.sessionOfInvalid(record, invalid);
                if (session == null) {
                    unassigned++;
                } else {
                    bySession.merge(session, 1L, Long::sum);
                }
            }
        }
        return new ExpectedParseErrors(Map.copyOf(bySession), unassigned);
    }
}
