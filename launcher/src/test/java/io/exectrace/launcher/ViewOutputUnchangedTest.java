package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code view --summary --json}, {@code --chains --json} and {@code --check} print, byte for byte and with the
 * same exit code, what the viewer printed before its performance work (issue #17): over four synthetic logs
 * (8, 200 and 2 000 sessions, and 4 sessions over 36 s of event time so chains time out) and every fixture of the
 * time, one by one and as a folder (the files that were in it then). The expected outputs were recorded with main's
 * build before that work (see the README
 * in {@code src/test/resources/view-equality}): they guard against changed answers, not against wrong ones.
 */
class ViewOutputUnchangedTest {
    private static final String RESOURCES = "/view-equality/";
    /** Where the synthetic logs are unpacked: a path relative to the module, as the recorded outputs name them. */
    private static final Path UNPACKED = Path.of("target", "view-equality");

    /**
     * The fixtures there were at 3e41bc2, sorted: the case {@code fixtures-dir} views them as the folder listed
     * them then (fixtures added later, such as {@code execution_event_v1}, have no recorded output).
     */
    static final List<String> RECORDED_FIXTURES = List.of("emitter_style", "golden_session_bad_lines",
            "golden_session_latency", "golden_session_ok", "golden_session_tail", "ledger_v1");

    /** One recorded run: the input's name, the mode and the exit code it had. */
    record Case(String name, String mode, int exitCode) {
        String path() {
            if (name.startsWith("synth-")) {
                return UNPACKED.resolve(name + ".jsonl").toString();
            }
            // The folder as it was when the outputs were recorded: its fixtures, in the order the folder lists them.
            return name.equals("fixtures-dir")
                    ? String.join(",", RECORDED_FIXTURES.stream().map(f -> "../fixtures/" + f + ".jsonl").toList())
                    : "../fixtures/" + name + ".jsonl";
        }

        String[] args() {
            return switch (mode) {
                case "summary" -> new String[] {"view", "--path", path(), "--summary", "--json"};
                case "chains" -> new String[] {"view", "--path", path(), "--chains", "--json"};
                case "check" -> new String[] {"view", "--path", path(), "--check"};
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            };
        }

        @Override
        public String toString() {
            return name + " " + mode;
        }
    }

    static List<Case> cases() {
        final List<Case> cases = new ArrayList<>();
        for (final String line : text("exit-codes.txt").split("\n")) {
            if (!line.isBlank()) {
                final String[] f = line.trim().split(" ");
                cases.add(new Case(f[0], f[1], Integer.parseInt(f[2])));
            }
        }
        return cases;
    }

    @BeforeAll
    static void unpackSyntheticLogs() throws IOException {
        Files.createDirectories(UNPACKED);
        for (final String name : List.of("synth-s8", "synth-s200", "synth-s2000", "synth-s4-long")) {
            Files.write(UNPACKED.resolve(name + ".jsonl"), gunzip(name + ".jsonl.gz"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsWhatTheViewerPrintedBefore(final Case c) {
        final CliRun run = CliRun.of(c.args());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(c.exitCode());
        final String expected = new String(gunzip(c.name() + "." + c.mode() + ".out.gz"), StandardCharsets.UTF_8);
        // Not assertThat(..).isEqualTo: a megabyte-long diff helps nobody; the first differing line does.
        if (!run.out().equals(expected)) {
            final String[] want = expected.split("\n", -1);
            final String[] got = run.out().split("\n", -1);
            int i = 0;
            while (i < Math.min(want.length, got.length) && want[i].equals(got[i])) {
                i++;
            }
            assertThat(i < got.length ? got[i] : "<end of output>")
                    .as("%s: line %d of %d (expected %d lines)", c, i + 1, got.length, want.length)
                    .isEqualTo(i < want.length ? want[i] : "<end of output>");
        }
    }

    private static String text(final String resource) {
        try (InputStream in = resource(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gunzip(final String resource) {
        try (InputStream in = new GZIPInputStream(resource(resource))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(final String name) {
        return Objects.requireNonNull(ViewOutputUnchangedTest.class.getResourceAsStream(RESOURCES + name), name);
    }
}
