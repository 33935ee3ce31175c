package io.exectrace.harness.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every session's summary as the running app's API answers it ({@code GET /api/sessions/{id}}: read from its
 * state stores), without {@code active}, which depends on the wall clock. Compared before and after a restore,
 * it shows the stores were rebuilt with the same numbers.
 */
final class ApiSummaries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiSummaries() {
    }

    /** Session id → summary JSON; a session the API does not answer for maps to {@code "(no answer)"}. */
    static Map<String, String> read(final AppProcess app, final Collection<String> sessionIds)
            throws InterruptedException {
        final Map<String, String> summaries = new TreeMap<>();
        for (final String id : sessionIds) {
            final String body = app.get("/api/sessions/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            if (body == null) {
                summaries.put(id, "(no answer)");
                continue;
            }
            try {
                final ObjectNode node = (ObjectNode) JSON.readTree(body);
                node.remove("active");
                summaries.put(id, node.toString());
            } catch (IOException e) {
                summaries.put(id, "(not JSON) " + body);
            }
        }
        return summaries;
    }
}
