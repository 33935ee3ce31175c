package io.exectrace.harness.chaos;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded source of invalid input records, each with the dead-letter reason the event contract gives it. The
 * reasons are written here by hand from the contract and the parser's documented limits, not asked of the
 * parser, so a record the pipeline misclassifies shows up as a mismatch.
 */
final class HostileRecords {

    /** What kind of damage a record carries; the scenario reports counts per kind. */
    enum Kind {
        RANDOM_BYTES, TRUNCATED_JSON, MEGABYTE_LINE, DEEP_NESTING, WRONG_TYPE, UNKNOWN_KIND, INVALID_UTF8,
        NAN_OR_INFINITY, DUPLICATE_KEY, FAR_TIMESTAMP, NOT_AN_OBJECT, MISSING_FIELD, EMPTY
    }

    /**
     * One invalid record.
     *
     * @param kind   the damage
     * @param value  the record value
     * @param reason the {@code exectrace.dlq.reason} the contract demands
     */
    record Hostile(Kind kind, byte[] value, String reason) {
    }

    /** The session every hostile record names, kept apart from the valid traffic's sessions. */
    static final String SESSION = "hostile-input";
    /** Size of the megabyte lines: as large as the default 1 MiB producer request allows for the input record. */
    static final int MEGABYTE = 1_048_400;
    /** One record in this many is a megabyte line (they are slow to ship, the rest is small). */
    private static final int MEGABYTE_EVERY = 5_000;

    private static final String TS = "\"ts\":\"2025-12-20T10:00:00.150Z\"";
    private static final String WHO = "\"session_id\":\"" + SESSION + "\"";
    private static final String VALID = "{" + TS + "," + WHO + ",\"symbol\":\"BTC-USD\",\"mode\":\"PAPER\","
            + "\"kind\":\"order\",\"payload\":{\"order_id\":\"o-1\",\"side\":\"BUY\",\"quantity\":0.5}}";
    private static final String[] FAR_TIMESTAMPS = {"0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
            "1989-12-31T23:59:59Z", "2201-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
            "+292278994-08-17T07:12:55Z", "-0001-01-01T00:00:00Z"};
    private static final String[] UNKNOWN_KINDS = {"\"kind\":\"teleport\"", "\"kind\":\"\"", "\"stage\":\"warp\"",
            "\"kind\":\"order\",\"stage\":\"submit\"", "\"kind\":\"gate\"", "\"stage\":\"FILLED\""};
    private static final String[] NON_NUMBERS = {"NaN", "Infinity", "-Infinity", "+Infinity", "nan", "1e"};

    /** The kinds that take turns: all but the megabyte lines, which are slow to ship. */
    private static final Kind[] ROTATION = Arrays.stream(Kind.values())
            .filter(k -> k != Kind.MEGABYTE_LINE).toArray(Kind[]::new);

    private final SplittableRandom random;
    private long produced;

