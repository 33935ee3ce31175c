package io.exectrace.launcher.view;

import io.exectrace.producer.InputProblem;
import io.exectrace.producer.JsonlInputs;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One JSONL source: a file or standard input. {@link #stem()} is the session that invalid lines without a
 * readable session are attributed to, as the replay producer keys them.
 *
 * @param name  what findings call it: the path as given, or {@code -} for standard input
 * @param stem  the file name without {@code .jsonl}/{@code .jsonl.gz}; {@code stdin} for standard input
 * @param file  the file, or null for standard input
 */
record LogInput(String name, String stem, Path file) {
    static final String STDIN = "-";
    private static final int BUFFER = 1 << 16;

    /** Expands {@code --path} values: files, folders of *.jsonl / *.jsonl.gz, and {@code -}. */
    static List<LogInput> expand(final List<String> paths) {
        final List<LogInput> inputs = new ArrayList<>();
        for (final String path : paths) {
            if (STDIN.equals(path)) {
                inputs.add(new LogInput(STDIN, "stdin", null));
                continue;
            }
            for (final Path file : JsonlInputs.expand(List.of(Path.of(path)))) {
                inputs.add(new LogInput(file.toString(), JsonlInputs.stem(file), file));
            }
        }
        return inputs;
    }

    /** Opens the source, gunzipping when the name ends in .gz or the bytes start with the gzip magic. */
    InputStream open(final InputStream stdin) {
        try {
            final InputStream raw = file == null ? new BufferedInputStream(stdin, BUFFER)
                    : new BufferedInputStream(Files.newInputStream(file), BUFFER);
            return isGzip(raw) ? new GZIPInputStream(raw, BUFFER) : raw;
        } catch (IOException e) {
            throw new InputProblem("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean isGzip(final InputStream in) throws IOException {
        in.mark(2);
        final int b1 = in.read();
        final int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }
}
