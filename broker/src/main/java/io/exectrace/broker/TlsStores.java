package io.exectrace.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TLS identity every node of a secured cluster presents: one self-signed certificate for 127.0.0.1 and
 * {@code localhost} in a PKCS12 key store, and a trust store holding only that certificate. Generated with the
 * JDK's {@code keytool} on first start into the cluster's own directory, so no key is ever part of the source
 * tree; later starts reuse them, so clients keep trusting the cluster.
 *
 * @param keyStore   the nodes' key store (also their client certificate towards each other)
 * @param trustStore what clients need to trust the cluster
 * @param password   password of both stores and of the key
 */
public record TlsStores(Path keyStore, Path trustStore, String password) {

    /** Distinguished name of the nodes' certificate; {@code User:CN=exectrace-broker} is their principal. */
    public static final String NODE_DISTINGUISHED_NAME = "CN=exectrace-broker";
    /** The store type, for {@code ssl.truststore.type} and {@code ssl.keystore.type}. */
    public static final String STORE_TYPE = "PKCS12";

    static final String KEY_STORE_FILE = "node.keystore.p12";
    static final String TRUST_STORE_FILE = "truststore.p12";
    private static final String ALIAS = "exectrace-broker";
    private static final String PASSWORD_VARIABLE = "EXECTRACE_TLS_STORE_PASSWORD";

    /** The stores in {@code directory}, generated there first when absent. */
    static TlsStores createIfMissing(Path directory, String password) {
        TlsStores stores = new TlsStores(directory.resolve(KEY_STORE_FILE), directory.resolve(TRUST_STORE_FILE),
                password);
        if (Files.exists(stores.keyStore) && Files.exists(stores.trustStore)) {
            return stores;
        }
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(stores.keyStore);
            generateKeyPair(stores);
            writeTrustStore(stores);
            return stores;
        } catch (IOException | GeneralSecurityException e) {
            throw new BrokerStartException("cannot create the TLS stores in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Runs keytool; the password reaches it through the environment, never on a command line others can read. */
    private static void generateKeyPair(TlsStores stores) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder command = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", NODE_DISTINGUISHED_NAME, "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "3650",
                "-storetype", STORE_TYPE, "-keystore", stores.keyStore.toString(),
                "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE))
                .redirectErrorStream(true);
        command.environment().put(PASSWORD_VARIABLE, stores.password);
        Process process = command.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    private static void writeTrustStore(TlsStores stores) throws IOException, GeneralSecurityException {
        char[] password = stores.password.toCharArray();
        KeyStore keys = KeyStore.getInstance(STORE_TYPE);
        try (InputStream in = Files.newInputStream(stores.keyStore)) {
            keys.load(in, password);
        }
        Certificate certificate = keys.getCertificate(ALIAS);
        KeyStore trust = KeyStore.getInstance(STORE_TYPE);
        trust.load(null, password);
        trust.setCertificateEntry(ALIAS, certificate);
        try (OutputStream out = Files.newOutputStream(stores.trustStore)) {
            trust.store(out, password);
        }
    }
}
