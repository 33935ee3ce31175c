package io.exectrace.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The command line's logging set-up, in code: parsing an XML configuration cost a few hundred milliseconds of
 * every command's start (a third of a small {@code view}). A {@code logback.configurationFile} system property or a
 * {@code logback-test.xml} on the class path still wins, so operators and tests can override it.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class CliLogConfigurator extends ContextAwareBase implements Configurator {

    /** Environment variable with the level of exectrace's own loggers (default INFO). */
    static final String LEVEL_VARIABLE = "EXECTRACE_LOG_LEVEL";

    /** Levels below the root's WARN; each entry says why it differs. */
    private static final Map<String, Level> LEVELS = Map.of(
            "org.apache.kafka", Level.WARN,
            // "Connection could not be established" repeats every backoff while a broker is down; the CLI says it once.
            "org.apache.kafka.clients.NetworkClient", Level.ERROR,
            "kafka", Level.WARN,
            // Logged at WARN on every fresh start of the embedded broker; not a problem.
            "org.apache.kafka.controller.QuorumController", Level.ERROR,
            // Kafka 4.3 warns about the global processing handler even when it is enabled (it is).
            "org.apache.kafka.streams.StreamsConfig", Level.ERROR,
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN);

    @Override
    public ExecutionStatus configure(final LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || getClass().getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, System.getenv(LEVEL_VARIABLE));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Configures {@code context}: WARN and above to stderr, exectrace's own loggers at {@code ownLevel}. */
    static void apply(final LoggerContext context, final String ownLevel) {
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
        encoder.start();
        // CLI output goes to stdout directly; logs are for diagnosis, on stderr, and quiet by default.
        final ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        final ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        final AuthenticationStackTraces authentication = new AuthenticationStackTraces();
        authentication.setContext(context);
        authentication.start();
        context.addTurboFilter(authentication);
        context.getLogger("io.exectrace").setLevel(ownLevel(ownLevel));
    }

    /** The level named by {@code value}, INFO when unset or not a level name. */
    static Level ownLevel(final String value) {
        return value == null || value.isBlank() ? Level.INFO : Level.toLevel(value.trim(), Level.INFO);
    }
}
