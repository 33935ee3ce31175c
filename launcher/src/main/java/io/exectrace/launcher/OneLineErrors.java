package io.exectrace.launcher;

import io.exectrace.launcher.view.ApiUnavailable;
import io.exectrace.producer.DeliveryProblem;
import io.exectrace.producer.InputProblem;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns a failed command into one clear line on stderr and a non-zero exit code; the stack trace goes to
 * the debug log only, never as the only message.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    /** Exit code for bad input: a missing file, an unreadable folder, a bad option value. */
    static final int BAD_INPUT = 2;
    /** Exit code when Kafka (or the exectrace API) cannot be reached or does not accept the request. */
    static final int KAFKA_UNAVAILABLE = 3;
    /** Exit code for anything unexpected. */
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(final Exception e, final CommandLine commandLine,
                                        final CommandLine.ParseResult parseResult) {
        // Looked up here, not in a static field: a command that succeeds never pays for the logging set-up.
        final Logger log = LoggerFactory.getLogger(OneLineErrors.class);
        log.debug("command failed", e);
        final String prefix = commandLine.getCommandSpec().qualifiedName() + ": ";
        commandLine.getErr().println(prefix + message(e));
        commandLine.getErr().flush();
        return exitCode(e);
    }

    /** A bad option or argument: one line naming the problem and where help is, exit code {@link #BAD_INPUT}. */
    @Override
    public int handleParseException(final CommandLine.ParameterException e, final String[] args) {
        final CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": "
                + message(e).replace('\n', ' ').strip() + " (see --help)");
        commandLine.getErr().flush();
        return BAD_INPUT;
    }

    static int exitCode(final Throwable e) {
        if (e instanceof InputProblem || e instanceof IllegalArgumentException) {
            return BAD_INPUT;
        }
        if (e instanceof KafkaUnavailable || e instanceof DeliveryProblem || e instanceof KafkaException
                || e instanceof ApiUnavailable) {
            return KAFKA_UNAVAILABLE;
        }
        return FAILED;
    }

    static String message(final Throwable e) {
        final String text = e.getMessage();
        if (text == null || text.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return text;
    }
}
