package io.exectrace.streams.config;

import java.util.Locale;

/**
 * One typed configuration key: its properties-file name, the environment variable that overrides it,
 * its default and a one-line description for the README table.
 *
 * @param property     name in the properties file, e.g. {@code bootstrap.servers}
 * @param defaultValue default as text, or {@code null} when there is none
 * @param description  what the key controls
 * @param secret       true when the value must never be printed
 */
public record ConfigKey(String property, String defaultValue, String description, boolean secret) {

    /** Prefix of every environment variable the configuration reads. */
    public static final String ENV_PREFIX = "EXECTRACE_";

    /** {@code bootstrap.servers} → {@code EXECTRACE_BOOTSTRAP_SERVERS}. */
    public String environmentVariable() {
        return toEnvironmentVariable(property);
    }

    static String toEnvironmentVariable(final String property) {
        return ENV_PREFIX + property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The value as it may be shown in logs and error messages. */
    String printable(final String value) {
        return secret ? "<redacted>" : "\"" + value + "\"";
    }
}
