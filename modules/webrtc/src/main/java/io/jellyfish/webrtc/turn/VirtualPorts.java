package io.jellyfish.webrtc.turn;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Node-wide registry of virtual ports on the advertised TURN IP (webrtc.md 3.12, 4.3). No socket is
 * ever bound to them: a virtual host port identifies a peer session for every TURN listener (per-peer
 * UDP or shared TCP), and a virtual relay port is the relayed address an allocation reports. Both
 * kinds share one set of taken ports, so a host candidate never equals a live relayed address.
 */
public final class VirtualPorts {
    /** The engine's range for virtual host candidate ports. */
    public static final TurnPortRange DEFAULT_HOST_PORTS = new TurnPortRange(40000, 65535);

    private static final int RANDOM_ATTEMPTS = 32;
    private static final Object RELAY = new Object();

    private final TurnPortRange hostPorts;
    private final TurnPortRange relayPorts;
    /** Port to its {@link VirtualPeer}, or to {@link #RELAY} for a relay port. */
    private final ConcurrentHashMap<Integer, Object> taken = new ConcurrentHashMap<>();

    public VirtualPorts(TurnPortRange hostPorts, TurnPortRange relayPorts) {
        this.hostPorts = Objects.requireNonNull(hostPorts);
        this.relayPorts = Objects.requireNonNull(relayPorts);
    }

    /** Host ports 40000–65535 and relay ports from the upper half of JF_WEBRTC_TURN_PORT_RANGE. */
    public static VirtualPorts forTurnPortRange(TurnPortRange turnPortRange) {
        return new VirtualPorts(DEFAULT_HOST_PORTS, turnPortRange.relayHalf());
    }

    /**
     * Registers {@code peer} under a random free host port and returns it.
     *
     * @throws IllegalStateException if every port of the range is taken
     */
    public int register(VirtualPeer peer) {
        Objects.requireNonNull(peer);
        int port = claim(hostPorts, peer);
        if (port < 0) {
            throw new IllegalStateException("no free virtual host port in " + hostPorts);
        }
        return port;
    }

    /** Removes the registration if {@code port} still belongs to {@code peer}. */
    public void unregister(int port, VirtualPeer peer) {
        taken.remove(port, peer);
    }

    /** The peer registered under {@code port}, or null. */
    public VirtualPeer peer(int port) {
        return taken.get(port) instanceof VirtualPeer peer ? peer : null;
    }

    /** Claims a random free relay port, or returns -1 if the range is exhausted. */
    public int allocateRelayPort() {
        return claim(relayPorts, RELAY);
    }

    public void releaseRelayPort(int port) {
        taken.remove(port, RELAY);
    }

    private int claim(TurnPortRange range, Object owner) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Random picks first: the ranges are large and sparsely used. Then one full scan, so a
        // nearly full range still finds its last free port.
        for (int i = 0; i < RANDOM_ATTEMPTS; i++) {
            int port = random.nextInt(range.min(), range.max() + 1);
            if (taken.putIfAbsent(port, owner) == null) {
                return port;
            }
        }
        int start = random.nextInt(range.size());
        for (int i = 0; i < range.size(); i++) {
            int port = range.min() + (start + i) % range.size();
            if (taken.putIfAbsent(port, owner) == null) {
                return port;
            }
        }
        return -1;
    }
}
