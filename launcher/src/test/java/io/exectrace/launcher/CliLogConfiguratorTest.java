package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CliLogConfiguratorTest {

    @Test
    void quietByDefaultWithExectraceAtInfoOnStderr() {
        final LoggerContext context = new LoggerContext();
        CliLogConfigurator.apply(context, null);

        final ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class,
                appender -> assertThat(appender.getTarget()).isEqualTo("System.err"));
        assertThat(context.getLogger("io.exectrace.streams.X").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.apache.kafka.clients.NetworkClient").getEffectiveLevel())
                .isEqualTo(Level.ERROR);
        assertThat(context.getLogger("org.apache.kafka.streams.KafkaStreams").getEffectiveLevel())
                .isEqualTo(Level.WARN);
    }

    @Test
    void ownLevelFromTheEnvironmentVariableFallsBackToInfo() {
        assertThat(CliLogConfigurator.ownLevel("debug")).isEqualTo(Level.DEBUG);
        assertThat(CliLogConfigurator.ownLevel(" WARN ")).isEqualTo(Level.WARN);
        assertThat(CliLogConfigurator.ownLevel("loud")).isEqualTo(Level.INFO);
        assertThat(CliLogConfigurator.ownLevel("")).isEqualTo(Level.INFO);
    }

    @Test
    void registeredForLogbacksServiceLoader() {
        assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(ServiceLoader.Provider::type))
                .contains(CliLogConfigurator.class);
    }
}
