package io.exectrace.events;

/**
 * One shared {@link String} per value of the fields that take few values over a log (session, symbol, exchange,
 * strategy, gate, reason, status, order type): a direct-mapped cache, so a log of a million records holds a few
 * hundred such strings instead of millions, and the correlation's lookups by session and symbol find the hash
 * already computed and the same instance. Ids are not cached (nearly every one is new).
 *
 * <p>Thread-safe without locks: a slot holds an immutable {@code String}, a racing write only replaces one valid
 * entry by another, and every hit is checked character by character, so a collision or a race costs a new string,
 * never a wrong one.
 */
final class RepeatedText {
    private static final int SLOTS = 1 << 13;
    private static final int MAX_LENGTH = 64;
    private static final String[] CACHE = new String[SLOTS];

    private RepeatedText() {
    }

    /** The string of {@code len} chars of {@code c} from {@code off}, shared when it was seen recently. */
    static String of(final char[] c, final int off, final int len) {
        if (len > MAX_LENGTH) {
            return new String(c, off, len);
        }
        int h = 0;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + c[i];
        }
        final int slot = (h ^ (h >>> 13)) & (SLOTS - 1);
        final String cached = CACHE[slot];
        if (cached != null && cached.length() == len && same(cached, c, off, len)) {
            return cached;
        }
        final String s = new String(c, off, len);
        CACHE[slot] = s;
        return s;
    }

    private static boolean same(final String s, final char[] c, final int off, final int len) {
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != c[off + i]) {
                return false;
            }
        }
        return true;
    }
}
