package io.exectrace.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one mapping file ({@code dialects/NAME.yaml}) into a {@link DialectMapping}, checking everything it says:
 * the first problem is an {@link InvalidDialectException} whose one-line message names the file, the line and the
 * problem. The format, with dialect C as the example (the shipped files in {@code dialects/} are complete):
 *
 * <pre>
 * name: execution_event_v1          # [a-z0-9_]; a built-in dialect's label describes that dialect
 * recognise: {field: schema_version, equals: execution_event.v1}   # without equals: any non-null value
 * timestamp: {path: ts, format: epoch_s}      # iso8601 | epoch_s | epoch_ms | epoch_us
 * stage:
 *   path: event_type
 *   values: {order_submitted: submit, intent_*: intent, ...}   # stage labels, or by_verdict (a gate)
 * session: [session_id, run_id]               # dotted paths into nested objects; the first present wins
 * mode: [mode]
 * symbol: {paths: [symbol], separators: "/"}  # each separator is written as '-'
 * side: {paths: [side], values: {buy: buy, sell: sell}}
 * fields:                                     # any of MappedField's labels
 *   order_id: [order_id, idempotency_key]
 *   strategy_id: [strategy_id, {path: strategy_key, as: text}]
 * </pre>
 */
final class DialectFile {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Pattern PATH = Pattern.compile("[^.\\s]+(\\.[^.\\s]+)*");
    private static final int MAX_PATHS = 32;
    private static final List<String> KEYS = List.of("name", "description", "recognise", "timestamp", "stage",
            "session", "mode", "symbol", "side", "fields");

    /** A YAML value with the line it starts on. */
    private sealed interface Node permits Scalar, Sequence, Mapping {
        int line();
    }

    private record Scalar(String text, int line) implements Node {
    }

    private record Sequence(List<Node> items, int line) implements Node {
    }

