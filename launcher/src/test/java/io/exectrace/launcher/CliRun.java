package io.exectrace.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * One run of {@code exectrace ...} in this JVM, through the real command line with its error handler.
 *
 * @param exitCode the exit code
 * @param out      standard output
 * @param err      standard error
 */
record CliRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CliRun of(final String... args) {
        return withStdin(null, args);
    }

    /** Runs with {@code stdin} as standard input (the command reads System.in as it is when it is built). */
    static synchronized CliRun withStdin(final byte[] stdin, final String... args) {
        final InputStream original = System.in;
        if (stdin != null) {
            System.setIn(new ByteArrayInputStream(stdin));
        }
        try {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final CommandLine commandLine = ExectraceCommand.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            final int exitCode = commandLine.execute(args);
            return new CliRun(exitCode, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }

    /** Standard output's lines, without the empty ones. */
    List<String> lines() {
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Standard output as JSON lines. */
    List<JsonNode> json() {
        final List<JsonNode> nodes = new ArrayList<>();
        for (final String line : lines()) {
            try {
                nodes.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return nodes;
    }
}
