package io.exectrace.streams.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Field by field differences between two {@link SessionAnswers}: every leaf of every session's summary JSON, and of
 * every closed chain matched by its stable chain id; a session or chain present on one side only is one difference.
 * Numbers are equal within a relative {@value #RELATIVE_TOLERANCE} (the contract's fill tolerance): a sum of the same
 * doubles in another order may differ in its last bits ({@code 0.217} and {@code 0.21700000000000003}).
 */
final class AnswerDifferences {
    private static final String ABSENT = "(absent)";
    static final double RELATIVE_TOLERANCE = 1e-9;

    private AnswerDifferences() {
    }

    /**
     * One field that differs.
     *
     * @param session  the session id
     * @param field    the JSON path in the summary ({@code latency_ms.order_to_fill.p99}), or {@code chain ID.path}
     * @param expected the value on the reference side, as JSON text
     * @param actual   the value on the compared side, as JSON text
     */
    record FieldMismatch(String session, String field, String expected, String actual) {
        String describe() {
            return "session " + session + " | " + field + " | expected " + expected + " | actual " + actual;
        }
    }

    static List<FieldMismatch> of(final SessionAnswers expected, final SessionAnswers actual) {
        final TreeSet<String> sessions = new TreeSet<>(expected.summaries().keySet());
        sessions.addAll(actual.summaries().keySet());
        sessions.addAll(expected.chains().keySet());
        sessions.addAll(actual.chains().keySet());
        final List<FieldMismatch> out = new ArrayList<>();
        for (final String session : sessions) {
            compare(session, "", expected.summaries().get(session), actual.summaries().get(session), out);
            compareChains(session, expected.chains().getOrDefault(session, List.of()),
                    actual.chains().getOrDefault(session, List.of()), out);
        }
        return out;
    }

    private static void compareChains(final String session, final List<ObjectNode> expected,
                                      final List<ObjectNode> actual, final List<FieldMismatch> out) {
        final Map<String, List<ObjectNode>> left = byChainId(expected);
        final Map<String, List<ObjectNode>> right = byChainId(actual);
        final TreeSet<String> ids = new TreeSet<>(left.keySet());
        ids.addAll(right.keySet());
        for (final String id : ids) {
            final List<ObjectNode> l = left.getOrDefault(id, List.of());
            final List<ObjectNode> r = right.getOrDefault(id, List.of());
            if (l.size() != r.size()) {
                out.add(new FieldMismatch(session, "chain " + id, records(l), records(r)));
                continue;
            }
            for (int i = 0; i < l.size(); i++) {
                compare(session, "chain " + id + (l.size() > 1 ? "#" + i : "") + ".", l.get(i), r.get(i), out);
            }
        }
    }

    /** Compares two JSON objects leaf by leaf; a missing object is one difference. */
    private static void compare(final String session, final String prefix, final ObjectNode expected,
                                final ObjectNode actual, final List<FieldMismatch> out) {
        if (expected == null && actual == null) {
            return;
        }
        if (expected == null || actual == null) {
            out.add(new FieldMismatch(session, prefix.isEmpty() ? "summary" : prefix,
                    expected == null ? ABSENT : "present", actual == null ? ABSENT : "present"));
            return;
        }
        final Map<String, String> left = leaves(expected, prefix);
        final Map<String, String> right = leaves(actual, prefix);
        final TreeSet<String> fields = new TreeSet<>(left.keySet());
        fields.addAll(right.keySet());
        for (final String field : fields) {
            final String l = left.getOrDefault(field, ABSENT);
            final String r = right.getOrDefault(field, ABSENT);
            if (!Objects.equals(l, r) && !sameNumber(l, r)) {
                out.add(new FieldMismatch(session, field, l, r));
            }
        }
    }

    /** Whether two JSON texts are numbers within the relative tolerance. */
    static boolean sameNumber(final String left, final String right) {
        final double l;
        final double r;
        try {
            l = Double.parseDouble(left);
            r = Double.parseDouble(right);
        } catch (final NumberFormatException notNumbers) {
            return false;
        }
        return Math.abs(l - r) <= RELATIVE_TOLERANCE * Math.max(Math.abs(l), Math.abs(r));
    }

    /** Path → JSON text of every leaf; arrays (symbols, exchanges) are leaves. */
    static Map<String, String> leaves(final JsonNode node, final String prefix) {
        final Map<String, String> leaves = new TreeMap<>();
        addLeaves(node, prefix, leaves);
        return leaves;
    }

    private static void addLeaves(final JsonNode node, final String path, final Map<String, String> leaves) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> addLeaves(e.getValue(),
                    path.isEmpty() || path.endsWith(".") ? path + e.getKey() : path + "." + e.getKey(), leaves));
        } else {
            leaves.put(path, node.toString());
        }
    }

    private static Map<String, List<ObjectNode>> byChainId(final List<ObjectNode> chains) {
        final Map<String, List<ObjectNode>> byId = new LinkedHashMap<>();
        for (final ObjectNode chain : chains) {
            byId.computeIfAbsent(chain.get("chain_id").asText(), k -> new ArrayList<>()).add(chain);
        }
        return byId;
    }

    private static String records(final List<ObjectNode> chains) {
        if (chains.isEmpty()) {
            return ABSENT;
        }
        final List<String> outcomes = new ArrayList<>();
        chains.forEach(c -> outcomes.add(c.get("outcome").asText()));
        return chains.size() + " record(s) " + outcomes;
    }
}
