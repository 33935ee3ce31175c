package io.exectrace.events;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Jackson's strict duplicate detection without its per-object allocations: the field names of every open object
 * on one stack, with a 64-bit mask of name hashes per object so that a name is compared with the others only when
 * its hash bit is already taken (rare for the 10 to 20 names of an event). One instance per thread, reused.
 */
final class DuplicateKeys {
    private static final ThreadLocal<DuplicateKeys> PER_THREAD = ThreadLocal.withInitial(DuplicateKeys::new);

    private String[] names = new String[32];
    private int size;
    /** Per open object: the mask of its names' hash bits and where its names start in {@link #names}. */
    private long[] masks = new long[ExecutionEventParser.MAX_NESTING_DEPTH + 2];
    private int[] starts = new int[ExecutionEventParser.MAX_NESTING_DEPTH + 2];
    private int depth;

    private DuplicateKeys() {
    }

    /** This thread's instance, emptied for a new record. */
    static DuplicateKeys forRecord() {
        final DuplicateKeys keys = PER_THREAD.get();
        keys.size = 0;
        keys.depth = 0;
        return keys;
    }

    /** The parser has just read the START_OBJECT of a new object. */
    void enterObject() {
        if (depth == masks.length) {
            masks = Arrays.copyOf(masks, depth * 2);
            starts = Arrays.copyOf(starts, depth * 2);
        }
        masks[depth] = 0;
        starts[depth] = size;
        depth++;
    }

    /** The parser has just read the END_OBJECT of the innermost open object. */
    void exitObject() {
        depth--;
        size = starts[depth];
    }

    /**
     * Records a field name of the innermost open object.
     *
     * @throws JsonParseException with Jackson's own message when the object already has this name
     */
    void add(final JsonParser p, final String name) throws JsonParseException {
        final int level = depth - 1;
        final long bit = 1L << name.hashCode();
        if ((masks[level] & bit) != 0) {
            for (int i = starts[level]; i < size; i++) {
                if (names[i].equals(name)) {
                    throw new JsonParseException(p, "Duplicate field '" + name + "'");
                }
            }
        }
        masks[level] |= bit;
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
        }
        names[size++] = name;
    }

    /**
     * Skips the value the parser stands on (as {@link JsonParser#skipChildren()}), checking the names of every
     * object inside it.
     */
    void skipValue(final JsonParser p) throws IOException {
        final JsonToken start = p.currentToken();
        if (start != JsonToken.START_OBJECT
                && start != JsonToken.START_ARRAY) {
            return;
        }
        if (start == JsonToken.START_OBJECT) {
            enterObject();
        }
        int open = 1;
        while (open > 0) {
            final JsonToken t = p.nextToken();
            if (t == null) {
                return;
            }
            switch (t) {
                case FIELD_NAME -> add(p, p.currentName());
                case START_OBJECT -> {
                    open++;
                    enterObject();
                }
                case START_ARRAY -> open++;
                case END_OBJECT -> {
                    open--;
                    exitObject();
                }
                case END_ARRAY -> open--;
                default -> {
                }
            }
        }
    }
}
