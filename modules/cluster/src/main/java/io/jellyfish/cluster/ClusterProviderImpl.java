package io.jellyfish.cluster;

import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.spi.ClusterProvider;
import io.jellyfish.api.spi.ServerContext;
import io.jellyfish.cluster.jgroups.CookieKey;
import org.jgroups.JChannel;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Starts this node's cluster membership. Reads the cluster's own settings: the JF_DIST_* group
 * from the configuration, plus two extensions: JF_DIST_BIND_IP (the address the cluster transport
 * binds, default JF_IP) and JF_DIST_ROOM_LISTING ({@code local}, the default as in Jellyfish
 * 0.5.0, or {@code cluster}: GET /room lists every member's rooms).
 */
public final class ClusterProviderImpl implements ClusterProvider {

    static final int DEFAULT_MIN_PORT = 9000;
    static final int DEFAULT_PORT_SPAN = 9;
    private static final String DEFAULT_COOKIE = "jellyfish_cookie";
    private static final System.Logger LOG = System.getLogger("io.jellyfish.cluster");

    @Override
    public RunningCluster start(ServerContext context, DiscoveryStrategy discovery) {
        JellyfishConfig config = context.config();
        JellyfishConfig.Distribution distribution = config.distribution();
        boolean clusterWideListing = roomListing(config);
        InetAddress bind = bindAddress(config);
        InetAddress external = bind.isAnyLocalAddress() ? hostOf(discovery.nodeName()) : null;
        int pinned = pinnedPort(discovery.nodeName());
        int minPort = pinned > 0 ? pinned : distribution.minPort().orElse(distribution.maxPort().orElse(DEFAULT_MIN_PORT));
        int maxPort = pinned > 0 ? pinned : distribution.maxPort().orElse(minPort + DEFAULT_PORT_SPAN);

        if (DEFAULT_COOKIE.equals(distribution.cookie())) {
            LOG.log(Level.WARNING, "JF_DIST_COOKIE is the well-known default: anyone who can reach ports {0}-{1} "
                    + "can join this cluster. Set the same secret JF_DIST_COOKIE on every node.", minPort, maxPort);
        }
        LOG.log(Level.INFO, discovery.describe());
        try {
            JChannel channel = ClusterStack.build(bind, external, minPort, maxPort, CookieKey.derive(distribution.cookie()),
                    discovery, ClusterStack.Timing.DEFAULT);
            ClusterNode node = new ClusterNode(channel, context.require(RoomService.class),
                    ClusterNode.Timeouts.DEFAULT, clusterWideListing);
            node.connect(discovery.nodeName());
            LOG.log(Level.INFO, "joined the cluster as \"{0}\" on {1} ({2} member(s))", discovery.nodeName(),
                    channel.getProtocolStack().getTransport().getPhysicalAddressFromCache(channel.getAddress()), node.members().size());
            return node;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the cluster transport on " + bind.getHostAddress() + ":"
                    + minPort + "-" + maxPort + " (JF_DIST_MIN_PORT/JF_DIST_MAX_PORT): " + e.getMessage(), e);
        }
    }

    private static boolean roomListing(JellyfishConfig config) {
        String listing = config.environment().getOrDefault("JF_DIST_ROOM_LISTING", "local");
        return switch (listing) {
            case "local" -> false;
            case "cluster" -> true;
            default -> throw new ConfigurationException(
                    "Bad JF_DIST_ROOM_LISTING environment variable value. Expected local or cluster, got: " + listing);
        };
    }

    private static InetAddress bindAddress(JellyfishConfig config) {
        String ip = config.environment().getOrDefault("JF_DIST_BIND_IP", config.ip());
        try {
            if (!ip.matches("[0-9a-fA-F:.]+")) {
                throw new UnknownHostException(ip);
            }
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new ConfigurationException(
                    "Bad JF_DIST_BIND_IP environment variable value. Expected valid ip address, got: " + ip);
        }
    }

    /** The port of a {@code <name>@<host>:<port>} node name, else 0. */
    static int pinnedPort(String nodeName) {
        String host = nodeName.substring(nodeName.indexOf('@') + 1);
        int colon = host.lastIndexOf(':');
        if (colon <= 0 || host.indexOf(':') != colon) {
            return 0;
        }
        try {
            return Integer.parseInt(host.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The address other members reach this node at when it binds the wildcard address. */
    private static InetAddress hostOf(String nodeName) {
        String host = nodeName.substring(nodeName.indexOf('@') + 1);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(':') == colon) {
            host = host.substring(0, colon);
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigurationException("JF_DIST_NODE_NAME: cannot resolve " + host
                    + ", the address other members use to reach this node");
        }
    }
}
