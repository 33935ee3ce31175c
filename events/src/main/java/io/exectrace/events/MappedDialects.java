package io.exectrace.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the dialect of a record when mapped dialects are configured: a first look reads only the fields that
 * recognise a dialect; exactly one match is read by that dialect's reader (the built-in parser for a built-in
 * one), more than one is ambiguous ({@link ParseErrorReason#UNKNOWN_KIND}), none is read by the built-in parser
 * (which reports why it is no event) unless a built-in dialect was replaced by a mapping, when it is
 * {@link ParseErrorReason#UNKNOWN_KIND} too. Stateless; shared by every thread.
 */
final class MappedDialects {
    static final int MAX_DIALECTS = 60;

    /**
     * One dialect in play.
     *
     * @param name      its name
     * @param recognise dotted path of its recognising field
     * @param equals    the value that field must have, or null for any non-null value
     * @param reader    how its records are read ({@link ExecutionEventParser#BUILT_IN} for a built-in one)
     */
    record Candidate(String name, String recognise, String equals, ExecutionEventParser.ObjectReader reader) {
        boolean builtIn() {
            return reader == ExecutionEventParser.BUILT_IN;
        }
    }

    private final Candidate[] candidates;
    private final boolean fallBackToBuiltIn;
    private final Map<String, int[]> byPath = new HashMap<>();
    private final Set<String> prefixes = new HashSet<>();
    private final String lookedFor;

    MappedDialects(final List<Candidate> candidates, final boolean fallBackToBuiltIn) {
        if (candidates.size() > MAX_DIALECTS) {
            throw new IllegalArgumentException("at most " + MAX_DIALECTS + " dialects");
        }
        this.candidates = candidates.toArray(new Candidate[0]);
        this.fallBackToBuiltIn = fallBackToBuiltIn;
        final List<String> looks = new ArrayList<>();
        for (int i = 0; i < this.candidates.length; i++) {
            final Candidate c = this.candidates[i];
            final int index = i;
            byPath.merge(c.recognise(), new int[] {index}, (a, b) -> {
                final int[] both = java.util.Arrays.copyOf(a, a.length + 1);
                both[a.length] = index;
                return both;
            });
            for (int dot = c.recognise().indexOf('.'); dot >= 0; dot = c.recognise().indexOf('.', dot + 1)) {
                prefixes.add(c.recognise().substring(0, dot));
            }
            looks.add(c.equals() == null ? c.recognise() : c.recognise() + " = " + c.equals());
        }
        this.lookedFor = String.join(", ", looks);
    }

    ParseResult read(final byte[] buf, final int start, final int end, final int offset) {
        final long matches = recognise(buf, start, end);
        if (matches < 0) {
            // Not readable JSON: the reader reports why, as the built-in parser would.
            return ExecutionEventParser.readObject(buf, start, end, offset,
                    fallBackToBuiltIn ? ExecutionEventParser.BUILT_IN : unrecognised("no dialect recognises it"));
        }
        final int count = Long.bitCount(matches);
        if (count == 1) {
            return ExecutionEventParser.readObject(buf, start, end, offset,
                    candidates[Long.numberOfTrailingZeros(matches)].reader());
        }
        if (count == 0) {
            return ExecutionEventParser.readObject(buf, start, end, offset, fallBackToBuiltIn
                    ? ExecutionEventParser.BUILT_IN
                    : unrecognised("no dialect recognises it (looked for " + lookedFor + ")"));
        }
        final List<String> names = new ArrayList<>();
        boolean allBuiltIn = true;
        for (int i = 0; i < candidates.length; i++) {
            if ((matches & (1L << i)) != 0) {
                names.add(candidates[i].name());
                allBuiltIn &= candidates[i].builtIn();
            }
        }
        // Two built-in dialects at once: the built-in parser names the fields that clash.
        return ExecutionEventParser.readObject(buf, start, end, offset, allBuiltIn ? ExecutionEventParser.BUILT_IN
                : unrecognised("dialect is ambiguous: the record is " + String.join(" and ", names)));
    }

    /** Reads only the session (for the dead letter's key) and reports {@code detail}. */
    private static ExecutionEventParser.ObjectReader unrecognised(final String detail) {
        return (p, d) -> {
            d.unrecognised = detail;
            String name;
            while ((name = p.nextFieldName()) != null) {
                d.keys.add(p, name);
                final JsonToken t = p.nextToken();
                switch (name) {
                    case "session_id" -> ExecutionEventParser.readSession(p, t, 2, d);
                    case "run_id" -> ExecutionEventParser.readSession(p, t, 1, d);
                    default -> d.keys.skipValue(p);
                }
            }
        };
    }

    /** Bit i set when candidate i recognises the record; -1 when the record is no readable JSON. */
    private long recognise(final byte[] buf, final int start, final int end) {
        try (JsonParser p = ExecutionEventParser.jsonParser(buf, start, end)) {
            p.nextToken();
            return walk(p, null, 0L);
        } catch (IOException | RuntimeException e) {
            return -1L;
        }
    }

    private long walk(final JsonParser p, final String prefix, final long found) throws IOException {
        long matches = found;
        String name;
        while ((name = p.nextFieldName()) != null) {
            final JsonToken t = p.nextToken();
            final String path = prefix == null ? name : prefix + '.' + name;
            final int[] indexes = byPath.get(path);
            if (indexes != null && t != JsonToken.VALUE_NULL) {
                for (final int i : indexes) {
                    final String equals = candidates[i].equals();
                    if (equals == null || (t.isScalarValue() && equals.equalsIgnoreCase(p.getText()))) {
                        matches |= 1L << i;
                    }
                }
            }
            if (t == JsonToken.START_OBJECT && prefixes.contains(path)) {
                matches = walk(p, path, matches);
            } else {
                p.skipChildren();
            }
        }
        return matches;
    }
}
