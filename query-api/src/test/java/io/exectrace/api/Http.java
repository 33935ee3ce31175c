package io.exectrace.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** A small HTTP client for the tests: GET with optional bearer token, answer as text, JSON or parsed CSV. */
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