    private record Mapping(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {
    }

    private final String file;

    private DialectFile(final String file) {
        this.file = file;
    }

    /** Reads and checks one mapping; {@code file} names it in messages. */
    static DialectMapping read(final String file, final Reader text) {
        return new DialectFile(file).mapping(text);
    }

    private DialectMapping mapping(final Reader text) {
        final Node root;
        try (JsonParser p = YAML.createParser(text)) {
            final JsonToken first = p.nextToken();
            if (first == null) {
                throw problem(1, "the file is empty");
            }
            root = node(p);
        } catch (JsonProcessingException e) {
            // SnakeYAML knows where the problem is; Jackson's location is the last good token.
            if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
                    && marked.getProblemMark() != null) {
                throw new InvalidDialectException(file + ":" + (marked.getProblemMark().getLine() + 1) + ": not YAML: "
                        + marked.getProblem(), e);
            }
            throw new InvalidDialectException(file + ":" + e.getLocation().getLineNr() + ": not YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new InvalidDialectException(file + ":1: cannot read: " + e.getMessage(), e);
        }
        final Mapping top = mappingNode(root, "the file");
        for (final String key : top.entries().keySet()) {
            if (!KEYS.contains(key)) {
                throw problem(top.keyLines().get(key), "unknown key '" + key + "' (known: " + String.join(", ", KEYS)
                        + ")");
            }
        }
        final String name = scalar(required(top, "name"), "name");
        if (!NAME.matcher(name).matches()) {
            throw problem(top.entries().get("name").line(), "name '" + name + "' is not 1-64 of [a-z0-9_]");
        }
        final Mapping recognise = mappingNode(required(top, "recognise"), "recognise");
        onlyKeys(recognise, "recognise", "field", "equals");
        final Mapping timestamp = mappingNode(required(top, "timestamp"), "timestamp");
        onlyKeys(timestamp, "timestamp", "path", "format");
        final Node formatNode = required(timestamp, "format");
        final String formatText = scalar(formatNode, "timestamp format");
        final DialectMapping.TsFormat format = DialectMapping.TsFormat.of(formatText);
        if (format == null) {
            throw problem(formatNode.line(), "unparseable timestamp format '" + formatText + "' (use "
                    + Arrays.stream(DialectMapping.TsFormat.values()).map(f -> f.label)
                            .collect(Collectors.joining(", ")) + ")");
        }
        final Mapping stage = mappingNode(required(top, "stage"), "stage");
        onlyKeys(stage, "stage", "path", "values");
        final Mapping symbol = optionalMapping(top, "symbol", "paths", "separators");
        final Mapping side = optionalMapping(top, "side", "paths", "values");
        return new DialectMapping(name,
                path(required(recognise, "field"), "recognise field"),
                recognise.entries().containsKey("equals") ? scalar(recognise.entries().get("equals"), "equals") : null,
                path(required(timestamp, "path"), "timestamp path"),
                format,
                path(required(stage, "path"), "stage path"),
                stageValues(mappingNode(required(stage, "values"), "stage values")),
                paths(required(top, "session"), "session"),
                top.entries().containsKey("mode") ? paths(top.entries().get("mode"), "mode") : List.of(),
                symbol == null ? List.of() : paths(required(symbol, "paths"), "symbol paths"),
                symbol == null || !symbol.entries().containsKey("separators") ? ""
                        : separators(symbol.entries().get("separators")),
                side == null ? List.of() : paths(required(side, "paths"), "side paths"),
                side == null || !side.entries().containsKey("values") ? Map.of("buy", "buy", "sell", "sell")
                        : sideValues(mappingNode(side.entries().get("values"), "side values")),
                fields(top));
    }

    private Map<String, String> stageValues(final Mapping values) {
        if (values.entries().isEmpty()) {
            throw problem(values.line(), "stage values are empty: say which values mean which stage");
        }
        final Map<String, String> out = new LinkedHashMap<>();
        for (final Map.Entry<String, Node> e : values.entries().entrySet()) {
            final String target = scalar(e.getValue(), "stage of '" + e.getKey() + "'").toLowerCase(Locale.ROOT);
            if (!DialectMapping.BY_VERDICT.equals(target) && Stage.fromLabel(target) == null) {
                throw problem(e.getValue().line(), "unknown stage '" + target + "' for value '" + e.getKey()
                        + "' (stages: " + Arrays.stream(Stage.values()).map(Stage::label)
                                .collect(Collectors.joining(", ")) + ", or " + DialectMapping.BY_VERDICT + ")");
            }
            final String key = e.getKey().toLowerCase(Locale.ROOT);
            if (key.isEmpty() || key.equals("*")) {
                throw problem(values.keyLines().get(e.getKey()), "stage value '" + e.getKey() + "' matches nothing "
                        + "or everything");
            }
            if (out.put(key, target) != null) {
                throw problem(values.keyLines().get(e.getKey()), "stage value '" + e.getKey()
                        + "' is listed twice (values are compared ignoring case)");
            }
        }
        return out;
    }

    private Map<String, String> sideValues(final Mapping values) {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final Map.Entry<String, Node> e : values.entries().entrySet()) {
            final String target = scalar(e.getValue(), "side of '" + e.getKey() + "'").toLowerCase(Locale.ROOT);
            if (!target.equals("buy") && !target.equals("sell")) {
                throw problem(e.getValue().line(), "unknown side '" + target + "' for value '" + e.getKey()
                        + "' (use buy or sell)");
            }
            out.put(e.getKey().toLowerCase(Locale.ROOT), target);
        }
        return out;
    }

    private String separators(final Node node) {
        final String text = scalar(node, "separators");
        if (text.isEmpty() || text.indexOf('-') >= 0) {
            throw problem(node.line(), "separators '" + text + "' must be characters other than '-'");
        }
        return text;
    }

    private Map<MappedField, List<DialectMapping.PathRef>> fields(final Mapping top) {
        final Map<MappedField, List<DialectMapping.PathRef>> out = new EnumMap<>(MappedField.class);
        if (!top.entries().containsKey("fields")) {
            return out;
        }
        final Mapping fields = mappingNode(top.entries().get("fields"), "fields");
        for (final Map.Entry<String, Node> e : fields.entries().entrySet()) {
            final MappedField field = MappedField.of(e.getKey());
            if (field == null) {
                throw problem(fields.keyLines().get(e.getKey()), "unknown field '" + e.getKey() + "' (fields: "
                        + Arrays.stream(MappedField.values()).map(MappedField::label)
                                .collect(Collectors.joining(", ")) + "; ts, session, stage, mode, symbol and side "
                        + "have keys of their own)");
            }
            out.put(field, pathRefs(e.getValue(), field));
        }
        return out;
    }

