package io.exectrace.api;

import io.exectrace.events.ChainOutcome;
import io.exectrace.events.Stage;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads and validates query parameters; every malformed value becomes a 400 {@link ApiException} naming the
 * parameter, never an exception that would surface as a 500.
 */
final class QueryParams {

    /** Answer format of list endpoints. */
    enum Format { JSON, CSV }

    /** Which chains of a session the chains endpoint lists. */
    enum ChainState { CLOSED, OPEN }

    /** JSON page size when the request names none. */
    static final int DEFAULT_JSON_LIMIT = 1_000;

    private final Context ctx;
    private final int maxJsonLimit;

    QueryParams(final Context ctx, final int maxJsonLimit) {
        this.ctx = ctx;
        this.maxJsonLimit = maxJsonLimit;
    }

    /** A trimmed parameter, or null when absent or blank. */
    String text(final String name) {
        final String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    Format format() {
        final String value = text("format");
        if (value == null || value.equalsIgnoreCase("json")) {
            return Format.JSON;
        }
        if (value.equalsIgnoreCase("csv")) {
            return Format.CSV;
        }
        throw ApiException.badRequest("format must be json or csv, was '" + value + "'");
    }

    /**
     * The page size: at least 1; for JSON at most the cap (larger values are lowered to it) and
     * {@link #DEFAULT_JSON_LIMIT} by default; for CSV unlimited by default.
     */
    int limit(final Format format) {
        final String value = text("limit");
        if (value == null) {
            return format == Format.CSV ? Integer.MAX_VALUE : Math.min(DEFAULT_JSON_LIMIT, maxJsonLimit);
        }
        final long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (final NumberFormatException e) {
            throw ApiException.badRequest("limit must be a positive integer, was '" + value + "'");
        }
        if (parsed < 1) {
            throw ApiException.badRequest("limit must be a positive integer, was " + parsed);
        }
        final long cap = format == Format.CSV ? Integer.MAX_VALUE : maxJsonLimit;
        return (int) Math.min(parsed, cap);
    }

    /** A time as epoch microseconds: ISO-8601 instant ({@code 2025-12-20T10:00:00Z}) or epoch milliseconds. */
    long timeMicros(final String name, final long absent) {
        final String value = text(name);
        if (value == null) {
            return absent;
        }
        if (isDigits(value)) {
            try {
                return Math.multiplyExact(Long.parseLong(value), 1000L);
            } catch (final ArithmeticException | NumberFormatException e) {
                throw ApiException.badRequest(name + " is out of range: '" + value + "'");
            }
        }
        try {
            final Instant instant = Instant.parse(value);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
        } catch (final DateTimeParseException | ArithmeticException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant (2025-12-20T10:00:00Z) or epoch "
                    + "milliseconds, was '" + value + "'");
        }
    }

    Stage stage(final String name) {
        final String value = text(name);
        if (value == null) {
            return null;
        }
        final Stage stage = Stage.fromLabel(value);
        if (stage == null) {
            throw ApiException.badRequest(name + " must be one of " + labels(Stage.values()) + ", was '" + value
                    + "'");
        }
        return stage;
    }

    /** {@code state}: closed (the default) or open. */
    ChainState chainState() {
        final String value = text("state");
        if (value == null || value.equalsIgnoreCase("closed")) {
            return ChainState.CLOSED;
        }
        if (value.equalsIgnoreCase("open")) {
            return ChainState.OPEN;
        }
        throw ApiException.badRequest("state must be closed or open, was '" + value + "'");
    }

    ChainOutcome outcome() {
        final String value = text("outcome");
        if (value == null) {
            return null;
        }
        final ChainOutcome outcome = ChainOutcome.fromLabel(value.toLowerCase(java.util.Locale.ROOT));
        if (outcome == null) {
            throw ApiException.badRequest("outcome must be one of " + labels(ChainOutcome.values()) + ", was '"
                    + value + "'");
        }
        return outcome;
    }

    /** A non-negative decimal, or NaN when absent. */
    double nonNegative(final String name) {
        final String value = text(name);
        if (value == null) {
            return Double.NaN;
        }
        try {
            final double parsed = Double.parseDouble(value);
            if (parsed >= 0 && Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name + " must be a non-negative number, was '" + value + "'");
    }

    /** true / false, or null when absent. */
    Boolean bool(final String name) {
        final String value = text(name);
        if (value == null) {
            return null;
        }
        if (value.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw ApiException.badRequest(name + " must be true or false, was '" + value + "'");
    }

    private static boolean isDigits(final String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String labels(final Enum<?>[] values) {
        final StringBuilder out = new StringBuilder();
        for (final Enum<?> value : values) {
            out.append(out.length() == 0 ? "" : ", ").append(value.name().toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }
}
