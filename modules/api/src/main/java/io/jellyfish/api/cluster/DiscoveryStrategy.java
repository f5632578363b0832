package io.jellyfish.api.cluster;

import java.util.List;

/**
 * A running discovery strategy: it tells the cluster layer this node's name and where other
 * members may be listening right now. The cluster layer asks again whenever it looks for members
 * (at start, and periodically to merge partitions and pick up late joiners), so a strategy whose
 * answer changes (DNS) only has to keep {@link #candidates()} current.
 */
public interface DiscoveryStrategy extends AutoCloseable {

    /**
     * This node's name, {@code <name>@<host>}; with the DNS strategy the host is resolved to an
     * address. Used as the member's name in the cluster and in log lines.
     */
    String nodeName();

    /** Hosts to probe for other members (this node may be among them; it is skipped). */
    List<Candidate> candidates();

    /** One line for the start-up log describing the strategy's settings (no secrets). */
    String describe();

    @Override
    default void close() {
    }

    /**
     * A place another member may listen.
     *
     * @param nodeName the member's name when known ({@code <name>@<host>}), else null
     * @param host     host name or address to connect to
     * @param port     the cluster port when pinned ({@code <name>@<host>:<port>}), else 0: probe the
     *                 JF_DIST_MIN_PORT..JF_DIST_MAX_PORT range
     */
    record Candidate(String nodeName, String host, int port) {}
}
