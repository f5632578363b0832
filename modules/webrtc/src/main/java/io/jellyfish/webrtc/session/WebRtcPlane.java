package io.jellyfish.webrtc.session;

import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.media.EndpointContext;
import io.jellyfish.api.media.MediaEndpoint;
import io.jellyfish.api.room.VideoCodec;
import io.jellyfish.api.spi.MediaPlaneProvider.RunningMediaPlane;
import io.jellyfish.webrtc.sdp.AnswerBuilder;
import io.jellyfish.webrtc.sdp.CodecFilter;
import io.jellyfish.webrtc.sdp.HeaderExtensions;
import io.jellyfish.webrtc.turn.TurnCredentials;
import io.jellyfish.webrtc.turn.TurnListener;
import io.jellyfish.webrtc.turn.TurnPortRange;
import io.jellyfish.webrtc.turn.VirtualPorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's media plane: the JF_WEBRTC_* settings, the registry of virtual ports every TURN
 * listener resolves peers through (webrtc.md 4.3), the shared TCP TURN listener, the traffic
 * counters of metrics.md 3.4, the executor the peers' signalling runs on and the timer thread
 * they share.
 *
 * <p>The TCP TURN listener (JF_WEBRTC_TURN_TCP_PORT) starts with the plane, not with the first
 * room as in Jellyfish: same port and behaviour, and a port that cannot be bound fails start-up
 * instead of the first room.
 */
public final class WebRtcPlane implements RunningMediaPlane {
    /**
     * What this server negotiates (webrtc.md 3.11). transport-cc is safe to offer because the server
     * sends transport-wide feedback to publishers (5.1); without it Chromium's congestion control
     * would starve their video.
     */
    private static final Set<String> HEADER_EXTENSIONS = Set.of(HeaderExtensions.MID, HeaderExtensions.RTP_STREAM_ID,
            HeaderExtensions.AUDIO_LEVEL, HeaderExtensions.REPAIRED_RTP_STREAM_ID, HeaderExtensions.TRANSPORT_CC);

    private final Inet4Address advertised;
    private final InetAddress listenAddress;
    private final TurnPortRange listenerPorts;
    private final VirtualPorts virtualPorts;
    /** The node-wide TCP TURN listener and its secret (webrtc.md 4.1), or null without JF_WEBRTC_TURN_TCP_PORT. */
    private final TurnListener tcpTurn;
    private final TurnCredentials tcpTurnCredentials;
    private final ExecutorService signalling = Executors.newVirtualThreadPerTaskExecutor();
    /** Open endpoints by peer id, for the server metrics report. */
    private final Map<String, PeerEndpoint> endpoints = new ConcurrentHashMap<>();
    /** Periodic per-peer work (bandwidth reports): one shared thread, never one per peer. */
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webrtc-timers").daemon().factory());
    private final LongAdder ingress = new LongAdder();
    private final LongAdder egress = new LongAdder();

