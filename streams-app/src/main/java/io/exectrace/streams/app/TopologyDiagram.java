package io.exectrace.streams.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Renders {@link Topology#describe()} for docs/architecture.md: a mermaid flowchart (nodes, the topics they read
 * and write, the stores they use) and a table of nodes. Generated from the real topology, so the document can be
 * checked against the code.
 */
final class TopologyDiagram {

    private TopologyDiagram() {
    }

    /** A mermaid {@code flowchart TD} of every sub-topology, topics as stadiums and stores as cylinders. */
    static String mermaid(final Topology topology) {
        final TopologyDescription description = topology.describe();
        final StringBuilder out = new StringBuilder("flowchart TD\n");
        final Set<String> topics = new TreeSet<>();
        final Set<String> stores = new TreeSet<>();
        for (final TopologyDescription.Subtopology sub : sorted(description)) {
            out.append("  subgraph sub").append(sub.id()).append(" [\"sub-topology ").append(sub.id())
                    .append("\"]\n");
            for (final TopologyDescription.Node node : nodes(sub)) {
                out.append("    ").append(id(node.name())).append("[\"").append(node.name()).append("\"]\n");
            }
            out.append("  end\n");
            for (final TopologyDescription.Node node : nodes(sub)) {
                if (node instanceof TopologyDescription.Source source) {
                    for (final String topic : source.topicSet()) {
                        topics.add(topic);
                        out.append("  ").append(topicId(topic)).append(" --> ").append(id(node.name())).append('\n');
                    }
                }
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    topics.add(sink.topic());
                    out.append("  ").append(id(node.name())).append(" --> ").append(topicId(sink.topic()))
                            .append('\n');
                }
                if (node instanceof TopologyDescription.Processor processor) {
                    for (final String store : new TreeSet<>(processor.stores())) {
                        stores.add(store);
                        out.append("  ").append(id(node.name())).append(" -.- ").append(storeId(store))
                                .append('\n');
                    }
                }
                for (final TopologyDescription.Node next : sortedByName(node.successors())) {
                    out.append("  ").append(id(node.name())).append(" --> ").append(id(next.name())).append('\n');
                }
            }
        }
        for (final String topic : topics) {
            out.append("  ").append(topicId(topic)).append("([\"topic: ").append(topic).append("\"])\n");
        }
        for (final String store : stores) {
            out.append("  ").append(storeId(store)).append("[(\"store: ").append(store).append("\")]\n");
        }
        return out.toString();
    }

    /** A markdown table: sub-topology, node, kind, topics or stores, successors. */
    static String table(final Topology topology) {
        final StringBuilder out = new StringBuilder("| sub-topology | node | kind | topics / stores | next |\n"
                + "| --- | --- | --- | --- | --- |\n");
        for (final TopologyDescription.Subtopology sub : sorted(topology.describe())) {
            for (final TopologyDescription.Node node : nodes(sub)) {
                final String kind;
                final String io;
                if (node instanceof TopologyDescription.Source source) {
                    kind = "source";
                    io = String.join(", ", new TreeSet<>(source.topicSet()));
                } else if (node instanceof TopologyDescription.Sink sink) {
                    kind = "sink";
                    io = String.valueOf(sink.topic());
                } else {
                    kind = "processor";
                    io = String.join(", ", new TreeSet<>(((TopologyDescription.Processor) node).stores()));
                }
                final List<String> next = new ArrayList<>();
                sortedByName(node.successors()).forEach(n -> next.add(n.name()));
                out.append("| ").append(sub.id()).append(" | `").append(node.name()).append("` | ").append(kind)
                        .append(" | ").append(io.isEmpty() ? "" : "`" + io.replace(", ", "`, `") + "`")
                        .append(" | ").append(String.join(", ", next)).append(" |\n");
            }
        }
        return out.toString();
    }

    private static List<TopologyDescription.Subtopology> sorted(final TopologyDescription description) {
        final List<TopologyDescription.Subtopology> subs = new ArrayList<>(description.subtopologies());
        subs.sort(Comparator.comparingInt(TopologyDescription.Subtopology::id));
        return subs;
    }

    /** Nodes of a sub-topology in data-flow order: depth first from each source, names breaking ties. */
    private static List<TopologyDescription.Node> nodes(final TopologyDescription.Subtopology sub) {
        final List<TopologyDescription.Node> ordered = new ArrayList<>();
        final Set<String> seen = new java.util.HashSet<>();
        final java.util.Deque<TopologyDescription.Node> stack = new java.util.ArrayDeque<>();
        final List<TopologyDescription.Node> sources = new ArrayList<>(sub.nodes().stream()
                .filter(n -> n.predecessors().isEmpty()).toList());
        // The topic source first: the repartition source re-enters the flow the topic source starts.
        sources.sort(Comparator.comparing((TopologyDescription.Node n) -> n.name().contains("repartition"))
                .thenComparing(TopologyDescription.Node::name));
        for (int i = sources.size() - 1; i >= 0; i--) {
            stack.push(sources.get(i));
        }
        while (!stack.isEmpty()) {
            final TopologyDescription.Node node = stack.pop();
            if (seen.add(node.name())) {
                ordered.add(node);
                final List<TopologyDescription.Node> next = sortedByName(node.successors());
                for (int i = next.size() - 1; i >= 0; i--) {
                    stack.push(next.get(i));
                }
            }
        }
        return ordered;
    }

    private static List<TopologyDescription.Node> sortedByName(final Set<TopologyDescription.Node> nodes) {
        final List<TopologyDescription.Node> list = new ArrayList<>(nodes);
        list.sort(Comparator.comparing(TopologyDescription.Node::name));
        return list;
    }

    private static String id(final String name) {
        return "n_" + name.replaceAll("[^A-Za-z0-9]", "_");
    }

    private static String topicId(final String topic) {
        return "t_" + topic.replaceAll("[^A-Za-z0-9]", "_");
    }

    private static String storeId(final String store) {
        return "s_" + store.replaceAll("[^A-Za-z0-9]", "_");
    }
}
