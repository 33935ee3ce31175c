package io.exectrace.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol with java.net.http's WebSocket: navigate, evaluate
 * JavaScript, take a screenshot. Just enough for the live page test.
 */
final class CdpBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private CdpBrowser(final Process process, final Path profile, final WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static CdpBrowser launch() throws Exception {
        final Path profile = Files.createTempDirectory("exectrace-chromium");
        final Process process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        // Chromium writes the port it chose (and the browser target path) into DevToolsActivePort.
        final Path portFile = profile.resolve("DevToolsActivePort");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                process.destroyForcibly();
                throw new IllegalStateException("chromium did not open its DevTools port");
            }
            Thread.sleep(100);
        }
        final int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        final JsonNode targets = Http.get("http://127.0.0.1:" + port + "/json/list").json();
        String pageSocket = null;
        for (final JsonNode target : targets) {
            if ("page".equals(target.path("type").asText())) {
                pageSocket = target.path("webSocketDebuggerUrl").asText();
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new IllegalStateException("no page target in " + targets);
        }
        final CdpBrowser[] self = new CdpBrowser[1];
        final StringBuilder partial = new StringBuilder();
        final WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last) {
                        partial.append(data);
                        if (last) {
                            final String message = partial.toString();
                            partial.setLength(0);
                            self[0].dispatch(message);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        self[0] = new CdpBrowser(process, profile, socket);
        return self[0];
    }

    private void dispatch(final String message) {
        try {
            final JsonNode json = Json.MAPPER.readTree(message);
            if (json.has("id")) {
                final CompletableFuture<JsonNode> future = pending.remove(json.path("id").asInt());
                if (future != null) {
                    future.complete(json);
                }
            }
        } catch (final IOException e) {
            // not a CDP message; ignore
        }
    }

    JsonNode call(final String method, final Map<String, Object> params) throws Exception {
        final int id = ids.incrementAndGet();
        final ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("id", id);
        request.put("method", method);
        request.set("params", Json.MAPPER.valueToTree(params));
        final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(Json.MAPPER.writeValueAsString(request), true).get(10, TimeUnit.SECONDS);
        final JsonNode result = answer.get(30, TimeUnit.SECONDS);
        if (result.has("error")) {
            throw new IllegalStateException(method + ": " + result.path("error"));
        }
        return result.path("result");
    }

    void open(final String url, final int width, final int height) throws Exception {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", false));
        call("Page.navigate", Map.of("url", url));
    }

    /** The value of a JavaScript expression in the page. */
    JsonNode evaluate(final String expression) throws Exception {
        return call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true))
                .path("result").path("value");
    }

    /** Waits until the expression is true in the page. */
    void waitFor(final String expression, final Duration patience) throws Exception {
        final long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate(expression).asBoolean(false)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("page never satisfied: " + expression + "; body: "
                + evaluate("document.body.innerText").asText());
    }

    void screenshot(final Path file) throws Exception {
        final JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

}
