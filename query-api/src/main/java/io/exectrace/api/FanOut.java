package io.exectrace.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.http.Context;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks every instance that hosts a store for its local part of a list answer and gathers the parts. Another
 * instance is asked with the same path and query plus {@value #LOCAL_HEADER}, to which it answers
 * {@code {"items": [...]}} from its own stores only. An instance that does not answer makes the whole answer a 503:
 * a partial list would look complete.
 */
final class FanOut {

    /** Asks an instance for the items of its own stores only. */
    static final String LOCAL_HEADER = "X-Exectrace-Local";
    private static final TypeReference<Map<String, Object>> ANSWER = new TypeReference<>() {
    };

    private final StoreAccess access;
    private final HttpClient http;

    FanOut(final StoreAccess access, final HttpClient http) {
        this.access = access;
        this.http = http;
    }

    static boolean isLocalRequest(final Context ctx) {
        return ctx.header(LOCAL_HEADER) != null;
    }

    /** The local items of every instance hosting {@code store}, unsorted. */
    List<Map<String, Object>> gather(final Context ctx, final String store,
                                     final Supplier<List<Map<String, Object>>> local) {
        final List<Map<String, Object>> all = new ArrayList<>();
        for (final Map<String, Object> answer : gatherAnswers(ctx, store, Map.of(),
                () -> Map.of("items", local.get()))) {
            all.addAll(items(answer));
        }
        return all;
    }

    /**
     * The whole local answer of every instance hosting {@code store} (this one's from {@code local}), the others
     * asked with {@code headers} as well.
     */
    List<Map<String, Object>> gatherAnswers(final Context ctx, final String store, final Map<String, String> headers,
                                            final Supplier<Map<String, Object>> local) {
        final List<Map<String, Object>> answers = new ArrayList<>();
        answers.add(local.get());
        for (final StreamsMetadata instance : access.instancesFor(store)) {
            if (!access.isSelf(instance.hostInfo())) {
                answers.add(remote(ctx, instance.hostInfo(), headers));
            }
        }
        return answers;
    }

    /** The items of a local answer. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(final Map<String, Object> answer) {
        final Object items = answer.get("items");
        return items instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private Map<String, Object> remote(final Context ctx, final HostInfo host, final Map<String, String> headers) {
        final String query = ctx.queryString();
        final URI uri = URI.create("http://" + host.host() + ":" + host.port() + ctx.path()
                + (query == null || query.isEmpty() ? "" : "?" + query));
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(30))
                .header(LOCAL_HEADER, "true")
                .header(SessionRouter.FORWARDED_HEADER, access.self().host() + ":" + access.self().port());
        headers.forEach(request::header);
        final String authorization = ctx.header("Authorization");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            final HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw ApiException.unavailable("instance " + host + " answered " + answer.statusCode());
            }
            return Json.MAPPER.readValue(answer.body(), ANSWER);
        } catch (final IOException e) {
            throw ApiException.unavailable("instance " + host + " did not answer: " + e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking instance " + host);
        }
    }
}
