package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A small HTTP client for the tests: GET with optional bearer token, answer as text, JSON or parsed CSV, and the
 * messages of a Server-Sent Events stream.
 */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    record Answer(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (final IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        List<CSVRecord> csv() {
            try {
                return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                        .parse(new StringReader(body)).getRecords();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(final String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** One Server-Sent Events message: its {@code event:} type, {@code id:} and JSON {@code data:}. */
    record SseMessage(String type, String id, JsonNode data) {
    }

    /**
     * Reads the first {@code count} messages of the given types from a Server-Sent Events stream (other types are
     * skipped), resuming after {@code lastEventId} when it is not null.
     */
    static List<SseMessage> sse(final String url, final String lastEventId, final int count, final Set<String> types)
            throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        final HttpResponse<InputStream> answer = CLIENT.send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        final List<SseMessage> messages = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(answer.body(),
                StandardCharsets.UTF_8))) {
            String type = null;
            String data = null;
            String id = null;
            String line;
            while (messages.size() < count && (line = reader.readLine()) != null) {
                if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.isEmpty() && data != null) {
                    if (types.contains(type)) {
                        messages.add(new SseMessage(type, id, Json.MAPPER.readTree(data)));
                    }
                    type = null;
                    data = null;
                    id = null;
                }
            }
        }
        return messages;
    }

    static Answer get(final String url) {
        return get(url, null);
    }

    static Answer get(final String url, final String token) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET()
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            final HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.headers(), answer.body());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
