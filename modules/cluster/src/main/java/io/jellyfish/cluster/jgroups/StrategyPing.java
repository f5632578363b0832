package io.jellyfish.cluster.jgroups;

import io.jellyfish.api.cluster.DiscoveryStrategy;
import org.jgroups.Address;
import org.jgroups.PhysicalAddress;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.TCPPING;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.Responses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Discovery through the strategy plugin: before every discovery run (at join, and whenever the
 * merge protocol looks for other partitions) the plugin's current candidates are expanded over
 * the cluster port range and probed, so hosts that appear later (DNS) are found without a restart.
 */
public final class StrategyPing extends TCPPING {

    public static final short PROTOCOL_ID = 3902;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, StrategyPing.class);
    }

    private final DiscoveryStrategy strategy;
    private final int minPort;
    private final int maxPort;

    public StrategyPing(DiscoveryStrategy strategy, int minPort, int maxPort) {
        this.strategy = strategy;
        this.minPort = minPort;
        this.maxPort = maxPort;
        this.id = PROTOCOL_ID;
        this.port_range = 0; // the range is expanded here, per candidate
        this.initial_hosts_set_programmatically = true;
    }

    @Override
    public void findMembers(List<Address> members, boolean initialDiscovery, Responses responses) {
        initial_hosts = probeTargets();
        super.findMembers(members, initialDiscovery, responses);
    }

    /** Every candidate host on its pinned port, or on every port of the range. */
    List<PhysicalAddress> probeTargets() {
        Set<PhysicalAddress> targets = new LinkedHashSet<>();
        for (DiscoveryStrategy.Candidate candidate : strategy.candidates()) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(candidate.host());
            } catch (UnknownHostException e) {
                log.debug("cannot resolve cluster candidate %s: %s", candidate.host(), e.getMessage());
                continue;
            }
            for (InetAddress address : addresses) {
                if (candidate.port() > 0) {
                    targets.add(new IpAddress(address, candidate.port()));
                } else {
                    for (int port = minPort; port <= maxPort; port++) {
                        targets.add(new IpAddress(address, port));
                    }
                }
            }
        }
        return List.copyOf(targets);
    }
}
