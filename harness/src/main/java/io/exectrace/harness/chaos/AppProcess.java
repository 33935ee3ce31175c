package io.exectrace.harness.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The app under test as a separate JVM ({@code exectrace run --config FILE} on this process's class path), so a
 * crash is a real SIGKILL of a real process: no shutdown hook, no flush, no clean leave of the group.
 */
public final class AppProcess implements AutoCloseable {
    /** JVM options of the chaos scenarios' app processes: a bounded heap and the collector with no helper threads. */
    public static final List<String> CHAOS_JVM_OPTIONS = List.of("-Xmx768m", "-XX:+UseSerialGC");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final String apiUrl;
    private final long startedNanos = System.nanoTime();

    private AppProcess(final Process process, final String apiUrl) {
        this.process = process;
        this.apiUrl = apiUrl;
    }

    /** Starts {@code exectrace run --config configFile}; its output goes to {@code log} (appended). */
    public static AppProcess start(final Path configFile, final int apiPort, final Path log) throws IOException {
        return start(configFile, apiPort, log, CHAOS_JVM_OPTIONS);
    }

    /**
     * Starts {@code exectrace run --config configFile} with these JVM options (none: the JVM's defaults, as
     * {@code ./exectrace run} starts it); its output goes to {@code log} (appended).
     */
    public static AppProcess start(final Path configFile, final int apiPort, final Path log,
                                   final List<String> jvmOptions) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.exectrace.launcher.ExectraceCommand");
        command.add("run");
        command.add("--config");
        command.add(configFile.toString());
        final ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("EXECTRACE_"));
        return new AppProcess(ChildProcesses.started(builder.start()), "http://127.0.0.1:" + apiPort);
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Base URL of the app's API. */
    public String apiUrl() {
        return apiUrl;
    }

    /** SIGKILL (what {@link Process#destroyForcibly()} sends on Linux and macOS); waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, a planned stop (the shutdown hook commits and leaves the group); SIGKILL after {@code timeout}. */
    public void stop(final Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** HTTP status of {@code GET /ready}, or -1 when the API does not answer. */
    public int readyStatus() {
        try {
            final HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The body of {@code GET path}, or null when the API does not answer 200. */
    public String get(final String path) throws InterruptedException {
        try {
            final HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            final HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? answer.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Waits until {@code /ready} answers 200; returns the time since this process was started.
     *
     * @throws IllegalStateException when the process died or did not get ready in time
     */
    public Duration awaitReady(final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app (pid " + pid() + ") exited with " + process.exitValue());
            }
            if (readyStatus() == 200) {
                return Duration.ofNanos(System.nanoTime() - startedNanos);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the app (pid " + pid() + ") was not ready within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }
}
