package io.exectrace.streams.metrics;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns free text from events (a reason, a mode, an exchange) into a label value with a bounded number of distinct
 * values: normalized (lower case, {@code [a-z0-9_]}, at most {@link #MAX_LENGTH} characters), the first {@code limit}
 * distinct values this process sees keep their name and every later one becomes {@link #OTHER}. Prometheus
 * series cannot be taken back once created, so the values admitted first stay.
 */
final class BoundedLabel {

    static final String OTHER = "other";
    static final int MAX_LENGTH = 64;
    /** Raw texts remembered beyond the admitted ones, so a repeated rejected text is not normalized every time. */
    private static final int REMEMBERED_PER_ADMITTED = 4;

    private final int limit;
    private final String absent;
    private final ConcurrentHashMap<String, String> byRaw = new ConcurrentHashMap<>();
    /** Guarded by {@code this}; only the slow path reads it. */
    private final Set<String> admitted = new HashSet<>();

    /**
     * @param limit  distinct values kept before {@link #OTHER}
     * @param absent the value for a null or blank text ({@code none}, {@code unknown})
     */
    BoundedLabel(final int limit, final String absent) {
        this.limit = limit;
        this.absent = absent;
    }

    /** The label value for {@code raw}. */
    String of(final String raw) {
        if (raw == null) {
            return absent;
        }
        final String known = byRaw.get(raw);
        return known != null ? known : admit(raw);
    }

    private synchronized String admit(final String raw) {
        final String normalized = normalize(raw);
        final String value;
        if (normalized.isEmpty()) {
            value = absent;
        } else if (admitted.contains(normalized)) {
            value = normalized;
        } else if (admitted.size() < limit) {
            admitted.add(normalized);
            value = normalized;
        } else {
            value = OTHER;
        }
        if (byRaw.size() < (limit + 1) * REMEMBERED_PER_ADMITTED) {
            byRaw.put(raw, value);
        }
        return value;
    }

    /** Lower case, every character outside {@code [a-z0-9_]} as {@code _}, runs of {@code _} and ends trimmed. */
    static String normalize(final String raw) {
        final StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_LENGTH));
        boolean underscore = true;
        for (int i = 0; i < raw.length() && out.length() < MAX_LENGTH; i++) {
            final char c = Character.toLowerCase(raw.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
                underscore = false;
            } else if (!underscore) {
                out.append('_');
                underscore = true;
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '_') {
            end--;
        }
        out.setLength(end);
        return out.toString();
    }
}