    public WebRtcPlane(JellyfishConfig.WebRtc config) {
        try {
            InetAddress turnIp = InetAddress.getByName(config.turnIp());
            if (!(turnIp instanceof Inet4Address v4)) {
                throw new IllegalArgumentException("JF_WEBRTC_TURN_IP must be an IPv4 address: " + config.turnIp());
            }
            this.advertised = v4;
            this.listenAddress = InetAddress.getByName(config.turnListenIp());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the TURN addresses: " + e.getMessage(), e);
        }
        TurnPortRange range = new TurnPortRange(config.turnPortMin(), config.turnPortMax());
        this.listenerPorts = range.listenerHalf();
        this.virtualPorts = VirtualPorts.forTurnPortRange(range);
        this.tcpTurnCredentials = config.turnTcpPort().isPresent() ? TurnCredentials.withRandomSecret(InstantSource.system()) : null;
        this.tcpTurn = config.turnTcpPort().map(this::openTcpTurnListener).orElse(null);
        // One task each for all peers, on the timer thread that alone runs activity checks and allocation.
        timers.scheduleAtFixedRate(() -> endpoints.values().forEach(e -> e.checkLayerActivity(System.nanoTime())),
                1, 1, TimeUnit.SECONDS);
        timers.scheduleAtFixedRate(() -> endpoints.values().forEach(e -> e.allocateBandwidth(System.nanoTime())),
                BandwidthAllocator.TICK_MILLIS, BandwidthAllocator.TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private TurnListener openTcpTurnListener(int port) {
        try {
            return TurnListener.openTcp(new TurnListener.Config(listenAddress, new TurnPortRange(port, port), advertised,
                    TurnListener.DEFAULT_REALM, tcpTurnCredentials, TurnListener.Limits.TCP_DEFAULT, InstantSource.system()),
                    virtualPorts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for TCP TURN on " + listenAddress.getHostAddress() + ":" + port, e);
        }
    }

    @Override
    public MediaEndpoint openEndpoint(EndpointContext context) {
        PeerEndpoint endpoint = new PeerEndpoint(context, this);
        endpoints.put(context.peerId(), endpoint);
        return endpoint;
    }

    @Override
    public Map<String, Object> endpointMetrics(String endpointId) {
        PeerEndpoint endpoint = endpoints.get(endpointId);
        return endpoint == null ? Map.of() : endpoint.metrics();
    }

    @Override
    public long ingressBytes() {
        return ingress.sum();
    }

    @Override
    public long egressBytes() {
        return egress.sum();
    }

    @Override
    public void close() {
        signalling.shutdownNow();
        if (tcpTurn != null) {
            tcpTurn.close();
        }
        timers.shutdownNow();
    }

    // ---- for the peers ----

    ExecutorService signallingExecutor() {
        return signalling;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    VirtualPorts virtualPorts() {
        return virtualPorts;
    }

    /** JF_WEBRTC_TURN_IP as text: serverAddr, relayed addresses and the virtual host candidate. */
    String advertisedIp() {
        return advertised.getHostAddress();
    }

    /** A peer's own UDP TURN listener, on a free port of the lower half of JF_WEBRTC_TURN_PORT_RANGE. */
    TurnListener openTurnListener(TurnCredentials credentials) throws IOException {
        return TurnListener.open(new TurnListener.Config(listenAddress, listenerPorts, advertised,
                TurnListener.DEFAULT_REALM, credentials, TurnListener.Limits.DEFAULT, InstantSource.system()), virtualPorts);
    }

    /**
     * A peer's integratedTurnServers (webrtc.md 4.1): its own UDP listener, then the shared TCP
     * listener with a credential from the node-wide secret, when there is one.
     */
    List<MediaEvents.TurnServer> turnServers(String endpointId, int udpPort, TurnCredentials.Issued udp) {
        MediaEvents.TurnServer udpEntry = new MediaEvents.TurnServer(advertisedIp(), udpPort, "udp", udp.username(),
                udp.password());
        if (tcpTurn == null) {
            return List.of(udpEntry);
        }
        TurnCredentials.Issued tcp = tcpTurnCredentials.issue(endpointId);
        return List.of(udpEntry, new MediaEvents.TurnServer(advertisedIp(), tcpTurn.port(), "tcp", tcp.username(),
                tcp.password()));
    }

    /** RTX is answered on client-sending m-lines: the peers unwrap it (webrtc.md 5.1, InboundRtx). */
    AnswerBuilder.Policy policy(VideoCodec videoCodec) {
        return new AnswerBuilder.Policy(CodecFilter.forVideoCodec(videoCodec == null ? null : videoCodec.wireName()),
                HEADER_EXTENSIONS, true);
    }

    void endpointClosed(PeerEndpoint endpoint) {
        endpoints.remove(endpoint.peerId(), endpoint);
    }

    void countIngress(int bytes) {
        ingress.add(bytes);
    }

    void countEgress(int bytes) {
        egress.add(bytes);
    }
}