    private List<DialectMapping.PathRef> pathRefs(final Node node, final MappedField field) {
        final List<Node> items = node instanceof Sequence s ? s.items() : List.of(node);
        checkCount(items, node, field.label());
        final List<DialectMapping.PathRef> out = new ArrayList<>();
        for (final Node item : items) {
            if (item instanceof Mapping m) {
                onlyKeys(m, field.label() + " path", "path", "as");
                final Node as = required(m, "as");
                final String reading = scalar(as, "as");
                final boolean textual = field.reading == MappedField.Reading.ID
                        || field.reading == MappedField.Reading.TEXT;
                if (!textual || !(reading.equals("id") || reading.equals("text"))) {
                    throw problem(as.line(), "'as: " + reading + "' does not apply to " + field.label()
                            + " (ids and texts may be read as id or text)");
                }
                out.add(new DialectMapping.PathRef(path(required(m, "path"), "path"),
                        reading.equals("id") ? MappedField.Reading.ID : MappedField.Reading.TEXT));
            } else {
                out.add(new DialectMapping.PathRef(path(item, field.label() + " path"), field.reading));
            }
        }
        return List.copyOf(out);
    }

    private List<String> paths(final Node node, final String what) {
        final List<Node> items = node instanceof Sequence s ? s.items() : List.of(node);
        checkCount(items, node, what);
        final List<String> out = new ArrayList<>();
        for (final Node item : items) {
            out.add(path(item, what));
        }
        return List.copyOf(out);
    }

    private void checkCount(final List<Node> items, final Node node, final String what) {
        if (items.isEmpty() || items.size() > MAX_PATHS) {
            throw problem(node.line(), what + " needs 1 to " + MAX_PATHS + " paths");
        }
    }

    private String path(final Node node, final String what) {
        final String text = scalar(node, what);
        if (!PATH.matcher(text).matches()) {
            throw problem(node.line(), what + " '" + text + "' is not a dotted path (names separated by '.')");
        }
        return text;
    }

    private Mapping optionalMapping(final Mapping top, final String key, final String... keys) {
        final Node node = top.entries().get(key);
        if (node == null) {
            return null;
        }
        if (node instanceof Sequence || node instanceof Scalar) {
            // Short form: the paths alone.
            final Map<String, Node> entries = new LinkedHashMap<>();
            entries.put("paths", node);
            return new Mapping(entries, Map.of("paths", node.line()), node.line());
        }
        final Mapping m = (Mapping) node;
        onlyKeys(m, key, keys);
        return m;
    }

    private void onlyKeys(final Mapping m, final String where, final String... keys) {
        for (final String key : m.entries().keySet()) {
            if (!Arrays.asList(keys).contains(key)) {
                throw problem(m.keyLines().get(key), "unknown key '" + key + "' in " + where + " (known: "
                        + String.join(", ", keys) + ")");
            }
        }
    }

    private Node required(final Mapping m, final String key) {
        final Node node = m.entries().get(key);
        if (node == null) {
            throw problem(m.line(), "'" + key + "' is missing");
        }
        return node;
    }

    private Mapping mappingNode(final Node node, final String what) {
        if (node instanceof Mapping m) {
            return m;
        }
        throw problem(node.line(), what + " must be a map of keys to values");
    }

    private String scalar(final Node node, final String what) {
        if (node instanceof Scalar s && s.text() != null) {
            return s.text();
        }
        throw problem(node.line(), what + " must be a single value");
    }

    private InvalidDialectException problem(final int line, final String what) {
        return new InvalidDialectException(file + ":" + line + ": " + what);
    }

    /** The value the parser stands on, as a node tree. */
    private Node node(final JsonParser p) throws IOException {
        final int line = p.currentTokenLocation().getLineNr();
        final JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            final Map<String, Node> entries = new LinkedHashMap<>();
            final Map<String, Integer> lines = new LinkedHashMap<>();
            String name;
            while ((name = p.nextFieldName()) != null) {
                final int keyLine = p.currentTokenLocation().getLineNr();
                if (entries.containsKey(name)) {
                    throw problem(keyLine, "key '" + name + "' appears twice");
                }
                p.nextToken();
                entries.put(name, node(p));
                lines.put(name, keyLine);
            }
            return new Mapping(entries, lines, line);
        }
        if (t == JsonToken.START_ARRAY) {
            final List<Node> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(p));
            }
            return new Sequence(items, line);
        }
        return new Scalar(t == JsonToken.VALUE_NULL ? null : p.getText(), line);
    }
}
