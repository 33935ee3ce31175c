package io.exectrace.launcher;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/** Words for a refused connection: which of login, certificate or host name went wrong, and what to check. */
final class KafkaSecurityProblem {
    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private KafkaSecurityProblem() {
    }

    /** One line naming the cause, without the stack trace. */
    static String describe(final AuthenticationException refused, final String bootstrapServers,
                           final Map<?, ?> clientProperties) {
        if (refused instanceof SaslAuthenticationException) {
            return "Kafka at " + bootstrapServers + " refused the login of " + principal(clientProperties) + " ("
                    + value(clientProperties, "sasl.mechanism", "GSSAPI") + "): wrong user name or password";
        }
        if (refused instanceof SslAuthenticationException) {
            for (Throwable t = refused; t != null; t = t.getCause()) {
                final String message = String.valueOf(t.getMessage());
                if (message.contains("No subject alternative") || message.contains("doesn't match")) {
                    return "TLS handshake with Kafka at " + bootstrapServers + " failed: the broker's certificate "
                            + "does not name this host (" + message + ")";
                }
                if (t instanceof java.security.cert.CertificateException
                        || t instanceof java.security.cert.CertPathValidatorException
                        || message.contains("PKIX") || message.contains("unable to find valid certification path")) {
                    return "TLS handshake with Kafka at " + bootstrapServers + " failed: the broker's certificate is "
                            + "not trusted (set ssl.truststore.location to the cluster's trust store; now "
                            + value(clientProperties, "ssl.truststore.location", "the JVM's default trust store")
                            + ")";
                }
            }
            return "TLS handshake with Kafka at " + bootstrapServers + " failed: " + refused.getMessage();
        }
        return "Kafka at " + bootstrapServers + " refused the connection: " + refused.getMessage();
    }

    /** {@code user "NAME"} from the JAAS configuration, or what is known about the client. */
    static String principal(final Map<?, ?> clientProperties) {
        final Object jaas = clientProperties.get("sasl.jaas.config");
        if (jaas != null) {
            final Matcher user = USERNAME.matcher(jaas.toString());
            if (user.find()) {
                return "user \"" + user.group(1) + "\"";
            }
        }
        return "this client";
    }

    private static String value(final Map<?, ?> props, final String key, final String fallback) {
        final Object value = props.get(key);
        return value == null ? fallback : value.toString();
    }
}
