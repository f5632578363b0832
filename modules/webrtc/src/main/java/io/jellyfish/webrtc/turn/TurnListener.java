package io.jellyfish.webrtc.turn;

import io.jellyfish.webrtc.stun.ChannelData;
import io.jellyfish.webrtc.stun.Stun;
import io.jellyfish.webrtc.stun.StunMessage;
import io.jellyfish.webrtc.stun.StunMessageBuilder;
import io.jellyfish.webrtc.stun.StunParseException;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * A TURN server (RFC 5766) whose relayed addresses are virtual (webrtc.md 4.2-4.4): what a client
 * sends to a peer address is handed in-process to the {@link VirtualPeer} registered under that
 * port in {@link VirtualPorts}, and what the peer sends back goes to the client through a
 * {@link RelayPath}. Over UDP ({@link #open}: a peer's own listener) or plain TCP
 * ({@link #openTcp}: the node-wide listener); the {@link TurnTransport} only moves the bytes.
 *
 * <p>Threads: all requests of one client are handled on one transport thread (the UDP receiver,
 * or the client's TCP reader), so a client's allocation is only created and refreshed there; a
 * node-wide single-thread scheduler sweeps expired state once a second; relay sends come from any
 * thread and frame into that thread's own buffer, with no lock of the listener's (the transport's
 * send is thread-safe). Malformed packets are counted and dropped.
 * Expiry is checked on every use, not only by the sweep.
 *
 * <p>Deliberate differences from fake_turn: expired credentials are refused (see
 * {@link TurnCredentials}), unknown comprehension-required attributes are ignored rather than
 * answered with 420 (only DONT-FRAGMENT is), and data is delivered only to the advertised IP,
 * the only address behind which virtual peers live.
 */
public final class TurnListener implements AutoCloseable {
    public static final String DEFAULT_REALM = "turn.stun.localhost";
    static final long DEFAULT_LIFETIME_SECONDS = 600;
    static final long MAX_LIFETIME_SECONDS = 3600;
    static final long PERMISSION_LIFETIME_MILLIS = 300_000;
    static final long CHANNEL_LIFETIME_MILLIS = 600_000;

    private static final System.Logger LOG = System.getLogger(TurnListener.class.getName());
    /** The largest frame the relay path writes. */
    private static final int BUFFER_SIZE = 65536;
    /** A media packet's frame fits; the thread's buffer only grows for larger ones (DTLS flights). */
    private static final int INITIAL_FRAME_BUFFER = 2048;
    /**
     * Each sending thread's frame buffer: every publisher's listener thread sends to this client
     * concurrently, so a shared buffer would need a lock held through the socket write.
     */
    private static final ThreadLocal<ByteBuffer> FRAME_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(INITIAL_FRAME_BUFFER));
    /** XOR-PEER-ADDRESS (12) and the DATA attribute header (4) after the STUN header. */
    private static final int DATA_INDICATION_OVERHEAD = Stun.HEADER_LENGTH + 12 + 4;
    private static final int MAX_PATHS_PER_ALLOCATION = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "turn-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param listenAddress where the socket binds (JF_WEBRTC_TURN_LISTEN_IP)
     * @param ports the ports to try, e.g. the lower half of JF_WEBRTC_TURN_PORT_RANGE
     * @param advertisedAddress JF_WEBRTC_TURN_IP: relayed addresses and virtual host candidates live there
     */
    public record Config(InetAddress listenAddress, TurnPortRange ports, Inet4Address advertisedAddress,
                         String realm, TurnCredentials credentials, Limits limits, InstantSource clock) {
        public Config {
            Objects.requireNonNull(listenAddress);
            Objects.requireNonNull(ports);
            Objects.requireNonNull(advertisedAddress);
            Objects.requireNonNull(realm);
            Objects.requireNonNull(credentials);
            Objects.requireNonNull(limits);
            Objects.requireNonNull(clock);
        }
    }

    /** Bounds that keep one misbehaving client from growing a listener without limit. */
    public record Limits(int maxAllocations, int maxPermissionsPerAllocation, int maxChannelsPerAllocation) {
        /** Chromium uses one allocation per local candidate and a new one per ICE restart. */
        public static final Limits DEFAULT = new Limits(32, 16, 16);
        /** The node-wide TCP listener: one allocation per connection, for every peer of the node. */
        public static final Limits TCP_DEFAULT = new Limits(256, 16, 16);
    }

    /** Counters since the listener opened. */
    public record Stats(int allocations, long delivered, long dropped, long malformed, long rejected) {}

    private final Config config;
    private final VirtualPorts virtualPorts;
    private final TurnTransport transport;
    private final InetSocketAddress localAddress;
    private final int advertisedIp;
    private final Nonces nonces = new Nonces(RANDOM);
    private final ConcurrentHashMap<InetSocketAddress, Allocation> allocations = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweep;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    private TurnListener(Config config, VirtualPorts virtualPorts, TurnTransport transport) {
        this.config = config;
        this.virtualPorts = virtualPorts;
        this.transport = transport;
        this.localAddress = transport.localAddress();
        this.advertisedIp = Ipv4.toInt(config.advertisedAddress());
        transport.start(new TurnTransport.Receiver() {
            @Override
            public void receive(InetSocketAddress client, byte[] data, int offset, int length) {
                handleSafely(client, data, offset, length);
            }

            @Override
            public void disconnected(InetSocketAddress client) {
                Allocation allocation = allocations.get(client);
                if (allocation != null) {
                    remove(allocation);
                }
            }
        });
        this.sweep = SWEEPER.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Binds a UDP socket on a free port of {@code config.ports()} (tried from a random start) and
     * starts serving.
     */
    public static TurnListener open(Config config, VirtualPorts virtualPorts) throws IOException {
        return start(config, virtualPorts, UdpTurnTransport.bind(config.listenAddress(), config.ports()));
    }

    /**
     * Listens for TCP on a port of {@code config.ports()} (the node-wide JF_WEBRTC_TURN_TCP_PORT)
     * and serves TURN on every connection. A connection is one client 5-tuple, so it holds at most
     * one allocation: the allocation limit bounds the connections too.
     */
    public static TurnListener openTcp(Config config, VirtualPorts virtualPorts) throws IOException {
        return start(config, virtualPorts, TcpTurnTransport.bind(config.listenAddress(), config.ports(),
                config.limits().maxAllocations()));
    }

    private static TurnListener start(Config config, VirtualPorts virtualPorts, TurnTransport transport) {
        try {
            return new TurnListener(config, virtualPorts, transport);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** Binds {@code channel} to a free port of {@code ports}, tried from a random start. */
    static void bindInRange(NetworkChannel channel, InetAddress address, TurnPortRange ports)
            throws IOException {
        if (ports.equals(TurnPortRange.EPHEMERAL)) {
            channel.bind(new InetSocketAddress(address, 0));
            return;
        }
        int start = ThreadLocalRandom.current().nextInt(ports.size());
        for (int i = 0; i < ports.size(); i++) {
            try {
                channel.bind(new InetSocketAddress(address, ports.min() + (start + i) % ports.size()));
                return;
            } catch (BindException taken) {
                // try the next port
            }
        }
        throw new BindException("no free port in " + ports + " on " + address.getHostAddress());
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public int port() {
        return localAddress.getPort();
    }

    public Stats stats() {
        return new Stats(allocations.size(), delivered.sum(), dropped.sum(), malformed.sum(), rejected.sum());
    }

    /** Closes the socket(s) and releases every allocation's relay port. */
    @Override
    public void close() {
        sweep.cancel(false);
        transport.close();
        allocations.values().forEach(this::remove);
    }

    long now() {
        return config.clock().millis();
    }

    // ---------------------------------------------------------------- receive path

    private void handleSafely(InetSocketAddress client, byte[] packet, int offset, int length) {
        try {
            handle(client, packet, offset, length);
        } catch (RuntimeException e) {
            // A bug triggered by one packet must not stop the listener for everybody.
            malformed.increment();
            LOG.log(System.Logger.Level.WARNING, "TURN packet from " + client + " failed", e);
        }
    }

    private void handle(InetSocketAddress client, byte[] packet, int offset, int length) {
        if (length > 0 && ChannelData.isChannelData(packet[offset])) {
            handleChannelData(client, packet, offset, length);
            return;
        }
        StunMessage message;
        try {
            message = StunMessage.parse(packet, offset, length);
        } catch (StunParseException e) {
            malformed.increment();
            return;
        }
        if (message.hasFingerprint() && !message.verifyFingerprint()) {
            malformed.increment();
            return;
        }
        if (message.messageClass() == Stun.INDICATION && message.method() == Stun.SEND) {
            handleSend(client, message);
            return;
        }
        if (message.messageClass() != Stun.REQUEST) {
            dropped.increment(); // responses, Binding indications (keepalives)
            return;
        }
        switch (message.method()) {
            case Stun.BINDING -> handleBinding(client, message);
            case Stun.ALLOCATE -> handleAllocate(client, message);
            case Stun.REFRESH, Stun.CREATE_PERMISSION, Stun.CHANNEL_BIND -> handleOnAllocation(client, message);
            default -> sendError(client, message, null, 400, "Bad Request");
        }
    }

    private void handleChannelData(InetSocketAddress client, byte[] packet, int offset, int length) {
        int dataLength;
        try {
            dataLength = ChannelData.datagramDataLength(packet, offset, length);
        } catch (StunParseException e) {
            malformed.increment();
            return;
        }
        long now = now();
        Allocation allocation = liveAllocation(client, now);
        Allocation.Channel bound = allocation == null ? null
                : allocation.channel(ChannelData.channelNumber(packet, offset), now);
        if (bound == null) {
            dropped.increment();
            return;
        }
        deliver(allocation, bound.peerIp, bound.peerPort, packet, offset + ChannelData.HEADER_LENGTH, dataLength, now);
    }

    private void handleSend(InetSocketAddress client, StunMessage message) {
        long now = now();
        Allocation allocation = liveAllocation(client, now);
        InetSocketAddress peer = message.xorAddress(Stun.ATTR_XOR_PEER_ADDRESS);
        int dataOffset = message.valueOffset(Stun.ATTR_DATA);
        if (allocation == null || peer == null || dataOffset < 0
                || !(peer.getAddress() instanceof Inet4Address peerIp)) {
            dropped.increment();
            return;
        }
        deliver(allocation, Ipv4.toInt(peerIp), peer.getPort(), message.buffer(), dataOffset,
                message.valueLength(Stun.ATTR_DATA), now);
    }

    /** Hands client data to the virtual peer at (peerIp, peerPort) if a permission allows it. */
    private void deliver(Allocation allocation, int peerIp, int peerPort, byte[] data, int offset, int length,
                         long now) {
        VirtualPeer peer = peerIp == advertisedIp && allocation.isPermitted(peerIp, now)
                ? virtualPorts.peer(peerPort) : null;
        AllocationPath path = peer == null ? null : allocation.path(peerIp, peerPort, MAX_PATHS_PER_ALLOCATION);
        if (path == null) {
            dropped.increment();
            return;
        }
        delivered.increment();
        try {
            peer.receive(data, offset, length, path);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "virtual peer on port " + peerPort + " failed on a packet", e);
        }
    }

    // ---------------------------------------------------------------- requests

    /** Plain STUN towards the TURN port (webrtc.md 4.2): no authentication. */
    private void handleBinding(InetSocketAddress client, StunMessage request) {
        StunMessageBuilder response = new StunMessageBuilder(Stun.BINDING, Stun.SUCCESS, request.transactionId())
                .addXorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS, client);
        if (request.hasFingerprint()) {
            response.addFingerprint();
        }
        send(client, response.build());
    }

    private void handleAllocate(InetSocketAddress client, StunMessage request) {
        long now = now();
        Allocation existing = liveAllocation(client, now);
        Auth auth = authenticate(client, request, existing, now);
        if (auth == null) {
            return;
        }
        if (existing != null) {
            if (request.hasTransactionId(existing.allocateTransactionId)) {
                send(client, existing.allocateResponse); // a retransmission: same answer (RFC 5766 §6.2)
            } else {
                sendError(client, request, auth, 437, "Allocation Mismatch");
            }
            return;
        }
        int transport = request.requestedTransport();
        if (transport < 0) {
            sendError(client, request, auth, 400, "Bad Request");
            return;
        }
        if (transport != Stun.TRANSPORT_UDP) {
            sendError(client, request, auth, 442, "Unsupported Transport Protocol");
            return;
        }
        if (request.has(Stun.ATTR_DONT_FRAGMENT)) {
            sendError(client, request, auth, 420, "Unknown Attribute",
                    b -> b.addUnknownAttributes(Stun.ATTR_DONT_FRAGMENT));
            return;
        }
        int family = request.requestedAddressFamily();
        if (request.has(Stun.ATTR_REQUESTED_ADDRESS_FAMILY) && family != Stun.FAMILY_IPV4) {
            sendError(client, request, auth, 440, "Address Family not Supported");
            return;
        }
        if (allocations.size() >= config.limits().maxAllocations()) {
            sendError(client, request, auth, 486, "Allocation Quota Reached");
            return;
        }
        int relayPort = virtualPorts.allocateRelayPort();
        if (relayPort < 0) {
            sendError(client, request, auth, 508, "Insufficient Capacity");
            return;
        }
        long requested = request.lifetime();
        long lifetime = requested < DEFAULT_LIFETIME_SECONDS ? DEFAULT_LIFETIME_SECONDS
                : Math.min(requested, MAX_LIFETIME_SECONDS);
        InetSocketAddress relayed = new InetSocketAddress(config.advertisedAddress(), relayPort);
        byte[] response = success(request)
                .addXorAddress(Stun.ATTR_XOR_RELAYED_ADDRESS, relayed)
                .addUInt32(Stun.ATTR_LIFETIME, lifetime)
                .addXorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS, client)
                .addMessageIntegrity(auth.key())
                .build();
        allocations.put(client, new Allocation(this, client, auth.username(), auth.key(), relayPort, relayed,
                request.transactionId(), response, now + lifetime * 1000));
        send(client, response);
    }

    /**
     * A request that needs the caller's allocation (Refresh, CreatePermission, ChannelBind): it is
     * authenticated first (401/438), answered 437 without an allocation, then handled.
     */
    private void handleOnAllocation(InetSocketAddress client, StunMessage request) {
        long now = now();
        Allocation allocation = liveAllocation(client, now);
        Auth auth = authenticate(client, request, allocation, now);
        if (auth == null) {
            return;
        }
        if (allocation == null) {
            sendError(client, request, auth, 437, "Allocation Mismatch");
            return;
        }
        switch (request.method()) {
            case Stun.REFRESH -> handleRefresh(client, request, allocation, auth, now);
            case Stun.CREATE_PERMISSION -> handleCreatePermission(client, request, allocation, auth, now);
            default -> handleChannelBind(client, request, allocation, auth, now);
        }
    }

    private void handleRefresh(InetSocketAddress client, StunMessage request, Allocation allocation, Auth auth,
            long now) {
        long requested = request.lifetime();
        long lifetime = requested < 0 ? DEFAULT_LIFETIME_SECONDS : Math.min(requested, MAX_LIFETIME_SECONDS);
        if (lifetime == 0) {
            remove(allocation);
        } else {
            allocation.expiresAt = now + lifetime * 1000;
        }
        send(client, success(request).addUInt32(Stun.ATTR_LIFETIME, lifetime)
                .addMessageIntegrity(auth.key()).build());
    }

    private void handleCreatePermission(InetSocketAddress client, StunMessage request, Allocation allocation, Auth auth,
            long now) {
        List<InetSocketAddress> peers = request.xorAddresses(Stun.ATTR_XOR_PEER_ADDRESS);
        if (peers == null || peers.isEmpty()) {
            sendError(client, request, auth, 400, "Bad Request");
            return;
        }
        int[] ips = new int[peers.size()];
        for (int i = 0; i < ips.length; i++) {
            if (!(peers.get(i).getAddress() instanceof Inet4Address ip)) {
                sendError(client, request, auth, 443, "Peer Address Family Mismatch");
                return;
            }
            ips[i] = Ipv4.toInt(ip);
        }
        if (allocation.permissionCount() + allocation.missingPermissions(ips)
                > config.limits().maxPermissionsPerAllocation()) {
            sendError(client, request, auth, 508, "Insufficient Capacity");
            return;
        }
        for (int ip : ips) {
            allocation.permit(ip, now + PERMISSION_LIFETIME_MILLIS);
        }
        send(client, success(request).addMessageIntegrity(auth.key()).build());
    }

    private void handleChannelBind(InetSocketAddress client, StunMessage request, Allocation allocation, Auth auth,
            long now) {
        int number = request.channelNumber();
        InetSocketAddress peer = request.xorAddress(Stun.ATTR_XOR_PEER_ADDRESS);
        if (!ChannelData.isBindableChannel(number) || peer == null) {
            sendError(client, request, auth, 400, "Bad Request");
            return;
        }
        if (!(peer.getAddress() instanceof Inet4Address peerAddress)) {
            sendError(client, request, auth, 443, "Peer Address Family Mismatch");
            return;
        }
        int peerIp = Ipv4.toInt(peerAddress);
        boolean isNew = allocation.channel(number, now) == null && allocation.channelTo(peerIp, peer.getPort(), now) == null;
        boolean needsPermission = !allocation.isPermitted(peerIp, now);
        if (isNew && allocation.channelCount() >= config.limits().maxChannelsPerAllocation()
                || needsPermission && allocation.permissionCount() >= config.limits().maxPermissionsPerAllocation()) {
            sendError(client, request, auth, 508, "Insufficient Capacity");
            return;
        }
        if (!allocation.bind(number, peerIp, peer.getPort(), now + CHANNEL_LIFETIME_MILLIS)) {
            sendError(client, request, auth, 400, "Bad Request"); // number or peer already bound elsewhere
            return;
        }
        allocation.permit(peerIp, now + PERMISSION_LIFETIME_MILLIS);
        send(client, success(request).addMessageIntegrity(auth.key()).build());
    }

    // ---------------------------------------------------------------- authentication

    /** A request that passed the long-term credential check. */
    private record Auth(String username, byte[] key) {}

    /**
     * The long-term credential mechanism (RFC 5389 §10.2.2): answers 401/438/400/441 itself and
     * returns null, or returns the verified username and key.
     */
    private Auth authenticate(InetSocketAddress client, StunMessage request, Allocation allocation, long now) {
        if (!request.hasIntegrity()) {
            challenge(client, request, 401, "Unauthorized", now);
            return null;
        }
        String username = request.username();
        String realm = request.realm();
        String nonce = request.nonce();
        if (username == null || realm == null || nonce == null) {
            sendError(client, request, null, 400, "Bad Request");
            return null;
        }
        if (!nonces.isFresh(nonce, client, now)) {
            challenge(client, request, 438, "Stale Nonce", now);
            return null;
        }
        byte[] key = realm.equals(config.realm()) ? config.credentials().keyFor(username, realm) : null;
        if (key == null || !request.verifyIntegrity(key)) {
            challenge(client, request, 401, "Unauthorized", now);
            return null;
        }
        if (allocation != null && !allocation.username.equals(username)) {
            sendError(client, request, null, 441, "Wrong Credentials");
            return null;
        }
        return new Auth(username, key);
    }

    private void challenge(InetSocketAddress client, StunMessage request, int code, String reason, long now) {
        sendError(client, request, null, code, reason, b -> b
                .addString(Stun.ATTR_REALM, config.realm())
                .addString(Stun.ATTR_NONCE, nonces.issue(client, now)));
    }

    // ---------------------------------------------------------------- responses

    private static StunMessageBuilder success(StunMessage request) {
        return new StunMessageBuilder(request.method(), Stun.SUCCESS, request.transactionId());
    }

    private void sendError(InetSocketAddress client, StunMessage request, Auth auth, int code, String reason) {
        sendError(client, request, auth, code, reason, b -> b);
    }

    /** An error response; integrity-protected when the request was authenticated (RFC 5389 §10.2.2). */
    private void sendError(InetSocketAddress client, StunMessage request, Auth auth, int code, String reason,
                           UnaryOperator<StunMessageBuilder> extra) {
        rejected.increment();
        StunMessageBuilder response = new StunMessageBuilder(request.method(), Stun.ERROR, request.transactionId())
                .addErrorCode(code, reason);
        extra.apply(response);
        if (auth != null) {
            response.addMessageIntegrity(auth.key());
        }
        send(client, response.build());
    }

    private void send(InetSocketAddress client, byte[] message) {
        transport.send(client, ByteBuffer.wrap(message));
    }

    // ---------------------------------------------------------------- relay path (any thread)

    /**
     * Sends peer data to the client: ChannelData if a channel is bound to the peer, else a Data
     * indication (RFC 5766 §10.3, §11.4), and only while the peer IP is permitted.
     */
    boolean sendToClient(AllocationPath path, byte[] data, int offset, int length) {
        Allocation allocation = path.allocation;
        long now = now();
        if (!allocation.isOpen(now) || !allocation.isPermitted(path.peerIp, now)
                || length > BUFFER_SIZE - DATA_INDICATION_OVERHEAD - 3) {
            return false;
        }
        Allocation.Channel bound = allocation.channelTo(path.peerIp, path.peerPort, now);
        ByteBuffer frame = frameBuffer(length + DATA_INDICATION_OVERHEAD + 3);
        byte[] out = frame.array();
        int written = bound != null
                ? ChannelData.write(out, 0, bound.number, data, offset, length, transport.isStream())
                : writeDataIndication(out, path, data, offset, length);
        frame.clear().limit(written);
        // UDP sends the datagram before returning; TCP copies the frame into the connection's queue.
        return transport.send(allocation.client, frame);
    }

    /** The calling thread's frame buffer, with room for {@code capacity} bytes. */
    private static ByteBuffer frameBuffer(int capacity) {
        ByteBuffer frame = FRAME_BUFFER.get();
        if (frame.capacity() < capacity) {
            frame = ByteBuffer.allocate(capacity);
            FRAME_BUFFER.set(frame);
        }
        return frame;
    }

    /** A Data indication written in place, without a builder: this is the media path before ChannelBind. */
    private static int writeDataIndication(byte[] out, AllocationPath path, byte[] data, int offset, int length) {
        int padded = (length + 3) & ~3;
        ByteBuffer message = ByteBuffer.wrap(out);
        ThreadLocalRandom random = ThreadLocalRandom.current(); // indications need no unpredictable id
        message.putShort((short) Stun.messageType(Stun.DATA, Stun.INDICATION))
                .putShort((short) (DATA_INDICATION_OVERHEAD - Stun.HEADER_LENGTH + padded))
                .putInt(Stun.MAGIC_COOKIE)
                .putInt(random.nextInt()).putInt(random.nextInt()).putInt(random.nextInt())
                .putShort((short) Stun.ATTR_XOR_PEER_ADDRESS).putShort((short) 8)
                .putShort((short) Stun.FAMILY_IPV4)
                .putShort((short) (path.peerPort ^ (Stun.MAGIC_COOKIE >>> 16)))
                .putInt(path.peerIp ^ Stun.MAGIC_COOKIE)
                .putShort((short) Stun.ATTR_DATA).putShort((short) length)
                .put(data, offset, length);
        for (int i = length; i < padded; i++) {
            message.put((byte) 0);
        }
        return message.position();
    }

    // ---------------------------------------------------------------- expiry

    private Allocation liveAllocation(InetSocketAddress client, long now) {
        Allocation allocation = allocations.get(client);
        if (allocation != null && !allocation.isOpen(now)) {
            remove(allocation);
            return null;
        }
        return allocation;
    }

    private void remove(Allocation allocation) {
        if (allocations.remove(allocation.client, allocation)) {
            allocation.close();
            virtualPorts.releaseRelayPort(allocation.relayPort);
        }
    }

    private void sweep() {
        try {
            transport.closeIdle();
            long now = now();
            for (Allocation allocation : allocations.values()) {
                if (allocation.isOpen(now)) {
                    allocation.sweep(now);
                } else {
                    remove(allocation);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "TURN sweep failed on " + localAddress, e);
        }
    }
}
