package io.exectrace.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.events.Stage;
import io.exectrace.producer.ExpectedTotals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Clients asking the live app instances for random sessions without pause while input still flows and faults hit.
 * The final numbers are known in advance (the generator's ground truth), so an answer is right when none of its
 * counts is above them: a count above would be an event counted twice. Stale standby answers must say so
 * ({@code X-Exectrace-Stale}); a 503 must carry Retry-After; a 404 is allowed only before the session was first
 * answered; any other status, a 500 above all, is wrong. A refused connection is an instance that is down, counted
 * apart.
 */
final class ClusterQueryLoad implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Supplier<List<String>> liveInstances;
    private final Map<String, ExpectedTotals.Session> truth;
    private final List<String> ids;
    private final long seed;
    private final AtomicLong threadSeeds = new AtomicLong();
    private volatile boolean running = true;

    private final AtomicLong notYet = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final QueryTally tally = new QueryTally();

    /**
     * The tallies; {@code longestOutage} is the longest time one session got no 200 while it was asked,
     * {@code slowestAnswer} how long the slowest answer took and what it was.
     */
    record Result(long queries, long fresh, long stale, long unavailable, long notYet, long refused, long wrong,
                  Duration longestOutage, String slowestAnswer, List<String> examples) {
    }

    ClusterQueryLoad(final Supplier<List<String>> liveInstances, final Map<String, ExpectedTotals.Session> truth,
                     final long seed) {
        this.liveInstances = liveInstances;
        this.truth = truth;
        this.ids = List.copyOf(truth.keySet());
        this.seed = seed;
    }

    @Override
    public void run() {
        final SplittableRandom random = new SplittableRandom(seed + threadSeeds.incrementAndGet());
        while (running) {
            final List<String> bases = liveInstances.get();
            if (bases.isEmpty()) {
                sleep(100);
                continue;
            }
            final String id = ids.get(random.nextInt(ids.size()));
            final String base = bases.get(random.nextInt(bases.size()));
            ask(base, id);
        }
    }

    private void ask(final String base, final String id) {
        final long asked = System.nanoTime();
        final HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + ApiFuzzer.encode(id)))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            refused.incrementAndGet();
            tally.took(System.nanoTime() - asked, () -> id + " from " + base + ": " + e);
            return;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return;
        }
        final long now = System.nanoTime();
        tally.asked();
        tally.took(now - asked, () -> id + " from " + base + ": " + response.statusCode());
        final boolean isStale = response.headers().firstValue("X-Exectrace-Stale").isPresent();
        switch (response.statusCode()) {
            case 200 -> {
                final String above = above(truth.get(id), response.body());
                if (above != null) {
                    tally.wrongAnswer(id, now, id + (isStale ? " (stale)" : "") + ": " + above);
                } else {
                    seen.add(id);
                    tally.right(id, now, isStale);
                }
            }
            case 503 -> {
                if (response.headers().firstValue("Retry-After").isEmpty()) {
                    tally.wrongAnswer(id, now, id + ": 503 without Retry-After");
                } else {
                    tally.unavailable(id, now);
                }
            }
            case 404 -> {
                if (seen.contains(id)) {
                    tally.wrong(id + ": 404 after it was answered, from " + base + " (served by "
                            + response.headers().firstValue("X-Exectrace-Served-By").orElse("itself") + "): "
                            + response.body());
                } else {
                    notYet.incrementAndGet();
                }
            }
            default -> tally.wrongAnswer(id, now, id + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The first count of the answer above the session's final number, or null. */
    private static String above(final ExpectedTotals.Session truth, final String body) {
        final JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (final IOException e) {
            return "unreadable body";
        }
        final Map<String, long[]> counts = new HashMap<>();
        counts.put("events", new long[]{truth.events(), n.path("events").asLong(-1)});
        counts.put("duplicates", new long[]{truth.duplicates(), n.path("duplicates").asLong(-1)});
        counts.put("parse_errors", new long[]{truth.invalid(), n.path("parse_errors").asLong(-1)});
        for (final Stage stage : Stage.values()) {
            counts.put(stage.label(), new long[]{truth.events(stage), n.path("by_stage").path(stage.label())
                    .asLong(0)});
        }
        for (final Map.Entry<String, long[]> c : counts.entrySet()) {
            if (c.getValue()[1] < 0 || c.getValue()[1] > c.getValue()[0]) {
                return c.getKey() + " " + c.getValue()[1] + " above the final " + c.getValue()[0];
            }
        }
        return null;
    }

    void stop() {
        running = false;
    }

    Result result() {
        return new Result(tally.queries(), tally.fresh(), tally.stale(), tally.unavailable(), notYet.get(),
                refused.get(), tally.wrongCount(), tally.longestOutage(), tally.slowestAnswer(),
                tally.examples());
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
