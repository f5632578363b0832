package io.jellyfish.strategy.nodeslist;

import java.util.Locale;
import java.util.Optional;

/**
 * One node name as written in JF_DIST_NODES: {@code <name>@<host>}, or {@code <name>@<host>:<port>}
 * to pin the member's cluster port. A host with several colons is an IPv6 address and pins
 * nothing, the same reading the configuration module gives JF_DIST_NODE_NAME.
 *
 * @param text the entry as written, which is the member's node name
 * @param name the part before {@code @}
 * @param host the host to connect to, without the pinned port
 * @param port the pinned port, or 0 when the port range is to be probed
 */
record NodeListEntry(String text, String name, String host, int port) {

    /** Empty when {@code text} is not a node name the cluster layer could connect to. */
    static Optional<NodeListEntry> parse(String text) {
        String[] parts = text.split("@", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        String name = parts[0];
        String hostPart = parts[1];
        int colon = hostPart.indexOf(':');
        if (colon < 0 || colon != hostPart.lastIndexOf(':')) {
            return Optional.of(new NodeListEntry(text, name, hostPart, 0));
        }
        String host = hostPart.substring(0, colon);
        int port = parsePort(hostPart.substring(colon + 1));
        return host.isEmpty() || port == 0 ? Optional.empty() : Optional.of(new NodeListEntry(text, name, host, port));
    }

    /**
     * Whether both name the same member. Names are unique in a cluster, so a pinned port does not
     * make another member; host names are compared as DNS does, ignoring case.
     */
    boolean sameNode(NodeListEntry other) {
        return name.equals(other.name) && host.toLowerCase(Locale.ROOT).equals(other.host.toLowerCase(Locale.ROOT));
    }

    /** The port, or 0 when the text is not a plain decimal in 1..65535. */
    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        int port = Integer.parseInt(text);
        return port <= 65535 ? port : 0;
    }
}
