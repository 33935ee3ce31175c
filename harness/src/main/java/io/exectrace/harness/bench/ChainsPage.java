package io.exectrace.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a {@code GET /api/sessions/{id}/chains} answer (docs/api.md) the outcome probes need: of closed
 * chains (the default) or of open ones ({@code state=open}).
 *
 * @param chains     the chains of the page: closed ones in close-time order, open ones in start order
 * @param nextCursor where the next page starts; null on the last page (and always for open chains)
 */
record ChainsPage(List<Chain> chains, String nextCursor) {
    private static final ObjectMapper JSON = new ObjectMapper();

    ChainsPage {
        chains = List.copyOf(chains);
    }

    /**
     * One chain; absent ids are null.
     *
     * @param intentId  its {@code intent_id}
     * @param orderId   its {@code order_id}
     * @param outcome   a closed chain's {@code outcome} label ({@code filled}, {@code missing_fill}, ...); null for
     *                  an open one
     * @param endReason an open chain's {@code end_reason} once it has ended and settles ({@code full_fill},
     *                  {@code cancel}, ...); null else
     */
    record Chain(String intentId, String orderId, String outcome, String endReason) {
    }

    /** Reads a chains answer; throws when it is not one. */
    static ChainsPage parse(final String json) {
        final JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("the chains answer is no JSON: " + e.getMessage(), e);
        }
        final JsonNode chains = root == null ? null : root.get("chains");
        if (chains == null || !chains.isArray()) {
            throw new IllegalStateException("the chains answer has no chains array: " + abbreviated(json));
        }
        final List<Chain> out = new ArrayList<>(chains.size());
        for (final JsonNode chain : chains) {
            out.add(new Chain(text(chain, "intent_id"), text(chain, "order_id"), text(chain, "outcome"),
                    text(chain, "end_reason")));
        }
        return new ChainsPage(out, text(root, "next_cursor"));
    }

    private static String text(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String abbreviated(final String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
