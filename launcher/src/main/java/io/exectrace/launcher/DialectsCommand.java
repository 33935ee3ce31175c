package io.exectrace.launcher;

import io.exectrace.events.Dialects;
import io.exectrace.events.InvalidDialectException;
import io.exectrace.events.ParseResult;
import io.exectrace.producer.InputProblem;
import io.exectrace.producer.LineFramer;
import io.exectrace.streams.json.ExecutionEventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code exectrace dialects}: checks a folder of dialect mapping files offline ({@code check}) and shows what each
 * line of a JSONL file becomes under them ({@code test}), as the stream ({@code dialects.dir}) and the viewer
 * ({@code view --dialects}) would read it.
 */
@Command(name = "dialects",
        mixinStandardHelpOptions = true,
        description = "Check dialect mapping files (the folder of dialects.dir) and try them on a JSONL file.",
        subcommands = {DialectsCommand.Check.class, DialectsCommand.Test.class})
final class DialectsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Loads the folder as start-up does; a bad file is one line naming it, its line and the problem. */
    static Dialects load(final Path dir) {
        try {
            return Dialects.load(dir);
        } catch (InvalidDialectException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code dialects check DIR}. */
    @Command(name = "check",
            mixinStandardHelpOptions = true,
            description = {"Check every mapping file (*.yaml) of DIR as start-up does, and list the dialects in play.",
                "Exit 0 when every file is valid, 2 with one line naming the file, the line and the problem."})
    static final class Check implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The folder of mapping files.")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            final Dialects dialects = load(dir);
            final PrintWriter out = spec.commandLine().getOut();
            for (final Dialects.Definition d : dialects.definitions()) {
                out.println(d.describe());
            }
            out.println(dialects.files().size() + " mapping file(s) in " + dir + ": valid");
            out.flush();
            return 0;
        }
    }

    /** {@code dialects test DIR FILE}. */
    @Command(name = "test",
            mixinStandardHelpOptions = true,
            description = {"Show what each line of FILE (JSONL) becomes under the dialects of DIR.",
                "Each line is the normalized event as JSON, or why the line is invalid (the reason the dead-letter "
                        + "topic would get).",
                "Exit 0 when every line is valid, 1 when some are not, 2 when DIR or FILE cannot be used."})
    static final class Test implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "The folder of mapping files.")
        Path dir;

        @Parameters(index = "1", paramLabel = "FILE", description = "A JSONL file of records.")
        Path file;

        @Spec
        CommandSpec spec;

        private int lines;
        private int invalid;

        @Override
        public Integer call() {
            final Dialects dialects = load(dir);
            final PrintWriter out = spec.commandLine().getOut();
            try (InputStream in = Files.newInputStream(file)) {
                final LineFramer framer = new LineFramer(64 * 1024);
                while (true) {
                    if (framer.next()) {
                        show(framer, dialects, out);
                        continue;
                    }
                    if (framer.full()) {
                        framer.makeRoom();
                    }
                    if (framer.read(in) < 0) {
                        if (framer.last()) {
                            show(framer, dialects, out);
                        }
                        break;
                    }
                }
            } catch (IOException e) {
                throw new InputProblem("cannot read " + file + ": " + e.getMessage(), e);
            }
            out.flush();
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + lines + " line(s), " + (lines - invalid)
                    + " valid, " + invalid + " invalid");
            return invalid == 0 ? 0 : 1;
        }

        /** One line: the normalized event as JSON, or why it is invalid. Blank lines are skipped, as everywhere. */
        private void show(final LineFramer framer, final Dialects dialects, final PrintWriter out) {
            if (LineFramer.isBlank(framer.bytes(), framer.from(), framer.to())) {
                return;
            }
            lines++;
            final ParseResult result = dialects.parser().parse(framer.bytes(), framer.from(),
                    framer.to() - framer.from());
            if (result instanceof ParseResult.Valid valid) {
                out.println(framer.lineNumber() + ": " + ExecutionEventJson.of(valid.event()));
                return;
            }
            final ParseResult.Invalid bad = (ParseResult.Invalid) result;
            invalid++;
            out.println(framer.lineNumber() + ": invalid " + bad.reason().name() + ": " + bad.detail()
                    + (bad.sessionHint() == null ? "" : " (session " + bad.sessionHint() + ")"));
        }
    }
}
