package io.exectrace.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded hostile requests for every GET operation of the API's own OpenAPI document, so that an endpoint added to
 * the document is fuzzed without touching this class: path parameters get real session ids or hostile text
 * (traversal, encoded bytes, very long), query parameters get their enum values, plausible values or hostile ones
 * (huge and odd numbers, broken timestamps, random text, repeated parameters).
 */
final class ApiFuzzer {

    /** One operation of the document: its path template and its parameter names by place. */
    record Operation(String path, List<String> pathParams, List<Param> queryParams) {
    }

    /** A query parameter with its type and, when it has one, its enum. */
    record Param(String name, String type, List<String> values) {
    }

    private static final String[] HOSTILE = {"", " ", "%00", "%", "%zz", "%C0%AF", "%FF%FE", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "../../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "..", ".", "%252e%252e%252f",
        "'\"><script>alert(1)</script>", "${jndi:ldap://x/a}", "' OR 1=1 --", "\u0000", "\r\nX-Injected: 1",
        "\uD83D\uDE00\uD83D\uDE00", "\uFFFF", "\uD800", "null", "true", "[]", "{}", "NaN", "Infinity", "-Infinity",
        "-0", "0x10", "1e309", "-1", "0", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "99999999999999999999999999999999999999", "2147483648", "-2147483649", "1.5", "1,5",
        "2025-13-45T99:99:99Z", "1970-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "0000-00-00",
        "2025-12-20T10:00:00", "2025-12-20T10:00:00.150+25:00", "9999-12-31T23:59:59.999999999Z",
        "AAAAAAAAAAAAAAAAAAAA==", "a b c", "a/b", "a?b", "a#b", "a;b", "a&b=c"};

    private final SplittableRandom random;
    private final List<Operation> operations;
    private final List<String> sessionIds;

    ApiFuzzer(final long seed, final JsonNode openApi, final List<String> sessionIds) {
        this.random = new SplittableRandom(seed);
        this.operations = operations(openApi);
        this.sessionIds = sessionIds;
    }

    List<Operation> operations() {
        return operations;
    }

    /** Every GET operation of an OpenAPI 3 document. */
    static List<Operation> operations(final JsonNode openApi) {
        final List<Operation> operations = new ArrayList<>();
        for (final Iterator<Map.Entry<String, JsonNode>> paths = openApi.get("paths").fields(); paths.hasNext(); ) {
            final Map.Entry<String, JsonNode> path = paths.next();
            final JsonNode get = path.getValue().get("get");
            if (get == null) {
                continue;
            }
            final List<String> inPath = new ArrayList<>();
            final List<Param> inQuery = new ArrayList<>();
            for (final JsonNode p : get.path("parameters")) {
                final String name = p.get("name").asText();
                if ("path".equals(p.path("in").asText())) {
                    inPath.add(name);
                } else if ("query".equals(p.path("in").asText())) {
                    final List<String> values = new ArrayList<>();
                    p.path("schema").path("enum").forEach(v -> values.add(v.asText()));
                    inQuery.add(new Param(name, p.path("schema").path("type").asText("string"), values));
                }
            }
            operations.add(new Operation(path.getKey(), inPath, inQuery));
        }
        return operations;
    }

    /** The path and query of the next request (starting with {@code /}). */
    String next() {
        final Operation op = operations.get(random.nextInt(operations.size()));
        String path = op.path();
        for (final String name : op.pathParams()) {
            path = path.replace("{" + name + "}", pathValue());
        }
        final StringBuilder query = new StringBuilder();
        for (final Param param : op.queryParams()) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            final int repeats = random.nextInt(10) == 0 ? 2 + random.nextInt(3) : 1;
            for (int i = 0; i < repeats; i++) {
                query.append(query.isEmpty() ? '?' : '&').append(encode(param.name())).append('=')
                        .append(random.nextInt(8) == 0 ? rawish(hostile()) : encode(queryValue(param)));
            }
        }
        if (random.nextInt(20) == 0) {
            query.append(query.isEmpty() ? '?' : '&').append(encode(hostile())).append('=').append(encode(hostile()));
        }
        return path + query;
    }

    private String pathValue() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> encode(sessionIds.get(random.nextInt(sessionIds.size())));
            case 2 -> rawish(hostile());
            default -> encode(hostile());
        };
    }

    private String queryValue(final Param param) {
        final int pick = random.nextInt(4);
        if (pick == 0 && !param.values().isEmpty()) {
            return param.values().get(random.nextInt(param.values().size()));
        }
        if (pick == 1) {
            return switch (param.type()) {
                case "integer" -> Long.toString(random.nextLong(-5, 100_000));
                case "number" -> Double.toString(random.nextDouble(-10, 10_000));
                case "boolean" -> random.nextBoolean() ? "true" : "false";
                default -> param.name().contains("session") ? sessionIds.get(random.nextInt(sessionIds.size()))
                        : "2025-12-20T08:0" + random.nextInt(10) + ":00Z";
            };
        }
        return hostile();
    }

    private String hostile() {
        return switch (random.nextInt(12)) {
            case 0 -> longText(1 + random.nextInt(4) * 4_000);
            case 1 -> randomText(1 + random.nextInt(40));
            default -> HOSTILE[random.nextInt(HOSTILE.length)];
        };
    }

    private String longText(final int length) {
        return "x".repeat(length);
    }

    private String randomText(final int length) {
        final StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(random.nextInt(4) == 0 ? 0x80 + random.nextInt(0x2000) : 0x20 + random.nextInt(0x5F));
        }
        return s.toString();
    }

    static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Leaves {@code / . % \} as they are (a traversal or a pre-encoded byte reaches the server raw). */
    private static String rawish(final String value) {
        return encode(value).replace("%2F", "/").replace("%2E", ".").replace("%25", "%").replace("%5C", "\\");
    }
}
