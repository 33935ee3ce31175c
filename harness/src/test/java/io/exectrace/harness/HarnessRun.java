package io.exectrace.harness;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of {@code exectrace ...} as a repository checkout runs it ({@link HarnessCommand}), in this JVM.
 *
 * @param exitCode the exit code
 * @param out      standard output
 * @param err      standard error
 */
record HarnessRun(int exitCode, String out, String err) {

    static HarnessRun of(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = HarnessCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        return new HarnessRun(exitCode, out.toString(), err.toString());
    }
}
