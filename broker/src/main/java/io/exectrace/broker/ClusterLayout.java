package io.exectrace.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.common.Uuid;

/**
 * What every node of a multi-node cluster must agree on and keep across restarts: the cluster id, each node's
 * ports (the static controller voter set names them) and the generated secrets. Stored as {@code cluster.properties}
 * (readable by the owner only) in the cluster's directory; a restart on the same directory reuses it, so a killed
 * node comes back on its old ports and clients keep their credentials.
 *
 * @param nodes          each node's ports, node id = index + 1
 * @param adminPassword  the SCRAM password of the super user {@link #ADMIN_USER} (secure clusters)
 * @param storePassword  the password of the TLS stores (secure clusters)
 * @param userPasswords  SCRAM users created at start and their passwords
 */
record ClusterLayout(String clusterId, boolean secure, List<NodePorts> nodes, String adminPassword,
                     String storePassword, Map<String, String> userPasswords) {

    static final String FILE_NAME = "cluster.properties";
    static final String ADMIN_USER = "admin";

    /** The ports one node listens on, all on 127.0.0.1. */
    record NodePorts(int client, int internal, int controller) {
    }

    ClusterLayout {
        nodes = List.copyOf(nodes);
        userPasswords = Map.copyOf(userPasswords);
    }

    /** The layout stored in {@code directory}, or a new one (written there) for {@code nodeCount} nodes. */
    static ClusterLayout loadOrCreate(Path directory, int nodeCount, boolean secure, int firstClientPort) {
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            ClusterLayout stored = read(file);
            if (stored.nodes.size() != nodeCount || stored.secure != secure) {
                throw new BrokerStartException("cluster directory " + directory + " holds a " + stored.describe()
                        + " cluster; start it with the same node count and security, or use another directory");
            }
            return stored;
        }
        List<NodePorts> nodes = new ArrayList<>();
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            int client = firstClientPort == 0 ? pickFree(taken) : firstClientPort + i;
            taken.add(client);
            int internal = pickFree(taken);
            taken.add(internal);
            int controller = pickFree(taken);
            taken.add(controller);
            nodes.add(new NodePorts(client, internal, controller));
        }
        ClusterLayout layout = new ClusterLayout(Uuid.randomUuid().toString(), secure, nodes, randomSecret(),
                randomSecret(), Map.of());
        layout.store(directory);
        return layout;
    }

    /** The layout stored in {@code directory} by an earlier start or {@link EmbeddedKafkaCluster#prepare}. */
    static ClusterLayout load(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            throw new BrokerStartException("no cluster in " + directory + ": " + FILE_NAME + " is missing");
        }
        return read(file);
    }

    /** This layout with a SCRAM user added (a random password) unless it is there already. */
    ClusterLayout withUser(String user) {
        if (userPasswords.containsKey(user)) {
            return this;
        }
        Map<String, String> users = new TreeMap<>(userPasswords);
        users.put(user, randomSecret());
        return new ClusterLayout(clusterId, secure, nodes, adminPassword, storePassword, users);
    }

    String describe() {
        return nodes.size() + "-node " + (secure ? "secured" : "plaintext");
    }

    void store(Path directory) {
        Properties props = new Properties();
        props.setProperty("cluster.id", clusterId);
        props.setProperty("secure", Boolean.toString(secure));
        props.setProperty("nodes", Integer.toString(nodes.size()));
        for (int i = 0; i < nodes.size(); i++) {
            NodePorts ports = nodes.get(i);
            String prefix = "node." + (i + 1) + ".";
            props.setProperty(prefix + "client.port", Integer.toString(ports.client));
            props.setProperty(prefix + "internal.port", Integer.toString(ports.internal));
            props.setProperty(prefix + "controller.port", Integer.toString(ports.controller));
        }
        props.setProperty("admin.password", adminPassword);
        props.setProperty("store.password", storePassword);
        userPasswords.forEach((user, password) -> props.setProperty("user." + user + ".password", password));
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve(FILE_NAME + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary);
            ownerOnly(temporary);
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                props.store(out, "exectrace cluster: ports and generated secrets; keep private");
            }
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BrokerStartException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static ClusterLayout read(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
            int count = Integer.parseInt(required(props, "nodes", file));
            List<NodePorts> nodes = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                nodes.add(new NodePorts(port(props, "node." + i + ".client.port", file),
                        port(props, "node." + i + ".internal.port", file),
                        port(props, "node." + i + ".controller.port", file)));
            }
            Map<String, String> users = new TreeMap<>();
            for (String name : props.stringPropertyNames()) {
                if (name.startsWith("user.") && name.endsWith(".password")) {
                    users.put(name.substring("user.".length(), name.length() - ".password".length()),
                            props.getProperty(name));
                }
            }
            return new ClusterLayout(required(props, "cluster.id", file),
                    Boolean.parseBoolean(required(props, "secure", file)), nodes,
                    required(props, "admin.password", file), required(props, "store.password", file), users);
        } catch (IOException | NumberFormatException e) {
            throw new BrokerStartException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties props, String key, Path file) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new BrokerStartException("cannot read " + file + ": " + key + " is missing");
        }
        return value;
    }

    private static int port(Properties props, String key, Path file) {
        return Integer.parseInt(required(props, key, file));
    }

    private static int pickFree(List<Integer> taken) {
        int candidate = LoopbackPorts.pickFree();
        while (taken.contains(candidate)) {
            candidate = LoopbackPorts.pickFree();
        }
        return candidate;
    }

    /** 24 random letters and digits: safe inside a JAAS string and a properties file without quoting. */
    static String randomSecret() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder secret = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return secret.toString();
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the directory's own permissions apply.
        }
    }
}
