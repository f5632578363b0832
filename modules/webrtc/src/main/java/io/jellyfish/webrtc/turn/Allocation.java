package io.jellyfish.webrtc.turn;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * One client's allocation on a listener (RFC 5766 §5), keyed by the client's 5-tuple. Its relayed
 * address is virtual: no socket exists behind it (webrtc.md 4.3).
 *
 * <p>Permissions, channels and paths are small copy-on-write arrays: the packet path reads them
 * without locking or allocating (a linear scan over a few entries), while changes, rare and
 * bounded by the listener's limits, happen under the allocation's monitor. Expiry is checked on
 * every use, so correctness never waits for the periodic sweep; the sweep only frees memory.
 * Peer addresses are IPv4 as ints: TURN here relays IPv4 only.
 */
final class Allocation {
    static final class Permission {
        final int ip;
        volatile long expiresAt;

        Permission(int ip, long expiresAt) {
            this.ip = ip;
            this.expiresAt = expiresAt;
        }
    }

    static final class Channel {
        final int number;
        final int peerIp;
        final int peerPort;
        volatile long expiresAt;

        Channel(int number, int peerIp, int peerPort, long expiresAt) {
            this.number = number;
            this.peerIp = peerIp;
            this.peerPort = peerPort;
            this.expiresAt = expiresAt;
        }
    }

    private static final Permission[] NO_PERMISSIONS = {};
    private static final Channel[] NO_CHANNELS = {};
    private static final AllocationPath[] NO_PATHS = {};

    final TurnListener listener;
    final InetSocketAddress client;
    final String username;
    final byte[] key;
    final int relayPort;
    final InetSocketAddress relayedAddress;
    /** The Allocate transaction and its success response, resent verbatim on a retransmission. */
    final byte[] allocateTransactionId;
    final byte[] allocateResponse;

    volatile long expiresAt;
    private volatile boolean closed;
    private volatile Permission[] permissions = NO_PERMISSIONS;
    private volatile Channel[] channels = NO_CHANNELS;
    private volatile AllocationPath[] paths = NO_PATHS;

    Allocation(TurnListener listener, InetSocketAddress client, String username, byte[] key, int relayPort,
               InetSocketAddress relayedAddress, byte[] allocateTransactionId, byte[] allocateResponse, long expiresAt) {
        this.listener = listener;
        this.client = client;
        this.username = username;
        this.key = key;
        this.relayPort = relayPort;
        this.relayedAddress = relayedAddress;
        this.allocateTransactionId = allocateTransactionId;
        this.allocateResponse = allocateResponse;
        this.expiresAt = expiresAt;
    }

    boolean isOpen(long now) {
        return !closed && now < expiresAt;
    }

    void close() {
        closed = true;
    }

    boolean isPermitted(int ip, long now) {
        for (Permission permission : permissions) {
            if (permission.ip == ip) {
                return now < permission.expiresAt;
            }
        }
        return false;
    }

    /** How many of {@code ips} would need a new permission entry. */
    synchronized int missingPermissions(int[] ips) {
        int missing = 0;
        for (int i = 0; i < ips.length; i++) {
            if (findPermission(ips[i]) == null && indexOf(ips, ips[i]) == i) {
                missing++;
            }
        }
        return missing;
    }

    synchronized int permissionCount() {
        return permissions.length;
    }

    /** Installs or refreshes the permission for {@code ip}. */
    synchronized void permit(int ip, long expiresAt) {
        Permission existing = findPermission(ip);
        if (existing != null) {
            existing.expiresAt = expiresAt;
            return;
        }
        Permission[] grown = Arrays.copyOf(permissions, permissions.length + 1);
        grown[permissions.length] = new Permission(ip, expiresAt);
        permissions = grown;
    }

    /** The live channel with this number, or null. */
    Channel channel(int number, long now) {
        for (Channel channel : channels) {
            if (channel.number == number) {
                return now < channel.expiresAt ? channel : null;
            }
        }
        return null;
    }

    /** The live channel bound to this peer, or null. */
    Channel channelTo(int peerIp, int peerPort, long now) {
        for (Channel channel : channels) {
            if (channel.peerIp == peerIp && channel.peerPort == peerPort) {
                return now < channel.expiresAt ? channel : null;
            }
        }
        return null;
    }

    synchronized int channelCount() {
        return channels.length;
    }

    /**
     * Binds or refreshes {@code number} to the peer (RFC 5766 §11.2).
     *
     * @return false on a conflict: the number is bound to another peer, or the peer to another number
     */
    synchronized boolean bind(int number, int peerIp, int peerPort, long expiresAt) {
        for (Channel channel : channels) {
            boolean sameNumber = channel.number == number;
            boolean samePeer = channel.peerIp == peerIp && channel.peerPort == peerPort;
            if (sameNumber && samePeer) {
                channel.expiresAt = expiresAt;
                return true;
            }
            if (sameNumber || samePeer) {
                return false;
            }
        }
        Channel[] grown = Arrays.copyOf(channels, channels.length + 1);
        grown[channels.length] = new Channel(number, peerIp, peerPort, expiresAt);
        channels = grown;
        return true;
    }

    /** The path towards this virtual peer address, created on first use; null if {@code maxPaths} are in use. */
    AllocationPath path(int peerIp, int peerPort, int maxPaths) {
        AllocationPath path = findPath(peerIp, peerPort);
        if (path != null) {
            return path;
        }
        synchronized (this) {
            path = findPath(peerIp, peerPort);
            if (path == null && paths.length < maxPaths) {
                path = new AllocationPath(this, peerIp, peerPort);
                AllocationPath[] grown = Arrays.copyOf(paths, paths.length + 1);
                grown[paths.length] = path;
                paths = grown;
            }
            return path;
        }
    }

    /** Frees expired permissions and channels; lookups already ignore them. */
    synchronized void sweep(long now) {
        if (Arrays.stream(permissions).anyMatch(p -> now >= p.expiresAt)) {
            permissions = Arrays.stream(permissions).filter(p -> now < p.expiresAt).toArray(Permission[]::new);
        }
        if (Arrays.stream(channels).anyMatch(c -> now >= c.expiresAt)) {
            channels = Arrays.stream(channels).filter(c -> now < c.expiresAt).toArray(Channel[]::new);
        }
    }

    private Permission findPermission(int ip) {
        for (Permission permission : permissions) {
            if (permission.ip == ip) {
                return permission;
            }
        }
        return null;
    }

    private AllocationPath findPath(int peerIp, int peerPort) {
        for (AllocationPath path : paths) {
            if (path.peerIp == peerIp && path.peerPort == peerPort) {
                return path;
            }
        }
        return null;
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
