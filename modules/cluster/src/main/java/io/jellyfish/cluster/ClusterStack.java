package io.jellyfish.cluster;

import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.cluster.jgroups.ClusterCipher;
import io.jellyfish.cluster.jgroups.StrategyPing;
import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

import javax.crypto.SecretKey;
import java.net.InetAddress;
import java.util.List;

/**
 * The JGroups protocol stack, one small layer per job: TCP transport, our cipher directly above
 * it (so every layer above travels sealed), discovery through the strategy plugin, merging of
 * partitions, two failure detectors (closed sockets: at once; silence: after a timeout),
 * reliable ordered delivery, membership, flow control and fragmentation.
 */
final class ClusterStack {

    /** How quickly failures and late joiners are noticed (see the cluster benchmark). */
    record Timing(long heartbeatIntervalMs, long heartbeatTimeoutMs, long verifySuspectMs,
                  long mergeMinMs, long mergeMaxMs, long joinTimeoutMs) {
        static final Timing DEFAULT = new Timing(1000, 4000, 500, 1000, 2000, 1000);
    }

    private ClusterStack() {
    }

    static JChannel build(InetAddress bindAddress, InetAddress externalAddress, int minPort, int maxPort,
                          SecretKey key, DiscoveryStrategy discovery, Timing timing) throws Exception {
        TCP transport = new TCP();
        transport.setBindAddr(bindAddress);
        if (externalAddress != null) {
            transport.setExternalAddr(externalAddress);
        }
        transport.setBindPort(minPort);
        transport.setPortRange(maxPort - minPort);
        transport.setSockConnTimeout(1000);

        StrategyPing discoveryLayer = new StrategyPing(discovery, minPort, maxPort);
        discoveryLayer.breakOnCoordResponse(true);

        List<Protocol> protocols = List.of(
                transport,
                new ClusterCipher(key),
                discoveryLayer,
                new MERGE3().setMinInterval(timing.mergeMinMs()).setMaxInterval(timing.mergeMaxMs()),
                new FD_SOCK2().setBindAddress(bindAddress),
                new FD_ALL3().setTimeout(timing.heartbeatTimeoutMs()).setInterval(timing.heartbeatIntervalMs()),
                new VERIFY_SUSPECT2().setTimeout(timing.verifySuspectMs()),
                new NAKACK2().useMcastXmit(false),
                new UNICAST3(),
                new STABLE(),
                new GMS().setJoinTimeout(timing.joinTimeoutMs()).printLocalAddress(false),
                new UFC(),
                new MFC(),
                new FRAG4());
        return new JChannel(protocols);
    }
}
