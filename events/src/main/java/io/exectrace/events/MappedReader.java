package io.exectrace.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a record of one mapped dialect: walks the object once, following only the nested objects a mapped path
 * goes into, and hands each mapped value to the reader the built-in parser uses for that kind of field, with a
 * priority from the path's place in its list (the first path present wins). Values that no path names are skipped
 * (their keys still checked for duplicates). Stateless after construction; shared by every thread.
 */
final class MappedReader implements ExecutionEventParser.ObjectReader {

    /** What one path feeds. */
    private interface Target {
        void apply(JsonParser p, JsonToken t, EventDraft d) throws IOException;
    }

    private final Dialect dialect;
    private final String missingTs;
    private final String missingSession;
    private final String missingStage;
    private final Map<String, Target[]> byPath = new HashMap<>();
    /** Paths of objects that hold a mapped path. */
    private final Set<String> prefixes = new HashSet<>();
    private final String stagePath;
    private final Map<String, String> exactStages = new HashMap<>();
    /** Prefix → stage label, longest prefix first. */
    private final List<Map.Entry<String, String>> prefixStages = new ArrayList<>();
    private final Map<String, Side> sides = new HashMap<>();
    private final char[] separators;

    MappedReader(final DialectMapping m, final Dialect dialect) {
        this.dialect = dialect;
        this.stagePath = m.stagePath();
        this.separators = m.separators().toCharArray();
        this.missingTs = "no " + m.tsPath();
        this.missingSession = m.session().size() == 1 ? "no " + m.session().get(0)
                : m.session().size() == 2 ? "neither " + m.session().get(0) + " nor " + m.session().get(1)
                : "none of " + String.join(", ", m.session());
        this.missingStage = "no " + m.stagePath();
        m.stageValues().forEach((value, stage) -> {
            if (value.endsWith("*")) {
                prefixStages.add(Map.entry(value.substring(0, value.length() - 1), stage));
            } else {
                exactStages.put(value, stage);
            }
        });
        prefixStages.sort((a, b) -> b.getKey().length() - a.getKey().length());
        m.sideValues().forEach((text, side) -> sides.put(text, side.equals("buy") ? Side.BUY : Side.SELL));

        final DialectMapping.TsFormat format = m.tsFormat();
        final String tsPath = m.tsPath();
        add(tsPath, (p, t, d) -> readTs(p, t, tsPath, format, d));
        add(stagePath, this::readStage);
        forEach(m.session(), (path, priority) -> add(path, (p, t, d) -> ExecutionEventParser.readSession(p, t,
                priority, d)));
        forEach(m.mode(), (path, priority) -> add(path, (p, t, d) -> readMode(p, t, priority, d)));
        forEach(m.symbol(), (path, priority) -> add(path, (p, t, d) -> ExecutionEventParser.symbol(p, t, priority,
                separators, d)));
        forEach(m.side(), (path, priority) -> add(path, (p, t, d) -> readSide(p, t, priority, d)));
        m.fields().forEach((field, refs) -> {
            for (int i = 0; i < refs.size(); i++) {
                add(refs.get(i).path(), field(field, refs.get(i).reading(), refs.size() - i));
            }
        });
    }

    @Override
    public void read(final JsonParser p, final EventDraft d) throws IOException {
        d.declared = dialect;
        d.missingTsDetail = missingTs;
        d.missingSessionDetail = missingSession;
        d.missingStageDetail = missingStage;
        walk(p, null, d);
    }

    private void walk(final JsonParser p, final String prefix, final EventDraft d) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            d.keys.add(p, name);
            final JsonToken t = p.nextToken();
            final String path = prefix == null ? name : prefix + '.' + name;
            if (t == JsonToken.START_OBJECT && prefixes.contains(path)) {
                d.keys.enterObject();
                walk(p, path, d);
                d.keys.exitObject();
                continue;
            }
            final Target[] targets = byPath.get(path);
            if (targets != null) {
                for (final Target target : targets) {
                    target.apply(p, t, d);
                }
            }
            d.keys.skipValue(p);
        }
    }

    private static Target field(final MappedField field, final MappedField.Reading reading, final int priority) {
        return switch (reading) {
            case ID -> (p, t, d) -> ExecutionEventParser.id(p, t, field.slot, priority, d);
            case TEXT -> (p, t, d) -> ExecutionEventParser.text(p, t, field.slot, priority, d);
            case NUMBER -> (p, t, d) -> ExecutionEventParser.number(p, t, field.slot, priority, d);
            case DECISION -> ExecutionEventParser::readDecision;
            case PASSED -> ExecutionEventParser::readPassed;
        };
    }

    private static void readTs(final JsonParser p, final JsonToken t, final String path,
                               final DialectMapping.TsFormat format, final EventDraft d) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        d.tsSeen = true;
        if (format.toMicros >= 0) {
            ExecutionEventParser.readEpochTs(p, t, path, format.toMicros, d);
        } else if (t == JsonToken.VALUE_STRING) {
            ExecutionEventParser.readIsoTs(p, path, d);
        } else {
            d.keys.skipValue(p);
            d.tsPacked = IsoTimestamp.INVALID;
            d.tsProblem = path + " is not a string but " + ExecutionEventParser.describe(t);
        }
    }

    private void readStage(final JsonParser p, final JsonToken t, final EventDraft d) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.VALUE_STRING) {
            d.keys.skipValue(p);
            d.kindProblem = stagePath + " is not a string but " + ExecutionEventParser.describe(t);
            return;
        }
        final String value = p.getText().toLowerCase(Locale.ROOT);
        String label = exactStages.get(value);
        if (label == null) {
            for (final Map.Entry<String, String> prefix : prefixStages) {
                if (value.startsWith(prefix.getKey()) && value.length() > prefix.getKey().length()) {
                    label = prefix.getValue();
                    break;
                }
            }
        }
        d.stage = null;
        d.stageByVerdict = false;
        if (label == null) {
            d.kindProblem = "unknown " + stagePath + " " + ExecutionEventParser.quoted(p);
        } else if (label.equals(DialectMapping.BY_VERDICT)) {
            d.stageByVerdict = true;
        } else {
            d.stage = Stage.fromLabel(label);
        }
    }

    private static void readMode(final JsonParser p, final JsonToken t, final int priority, final EventDraft d)
            throws IOException {
        final String before = d.mode;
        ExecutionEventParser.readMode(p, t, d);
        if (d.mode != before) {
            if (priority >= d.modePriority) {
                d.modePriority = priority;
            } else {
                d.mode = before;
            }
        }
    }

    private void readSide(final JsonParser p, final JsonToken t, final int priority, final EventDraft d)
            throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            d.keys.skipValue(p);
            return;
        }
        if (p.getTextLength() > 0) {
            final Side side = sides.get(p.getText().toLowerCase(Locale.ROOT));
            d.side(priority, side == null ? Side.UNKNOWN : side);
        }
    }

    private interface PathUse {
        void use(String path, int priority);
    }

    private static void forEach(final List<String> paths, final PathUse use) {
        for (int i = 0; i < paths.size(); i++) {
            use.use(paths.get(i), paths.size() - i);
        }
    }

    private void add(final String path, final Target target) {
        byPath.merge(path, new Target[] {target}, (a, b) -> {
            final Target[] both = java.util.Arrays.copyOf(a, a.length + 1);
            both[a.length] = b[0];
            return both;
        });
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
            prefixes.add(path.substring(0, dot));
        }
    }
}
