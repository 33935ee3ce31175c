package io.exectrace.launcher.view;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.producer.InputProblem;
import io.exectrace.producer.JsonlLineReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Streams every non-blank line of the inputs through the event parser, one line in memory at a time, and hands
 * each result to a {@link Visitor} with where it came from. Files are read in the order given.
 */
final class LogScan {

    /** Receives each parsed line. */
    interface Visitor {
        /**
         * @param result the parse result
         * @param input  the source
         * @param line   1-based line number in the source (blank lines count)
         * @return false to stop reading (a limit was reached)
         */
        boolean line(ParseResult result, LogInput input, long line);
    }

    private final List<LogInput> inputs;
    private final InputStream stdin;
    private final ExecutionEventParser parser = new ExecutionEventParser();

    LogScan(final List<LogInput> inputs, final InputStream stdin) {
        this.inputs = inputs;
        this.stdin = stdin;
    }

    /**
     * Reads everything, or until the visitor says stop; an I/O failure (unreadable file, corrupt gzip) is an
     * {@link InputProblem}.
     */
    void run(final Visitor visitor) {
        for (final LogInput input : inputs) {
            try (JsonlLineReader reader = new JsonlLineReader(input.open(stdin))) {
                byte[] line;
                while ((line = reader.next()) != null) {
                    if (!visitor.line(parser.parse(line), input, reader.lineNumber())) {
                        return;
                    }
                }
            } catch (IOException e) {
                throw new InputProblem("cannot read " + input.name() + ": " + e.getMessage(), e);
            }
        }
    }
}
