package io.jellyfish.strategy.nodeslist;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.config.JellyfishConfig.Distribution;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The members listed in JF_DIST_NODES. The list is read once at start: the cluster layer keeps
 * probing the same candidates, so a member listed here that starts later is still found.
 */
final class NodesListStrategy implements DiscoveryStrategy {
    static final String NODES_VARIABLE = "JF_DIST_NODES";
    static final String EMPTY_LIST_WARNING = "NODES_LIST strategy requires JF_DIST_NODES to be set by at least one"
            + " Jellyfish instance. This instance has JF_DIST_NODES unset.";

    private final Distribution distribution;
    private final List<NodeListEntry> listed;
    private final List<Candidate> candidates;

    private NodesListStrategy(Distribution distribution, List<NodeListEntry> listed, List<Candidate> candidates) {
        this.distribution = distribution;
        this.listed = listed;
        this.candidates = candidates;
    }

    /**
     * Never fails: 0.5.0 does not validate the list, so a malformed entry or an empty list is a
     * warning, and this node can still be joined by members that list it.
     */
    static NodesListStrategy from(JellyfishConfig config, Logger logger) {
        Distribution distribution = config.distribution();
        List<NodeListEntry> listed = readList(config.environment().getOrDefault(NODES_VARIABLE, ""), logger);
        Optional<NodeListEntry> self = NodeListEntry.parse(distribution.nodeName());
        List<Candidate> candidates = listed.stream()
                .filter(entry -> !isSelf(entry, distribution.nodeName(), self))
                .map(entry -> new Candidate(entry.text(), entry.host(), entry.port()))
                .toList();
        return new NodesListStrategy(distribution, listed, candidates);
    }

    /** The well-formed entries in the order written, each once; malformed ones are warned about once. */
    private static List<NodeListEntry> readList(String value, Logger logger) {
        // Split on any whitespace, not only spaces: a list written over several lines (YAML, a
        // shell continuation) must not glue two names together with a newline.
        Map<String, NodeListEntry> entries = new LinkedHashMap<>();
        Set<String> malformed = new LinkedHashSet<>();
        for (String item : value.strip().split("\\s+")) {
            if (item.isEmpty() || entries.containsKey(item)) {
                continue;
            }
            NodeListEntry.parse(item).ifPresentOrElse(entry -> entries.put(item, entry), () -> malformed.add(item));
        }
        for (String item : malformed) {
            logger.log(Level.WARNING, "ignoring " + NODES_VARIABLE + " entry \"" + ConfigurationException.printable(item)
                    + "\": expected <name>@<host>[:<port>]");
        }
        if (entries.isEmpty() && malformed.isEmpty()) {
            logger.log(Level.WARNING, EMPTY_LIST_WARNING);
        }
        return List.copyOf(entries.values());
    }

    /** The node's own name may be in the list, so that every node can be given the same list. */
    private static boolean isSelf(NodeListEntry entry, String nodeName, Optional<NodeListEntry> self) {
        return entry.text().equals(nodeName) || self.map(entry::sameNode).orElse(false);
    }

    @Override
    public String nodeName() {
        return distribution.nodeName();
    }

    @Override
    public List<Candidate> candidates() {
        return candidates;
    }

    /** The 0.5.0 start-up line in this server's words; the cookie is a secret and never shown. */
    @Override
    public String describe() {
        String hosts = listed.stream().map(NodeListEntry::text).collect(Collectors.joining(", "));
        return ConfigurationException.printable("Distribution config: [enabled: true, mode: "
                + distribution.mode().name().toLowerCase(Locale.ROOT) + ", strategy: "
                + NodesListStrategyProvider.NAME + ", node_name: " + distribution.nodeName()
                + ", strategy_config: [hosts: [" + hosts + "]]]");
    }
}