    HostileRecords(final long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next invalid record; the small kinds take turns, every 5,000th record is a megabyte line. */
    Hostile next() {
        final long n = produced++;
        if (n % MEGABYTE_EVERY == MEGABYTE_EVERY - 1) {
            return megabyteLine();
        }
        final Kind kind = ROTATION[(int) (n % ROTATION.length)];
        return switch (kind) {
            case RANDOM_BYTES -> randomBytes();
            case TRUNCATED_JSON -> truncated();
            case MEGABYTE_LINE -> megabyteLine();
            case DEEP_NESTING -> deepNesting();
            case WRONG_TYPE -> wrongType();
            case UNKNOWN_KIND -> text(kind, "{" + TS + "," + WHO + ",\"symbol\":\"X\","
                    + UNKNOWN_KINDS[random.nextInt(UNKNOWN_KINDS.length)] + "}", "unknown_kind");
            case INVALID_UTF8 -> invalidUtf8();
            case NAN_OR_INFINITY -> text(kind, "{" + TS + "," + WHO + ",\"kind\":\"fill\",\"payload\":{\"order_id\":"
                    + "\"o-1\",\"fill_price\":" + NON_NUMBERS[random.nextInt(NON_NUMBERS.length)] + "}}",
                    "invalid_json");
            case DUPLICATE_KEY -> duplicateKey();
            case FAR_TIMESTAMP -> text(kind, "{\"ts\":\"" + FAR_TIMESTAMPS[random.nextInt(FAR_TIMESTAMPS.length)]
                    + "\"," + WHO + ",\"kind\":\"intent\"}", "bad_ts");
            case NOT_AN_OBJECT -> notAnObject();
            case MISSING_FIELD -> random.nextBoolean()
                    ? text(kind, "{" + WHO + ",\"kind\":\"intent\"}", "missing_ts")
                    : text(kind, "{" + TS + ",\"kind\":\"intent\",\"session_id\":\"   \"}", "missing_session");
            case EMPTY -> text(kind, random.nextBoolean() ? "" : " \t\r\n ", "empty");
        };
    }

    private static Hostile text(final Kind kind, final String value, final String reason) {
        return new Hostile(kind, value.getBytes(StandardCharsets.UTF_8), reason);
    }

    /** Bytes that cannot start JSON (a byte of 0x80 or above first), then anything. */
    private Hostile randomBytes() {
        final byte[] bytes = new byte[1 + random.nextInt(400)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        bytes[0] = (byte) (0x80 | random.nextInt(0x80));
        return new Hostile(Kind.RANDOM_BYTES, bytes, "invalid_json");
    }

    /** A valid line cut short, as a producer that dies mid-write leaves it. */
    private Hostile truncated() {
        final int cut = 1 + random.nextInt(VALID.length() - 2);
        return text(Kind.TRUNCATED_JSON, VALID.substring(0, cut), "invalid_json");
    }

    /** A line of about a megabyte: an object whose string never ends. */
    private Hostile megabyteLine() {
        final String head = "{" + TS + "," + WHO + ",\"kind\":\"intent\",\"symbol\":\"";
        final byte[] bytes = new byte[MEGABYTE];
        final byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        Arrays.fill(bytes, prefix.length, bytes.length, (byte) ('a' + random.nextInt(26)));
        return new Hostile(Kind.MEGABYTE_LINE, bytes, "invalid_json");
    }

    /** Nesting beyond the parser's 64 levels, in the payload and in an unknown field alike. */
    private Hostile deepNesting() {
        final int depth = 65 + random.nextInt(5_000);
        final StringBuilder s = new StringBuilder("{" + TS + "," + WHO + ",\"kind\":\"intent\",")
                .append(random.nextBoolean() ? "\"payload\":" : "\"extra\":");
        s.append("{\"a\":".repeat(depth)).append('1').append("}".repeat(depth)).append('}');
        return text(Kind.DEEP_NESTING, s.toString(), "too_large");
    }

    /** A required field of the wrong JSON type: the contract reads each as absent or unreadable. */
    private Hostile wrongType() {
        return switch (random.nextInt(4)) {
            case 0 -> text(Kind.WRONG_TYPE, "{\"ts\":1766224800150," + WHO + ",\"kind\":\"intent\"}", "bad_ts");
            case 1 -> text(Kind.WRONG_TYPE, "{\"ts\":{\"at\":\"now\"}," + WHO + ",\"kind\":\"intent\"}", "bad_ts");
            case 2 -> text(Kind.WRONG_TYPE, "{" + TS + ",\"session_id\":42,\"kind\":\"intent\"}",
                    "missing_session");
            default -> text(Kind.WRONG_TYPE, "{" + TS + "," + WHO + ",\"kind\":[\"intent\"]}", "unknown_kind");
        };
    }

    /** Valid JSON syntax everywhere except one string with bytes that are not UTF-8. */
    private Hostile invalidUtf8() {
        final byte[][] broken = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
        final byte[] bad = broken[random.nextInt(broken.length)];
        final byte[] head = ("{" + TS + ",\"session_id\":\"hostile").getBytes(StandardCharsets.UTF_8);
        final byte[] tail = "\",\"kind\":\"intent\"}".getBytes(StandardCharsets.UTF_8);
        final byte[] value = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, value, 0, head.length);
        System.arraycopy(bad, 0, value, head.length, bad.length);
        System.arraycopy(tail, 0, value, head.length + bad.length, tail.length);
        return new Hostile(Kind.INVALID_UTF8, value, "invalid_json");
    }

    private Hostile duplicateKey() {
        return random.nextBoolean()
                ? text(Kind.DUPLICATE_KEY, "{" + TS + "," + TS + "," + WHO + ",\"kind\":\"intent\"}", "invalid_json")
                : text(Kind.DUPLICATE_KEY, "{" + TS + "," + WHO + ",\"kind\":\"order\",\"payload\":{\"order_id\":"
                        + "\"o-1\",\"order_id\":\"o-2\"}}", "invalid_json");
    }

    private Hostile notAnObject() {
        final String[] roots = {"[1,2,3]", "\"" + SESSION + "\"", "42", "true", "null", "[" + VALID + "]"};
        return text(Kind.NOT_AN_OBJECT, roots[random.nextInt(roots.length)], "not_an_object");
    }
}
