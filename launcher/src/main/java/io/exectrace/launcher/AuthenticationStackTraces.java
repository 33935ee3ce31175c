package io.exectrace.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Marker;

/**
 * Drops Kafka clients' own log events about a refused login or TLS handshake (most carry a stack trace, all repeat
 * per connection attempt): exectrace reports the same cause as one line (the command's error, or the broker watch's
 * warning).
 */
final class AuthenticationStackTraces extends TurboFilter {

    @Override
    public FilterReply decide(final Marker marker, final Logger logger, final Level level, final String format,
                              final Object[] params, final Throwable t) {
        if (!logger.getName().startsWith("org.apache.kafka")) {
            return FilterReply.NEUTRAL;
        }
        if (format != null && format.contains("failed authentication due to")) {
            return FilterReply.DENY;
        }
        Throwable thrown = t;
        if (thrown == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
            thrown = last;
        }
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
