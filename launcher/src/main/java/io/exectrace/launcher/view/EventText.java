package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;

/**
 * The human columns of a timeline row, from an event's JSON form: a one-line description by stage (as the seed's
 * timeline printed it) and the remaining fields as compact JSON ({@code details}).
 */
final class EventText {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields that have their own column, or that say nothing to an operator. */
    private static final Set<String> NOT_DETAILS = Set.of("ts", "stage", "symbol", "session_id", "dialect",
            "fingerprint");

    private EventText() {
    }

    static String description(final JsonNode e) {
        final StringBuilder sb = new StringBuilder(64);
        switch (e.path("stage").asText("")) {
            case "intent" -> sideQuantityPrice(sb, e, "price").append(ids(e, "intent_id"));
            case "submit" -> {
                sideQuantityPrice(sb, e, "price");
                append(sb, e.path("order_type").asText(null));
                sb.append(ids(e, "order_id", "intent_id"));
            }
            case "ack" -> sb.append("acked").append(ids(e, "order_id", "broker_order_id"));
            case "fill" -> {
                sb.append(number(e.path("quantity")));
                if (e.has("price")) {
                    sb.append(" @ ").append(number(e.path("price")));
                }
                if (e.has("fee")) {
                    sb.append(" fee ").append(number(e.path("fee")));
                }
                sb.append(ids(e, "order_id", "broker_order_id"));
            }
            case "cancel" -> sb.append("cancelled").append(reason(e)).append(ids(e, "order_id", "broker_order_id"));
            case "risk_block" -> sb.append("BLOCK ").append(e.path("gate").asText("risk"))
                    .append(reason(e)).append(ids(e, "intent_id", "order_id"));
            case "gate_pass" -> sb.append("PASS ").append(e.path("gate").asText("gate"));
            case "error" -> sb.append("Error: ").append(e.path("message").asText(""))
                    .append(ids(e, "intent_id", "order_id"));
            case "signal" -> sb.append("signal").append(e.has("strategy_id") ? " " + e.path("strategy_id").asText() : "");
            default -> sb.append(e.path("stage").asText(""));
        }
        return sb.toString().strip();
    }

    /** Every field without its own column, as compact JSON ({@code {}} when none). */
    static String details(final JsonNode e) {
        final ObjectNode rest = JSON.createObjectNode();
        e.fields().forEachRemaining(f -> {
            if (!NOT_DETAILS.contains(f.getKey())) {
                rest.set(f.getKey(), f.getValue());
            }
        });
        return rest.toString();
    }

    /** A number as written by a person: no exponent, no trailing zeros. */
    static String number(final JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "";
        }
        if (!n.isNumber()) {
            return n.asText();
        }
        final double d = n.asDouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        // Nine decimals hide binary noise (0.30000000000000004) and keep every real price and quantity.
        return BigDecimal.valueOf(d).setScale(9, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static StringBuilder sideQuantityPrice(final StringBuilder sb, final JsonNode e, final String price) {
        append(sb, e.path("side").asText(null));
        if (e.has("quantity")) {
            append(sb, number(e.path("quantity")));
        }
        if (e.has(price)) {
            sb.append(" @ ").append(number(e.path(price)));
        }
        return sb;
    }

    private static String reason(final JsonNode e) {
        final String reason = e.path("reason").asText("");
        return reason.isEmpty() ? "" : ": " + reason;
    }

    private static String ids(final JsonNode e, final String... names) {
        final StringBuilder sb = new StringBuilder();
        for (final String name : names) {
            final String id = e.path(name).asText(null);
            if (id != null) {
                sb.append(sb.length() == 0 ? " [" : ", ").append(name.replace("_id", "")).append(' ').append(id);
            }
        }
        return sb.length() == 0 ? "" : sb.append(']').toString();
    }

    private static void append(final StringBuilder sb, final String word) {
        if (word != null && !word.isEmpty()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(word);
        }
    }
}
