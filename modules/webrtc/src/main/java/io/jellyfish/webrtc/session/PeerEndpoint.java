package io.jellyfish.webrtc.session;

import io.jellyfish.api.media.EndpointContext;
import io.jellyfish.api.media.MediaEndpoint;
import io.jellyfish.api.media.PublishedTrack;
import io.jellyfish.webrtc.bwe.TwccSender;
import io.jellyfish.webrtc.dtls.DtlsCertificate;
import io.jellyfish.webrtc.dtls.DtlsServerSession;
import io.jellyfish.webrtc.ice.IceLiteAgent;
import io.jellyfish.webrtc.rtp.PaddingProbe;
import io.jellyfish.webrtc.rtp.Rtcp;
import io.jellyfish.webrtc.rtp.RtcpKind;
import io.jellyfish.webrtc.rtp.RtcpReader;
import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.rtp.Vp8Payload;
import io.jellyfish.webrtc.sdp.AnswerBuilder;
import io.jellyfish.webrtc.sdp.MediaAnswer;
import io.jellyfish.webrtc.srtp.SrtpKeyingMaterial;
import io.jellyfish.webrtc.srtp.SrtpProfile;
import io.jellyfish.webrtc.srtp.SrtpSession;
import io.jellyfish.webrtc.turn.RelayPath;
import io.jellyfish.webrtc.turn.TurnCredentials;
import io.jellyfish.webrtc.turn.TurnListener;
import io.jellyfish.webrtc.turn.VirtualPeer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One WebRTC peer's endpoint (webrtc.md 3-5): its own TURN listener and virtual host candidate,
 * ICE-lite, DTLS-SRTP and the packet paths: the receive demux, SRTP, the RTCP from the client,
 * forwarding to it and the server's own RTCP and DTLS output, and its stats. The negotiation state
 * machine (R1-R10), with the tracks the peer publishes and the subscriptions it receives, is
 * {@link Negotiation}, which reaches back into this endpoint through {@link Negotiation.Transport}.
 *
 * <p>Threads: the negotiation, with every {@link Negotiation.Transport} call it makes (DTLS session
 * creation, starting and stopping subscriptions, binding published tracks), and the endpoint's
 * closing are confined to {@link #signalling} (one task at a time); packets arrive on TURN
 * listener threads (this peer's UDP listener, and the shared TCP listener's reader of each
 * connection the client opened) and are handled one at a time under
 * {@link #receiveLock}, so code below it sees a single packet thread; packets towards this peer
 * come from the packet threads of its publishers concurrently, without a lock of this endpoint:
 * each {@link Subscription} is fed by one publisher thread and has its own SRTP session and
 * retransmission cache, {@link #forward} works in the calling thread's scratch, and the
 * transport-cc stamp and the TURN send are safe for concurrent callers. The server's own RTCP,
 * rare, is serialised by {@link #rtcpLock}; DTLS output by {@link #dtlsLock}.
 */
public final class PeerEndpoint implements MediaEndpoint, VirtualPeer {
    private static final System.Logger LOG = System.getLogger(PeerEndpoint.class.getName());
    /** The SSRC the server signs its RTCP with: it never sends RTP under it (nor picks it for a subscription). */
    static final long SERVER_RTCP_SSRC = 1;
    private static final int MAX_PACKET = 1500;
    /** The longest packet this endpoint sends: MAX_PACKET plus room for the SRTP tag. */
    static final int MAX_SENT_PACKET = MAX_PACKET + 64;
    /** How many media SSRCs, and how many RTX SSRCs, one publisher can make the server learn from packets. */
    private static final int MAX_LEARNT_SSRCS = 64;

    /**
     * One thread's working copies for {@link #forward} and {@link #sendPadding}: publishers send to
     * one peer concurrently.
     */
    private static final class ForwardScratch {
        final byte[] packet = new byte[MAX_SENT_PACKET];
        final RtpPacket view = new RtpPacket();
        final Vp8Payload vp8Descriptor = new Vp8Payload();
    }

    private static final ThreadLocal<ForwardScratch> FORWARD_SCRATCH = ThreadLocal.withInitial(ForwardScratch::new);

    private final EndpointContext context;
    private final WebRtcPlane plane;
    private final SerialExecutor signalling;
    private final TurnListener turn;
    private final int hostPort;
    private final IceLiteAgent ice;
    private final DtlsCertificate certificate;

    // ---- confined to `signalling` ----
    /** webrtc.md 3; its closed flag is this endpoint's. */
    private final Negotiation negotiation;
    /** Created on the first offer; volatile because the packet thread reads it once per DTLS record. */
    private volatile DtlsServerSession dtls;

    // ---- shared with packet threads ----
    private final Map<Long, InboundTrack.Layer> inboundLayers = new ConcurrentHashMap<>();
    private final Map<Long, InboundTrack> inboundTracks = new ConcurrentHashMap<>();
    private final Map<Long, Subscription> subscriptionsBySsrc = new ConcurrentHashMap<>();
    private volatile SrtpSession srtpIn;
    /** Set once DTLS connects, before dtlsConnected: every subscription's own SRTP session is made from it. */
    private volatile SrtpKeyingMaterial srtpKeys;
    private volatile boolean dtlsConnected;
    /** Reused by this peer's listener thread only. */
    private final RtpPacket inboundView = new RtpPacket();
    private final RtcpReader rtcpReader = new RtcpReader();
    private final InboundRtx inboundRtx = new InboundRtx(MAX_LEARNT_SSRCS);
    private final PublisherNacks publisherNacks = new PublisherNacks(SERVER_RTCP_SSRC, this::sendRtcp);
    /** A subscriber NACK's numbers; more than the cache holds could not all be resent anyway. */
    private final int[] nackedSequenceNumbers = new int[RetransmissionCache.SLOTS];
    /** The published tracks as the listener thread sees them (replaced after every answer). */
    private volatile List<InboundTrack> publishedSnapshot = List.of();

    /** Serialises packets from the client: Chromium checks UDP and TCP relay paths at once. */
    private final Object receiveLock = new Object();
    /** For the server metrics report (metrics.md 4.1). */
    private final EndpointStats stats = new EndpointStats();

    /**
     * Serialises the server's RTCP (NACKs, PLIs, transport-cc feedback: any thread, rarely); its
     * session protects only SERVER_RTCP_SSRC, so it shares no sender state with the subscriptions'.
     */
    private final Object rtcpLock = new Object();
    /** Guarded by rtcpLock. */
    private SrtpSession rtcpOut;
    private final byte[] rtcpBuffer = new byte[MAX_SENT_PACKET];
    private final Object dtlsLock = new Object();
    /** Guarded by dtlsLock. */
    private final Queue<byte[]> heldDtls = new ArrayDeque<>();
    private final TransportCc transportCc;
    private final BandwidthAllocator allocator;

    PeerEndpoint(EndpointContext context, WebRtcPlane plane) {
        this.context = context;
        this.plane = plane;
        this.signalling = new SerialExecutor(plane.signallingExecutor());
        this.certificate = DtlsCertificate.generate(DtlsCertificate.KeyType.ECDSA_P256);
        this.ice = new IceLiteAgent(path -> signalling.execute(() -> onNominated(path)), InstantSource.system());
        this.hostPort = plane.virtualPorts().register(this);
        this.transportCc = new TransportCc(plane.timers(), SERVER_RTCP_SSRC, MAX_PACKET + 64, this::sendRtcp,
                context::sendMediaEvent);
        this.allocator = new BandwidthAllocator(transportCc.sender::allocationLimitBps);
        TurnCredentials credentials = TurnCredentials.withRandomSecret(InstantSource.system());
        try {
            this.turn = plane.openTurnListener(credentials);
        } catch (IOException e) {
            plane.virtualPorts().unregister(hostPort, this);
            transportCc.close();
            throw new UncheckedIOException("no TURN listener for peer " + context.peerId(), e);
        }
        List<MediaEvents.TurnServer> turnServers = plane.turnServers(context.peerId(), turn.port(),
                credentials.issue(context.peerId()));
        this.negotiation = new Negotiation(context, plane, signalling, this, new NegotiationTransport(), turnServers,
                hostPort);
    }

    // ---- MediaEndpoint: calls from the room (under its lock: queue and return) ----------------

    @Override
    public void customEvent(String type, String dataJson) {
        signalling.execute(() -> {
            if (negotiation.closed()) {
                return;
            }
            switch (type) {
                case "renegotiateTracks" -> negotiation.requestNegotiation();
                case "sdpOffer" -> negotiation.onOffer(MediaEvents.parseObject(dataJson));
                case "setTargetTrackVariant" -> negotiation.onTargetVariant(MediaEvents.parseObject(dataJson));
                case "trackVariantBitrates" -> negotiation.onVariantBitrates(MediaEvents.parseObject(dataJson));
                // Client candidates are relay candidates behind our own TURN: nothing to learn (webrtc.md 2.2).
                case "candidate", "prioritizeTrack", "unprioritizeTrack", "preferedVideoSizes" -> {
                }
                default -> LOG.log(Level.WARNING, "Ignoring unknown custom media event type of peer {0}", context.peerId());
            }
        });
    }

    @Override
    public void subscribe(Collection<PublishedTrack> tracks) {
        List<InboundTrack> toAdd = new ArrayList<>();
        for (PublishedTrack track : tracks) {
            if (track instanceof InboundTrack inbound) {
                toAdd.add(inbound);
            }
        }
        signalling.execute(() -> {
            if (negotiation.closed() || toAdd.isEmpty()) {
                return;
            }
            negotiation.subscribe(toAdd);
        });
    }

    @Override
    public Set<String> negotiatedTrackIds(Collection<String> trackIds) {
        return negotiation.negotiatedTrackIds(trackIds);
    }

    @Override
    public void unsubscribe(Collection<String> trackIds) {
        Set<String> ids = Set.copyOf(trackIds);
        negotiation.forgetNegotiated(ids);
        signalling.execute(() -> {
            if (negotiation.closed()) {
                return;
            }
            negotiation.unsubscribe(ids);
        });
    }

    @Override
    public void encodingEnabled(String trackId, String encoding, boolean enabled) {
        // Layer activity is measured from the packets themselves (webrtc.md 5.6): a paused layer
        // stops sending and subscribers fall back to an active one.
    }

    @Override
    public void close() {
        signalling.execute(() -> {
            if (negotiation.closed()) {
                return;
            }
            negotiation.close();
            if (dtls != null) {
                dtls.close();
            }
            turn.close();
            plane.virtualPorts().unregister(hostPort, this);
            plane.endpointClosed(this);
            transportCc.close();
        });
    }

    // ---- what the negotiation needs (signalling executor) ---------------------------------------

    /** A nomination (signalling executor): held DTLS goes out, and the negotiation may complete (R2). */
    private void onNominated(RelayPath path) {
        flushHeldDtls(path);
        negotiation.onNominated();
    }

    /** {@link Negotiation}'s narrow view of this endpoint; every call comes from {@link #signalling}. */
    private final class NegotiationTransport implements Negotiation.Transport {
        @Override
        public void restartIce() {
            ice.restart();
        }

        @Override
        public void setRemoteIceCredentials(String ufrag, String pwd) {
            ice.setRemoteCredentials(ufrag, pwd);
        }

        /** A builder with the current ICE credentials: they change with every restart (R2). */
        @Override
        public AnswerBuilder answerBuilder() {
            return new AnswerBuilder(ice.localUfrag(), ice.localPwd(), certificate.fingerprintSha256());
        }

        @Override
        public void ensureDtls(String remoteFingerprint) {
            if (dtls == null) {
                dtls = new DtlsServerSession(certificate, remoteFingerprint, PeerEndpoint.this::sendDtls, new DtlsEvents());
            }
        }

        @Override
        public boolean dtlsConnected() {
            return dtlsConnected;
        }

        @Override
        public Subscription startForwarding(InboundTrack track, long ssrc, int payloadType) {
            // Negotiations complete only with DTLS connected, so the keys are there.
            Subscription subscription = new Subscription(track, PeerEndpoint.this, ssrc, payloadType,
                    SrtpSession.forServer(srtpKeys), allocator, System.nanoTime());
            allocator.add(subscription);
            subscriptionsBySsrc.put(ssrc, subscription);
            track.attach(subscription);
            subscription.start();
            track.announceVoiceActivity(subscription);
            return subscription;
        }

        @Override
        public void stopForwarding(Subscription subscription) {
            subscription.track.detach(subscription);
            allocator.remove(subscription);
            subscriptionsBySsrc.remove(subscription.ssrc);
        }

        @Override
        public void bindInbound(InboundTrack track, MediaAnswer section) {
            PeerEndpoint.this.bindInbound(track, section);
        }

        @Override
        public void unbindInbound(InboundTrack track) {
            PeerEndpoint.this.unbindInbound(track);
        }

        @Override
        public void answered(List<InboundTrack> published, List<MediaAnswer> sections) {
            publishedSnapshot = published;
            transportCc.negotiated(sections);
        }

        @Override
        public void reallocate() {
            // The allocator runs on the timer thread only: the new target is weighed there, at once.
            plane.timers().execute(() -> allocator.allocate(System.nanoTime()));
        }
    }

    // ---- packets from the client (TURN listener threads, one at a time) -----------------------

    @Override
    public void receive(byte[] data, int offset, int length, RelayPath from) {
        if (length <= 0) {
            return;
        }
        synchronized (receiveLock) {
            receivePacket(data, offset, length, from);
        }
    }

    private void receivePacket(byte[] data, int offset, int length, RelayPath from) {
        countIngress(length);
        int first = data[offset] & 0xFF;
        if (first <= 3) {
            ice.handleStun(data, offset, length, from);
        } else if (first >= 20 && first <= 63) {
            DtlsServerSession session = dtls;
            if (session != null) {
                session.receive(data, offset, length);
            }
        } else if (first >= 128 && first <= 191) {
            receiveMedia(data, offset, length);
        }
    }

    private void receiveMedia(byte[] data, int offset, int length) {
        SrtpSession in = srtpIn;
        if (in == null) {
            return;
        }
        if (Rtcp.isRtcp(data, offset, length)) {
            int plain = in.unprotectRtcp(data, offset, length);
            if (plain > 0) {
                receiveRtcp(data, offset, plain);
            }
            return;
        }
        int plain = in.unprotectRtp(data, offset, length);
        if (plain <= 0 || !inboundView.wrap(data, offset, plain)) {
            return;
        }
        long now = System.nanoTime();
        transportCc.onInboundRtp(inboundView, now);
        long ssrc = inboundView.ssrc();
        InboundTrack.Layer layer = inboundLayers.get(ssrc);
        InboundTrack track = inboundTracks.get(ssrc);
        if (layer == null) {
            InboundRtx.Stream repaired = inboundRtx.unwrap(inboundView);
            if (repaired != null) {
                track = repaired.track();
                layer = repaired.layer();
            } else {
                // Simulcast (and R9) streams carry no SSRC in the SDP: learn them from MID/RID (webrtc.md 5.1).
                track = discoverStream(inboundView);
                layer = track == null ? null : inboundLayers.get(ssrc);
                if (layer == null) {
                    return;
                }
            }
        }
        if (track.video()) {
            // NACK is negotiated for video only (3.11: `a=rtcp-fb:<pt> nack` on video m-lines).
            publisherNacks.onPacket(layer.gaps, inboundView);
        }
        track.onPacket(layer, inboundView, now);
    }

    /**
     * An unknown SSRC: the MID extension names the m-line (so the track), the RID extension the
     * layer; a non-simulcast track answered without rids (R9) has one layer. RTX streams (their
     * payload type differs) are learnt by {@link InboundRtx}.
     */
    private InboundTrack discoverStream(RtpPacket packet) {
        for (InboundTrack track : publishedSnapshot) {
            if (track.midExtensionId <= 0 || packet.payloadType() != track.codec.payloadType()) {
                continue;
            }
            String mid = extensionText(packet, track.midExtensionId);
            if (!track.mid.equals(mid)) {
                continue;
            }
            InboundTrack.Layer layer;
            if (track.simulcast()) {
                String rid = track.ridExtensionId <= 0 ? null : extensionText(packet, track.ridExtensionId);
                layer = rid == null ? null : track.layer(rid);
            } else {
                layer = track.layers.getFirst();
            }
            if (layer == null || layer.ssrc >= 0 || inboundLayers.size() >= MAX_LEARNT_SSRCS) {
                return null;
            }
            learnStream(packet.ssrc(), track, layer);
            return track;
        }
        return null;
    }

    static String extensionText(RtpPacket packet, int id) {
        int offset = packet.extensionOffset(id);
        int length = packet.extensionLength(id);
        if (offset < 0 || length <= 0 || length > 16) {
            return null;
        }
        return new String(packet.buffer(), offset, length, StandardCharsets.US_ASCII);
    }

    /** Learns one stream's SSRC: called by the discovery once MID and RID identified it. */
    void learnStream(long ssrc, InboundTrack track, InboundTrack.Layer layer) {
        layer.ssrc = ssrc;
        inboundLayers.put(ssrc, layer);
        inboundTracks.put(ssrc, track);
    }

    /**
     * Feedback from this peer as a subscriber: keyframe requests go to the publisher (webrtc.md 5.3),
     * NACKs are answered from the retransmission cache (5.4) and never forwarded.
     */
    private void receiveRtcp(byte[] data, int offset, int length) {
        if (!rtcpReader.reset(data, offset, length)) {
            return;
        }
        long now = System.nanoTime();
        while (rtcpReader.next()) {
            if (rtcpReader.packetType() == Rtcp.PSFB
                    && (rtcpReader.format() == Rtcp.FMT_PLI || rtcpReader.format() == Rtcp.FMT_FIR)) {
                Subscription subscription = subscriptionsBySsrc.get(rtcpReader.targetSsrc());
                if (subscription != null) {
                    subscription.track.requestKeyframe(currentLayer(subscription), now);
                }
            } else if (rtcpReader.packetType() == Rtcp.RTPFB && rtcpReader.format() == Rtcp.FMT_NACK) {
                Subscription subscription = subscriptionsBySsrc.get(rtcpReader.targetSsrc());
                if (subscription != null && subscription.retransmissions != null) {
                    resend(subscription.retransmissions,
                            Rtcp.readNack(data, rtcpReader.offset(), rtcpReader.length(), nackedSequenceNumbers), now);
                }
            } else if (rtcpReader.kind() == RtcpKind.TRANSPORT_CC) {
                transportCc.onFeedback(data, rtcpReader.offset(), rtcpReader.length(), now);
            }
        }
    }

    private void resend(RetransmissionCache cache, int count, long now) {
        RelayPath path = ice.selectedPath();
        if (path != null) {
            countEgress(cache.resend(nackedSequenceNumbers, count, now, path));
        }
    }

    private static InboundTrack.Layer currentLayer(Subscription subscription) {
        String rid = subscription.currentEncoding();
        InboundTrack.Layer layer = rid == null ? null : subscription.track.layer(rid);
        return layer == null ? subscription.track.layers.getLast() : layer;
    }

    /** A newly published track (signalling executor, from the answer): its RTX and media SSRCs. */
    private void bindInbound(InboundTrack track, MediaAnswer section) {
        inboundRtx.bind(track, section);
        if (track.simulcast()) {
            return;
        }
        // Non-simulcast: the media SSRC is the first one of the offer that is not an RTX (FID) companion.
        Set<Long> rtx = new HashSet<>();
        section.offer().ssrcGroups().stream().filter(g -> g.semantics().equals("FID") && g.ssrcs().size() == 2)
                .forEach(g -> rtx.add(g.ssrcs().get(1)));
        for (Long ssrc : section.offer().ssrcs().keySet()) {
            if (!rtx.contains(ssrc)) {
                learnStream(ssrc, track, track.layers.getFirst());
                return;
            }
        }
    }

    /** A removed published track (signalling executor, R6): the receive path forgets its SSRCs. */
    private void unbindInbound(InboundTrack track) {
        inboundRtx.unbind(track);
        inboundTracks.values().removeIf(t -> t == track);
        for (InboundTrack.Layer layer : track.layers) {
            if (layer.ssrc >= 0) {
                inboundLayers.remove(layer.ssrc);
            }
        }
    }

    // ---- packets to the client ----------------------------------------------------------------

    /** A keyframe request to this peer as a publisher (webrtc.md 5.3: PLI, which Chromium honours). */
    void sendPli(long mediaSsrc) {
        // Keyframe requests are rare (throttled to one per layer every 500 ms): a small array is fine.
        byte[] pli = new byte[Rtcp.PLI_LENGTH];
        sendRtcp(pli, Rtcp.writePli(pli, 0, SERVER_RTCP_SSRC, mediaSsrc));
    }

    /**
     * Protects and sends one RTCP packet built on a packet thread (NACKs, transport-cc feedback);
     * longer than MAX_PACKET is dropped.
     */
    void sendRtcp(byte[] packet, int length) {
        if (length > MAX_PACKET) {
            return;
        }
        synchronized (rtcpLock) {
            RelayPath path = ice.selectedPath();
            if (path == null || rtcpOut == null) {
                return;
            }
            System.arraycopy(packet, 0, rtcpBuffer, 0, length);
            int protectedLength = rtcpOut.protectRtcp(rtcpBuffer, 0, length);
            if (protectedLength > 0 && path.send(rtcpBuffer, 0, protectedLength)) {
                countEgress(protectedLength);
            }
        }
    }

    /**
     * One packet of a subscribed track (webrtc.md 5.2): the subscriber's SSRC and payload type, the
     * munged sequence number and timestamp, only this session's transport-wide sequence number as
     * header extension (if negotiated), then SRTP and the selected path. Called by the
     * subscription's publisher thread, concurrently with other publishers': no lock.
     */
    void forward(Subscription subscription, RtpPacket packet, int sequenceNumber, long timestamp) {
        int headerLength = RtpPacket.FIXED_HEADER_LENGTH + 4 * packet.csrcCount();
        int payloadStart = packet.payloadOffset();
        int rest = packet.offset() + packet.length() - payloadStart;
        int transportCcId = transportCc.sender.extensionId(); // read once: a renegotiation may change it
        int extensionLength = transportCcId > 0 ? TwccSender.EXTENSION_BLOCK_LENGTH : 0;
        int length = headerLength + extensionLength + rest;
        if (length > MAX_PACKET) {
            return;
        }
        RelayPath path = ice.selectedPath();
        if (path == null) {
            return;
        }
        ForwardScratch scratch = FORWARD_SCRATCH.get();
        byte[] out = scratch.packet;
        System.arraycopy(packet.buffer(), packet.offset(), out, 0, headerLength);
        System.arraycopy(packet.buffer(), payloadStart, out, headerLength + extensionLength, rest);
        out[0] &= (byte) ~0x10; // X bit: the publisher's extension ids mean nothing here
        if (extensionLength > 0) {
            transportCc.sender.stamp(out, 0, headerLength, transportCcId, length, System.nanoTime());
        }
        RtpPacket view = scratch.view;
        if (!view.wrap(out, 0, length)) {
            return;
        }
        if (subscription.vp8Munger != null
                && scratch.vp8Descriptor.parse(out, headerLength + extensionLength, packet.payloadLength())) {
            subscription.vp8Munger.rewrite(scratch.vp8Descriptor, subscription.takeLayerSwitch());
        }
        view.setSsrc(subscription.ssrc);
        view.setPayloadType(subscription.payloadType);
        view.setSequenceNumber(sequenceNumber);
        view.setTimestamp(timestamp);
        protectAndSend(subscription, sequenceNumber, out, length, path);
    }

    /**
     * A padding-only probe on a subscription's stream (webrtc.md 5.6) at the sequence number its
     * munger reserved, stamped for transport-cc so it counts for the estimate, and kept for NACKs
     * like any packet of the stream. Sent by the subscription's publisher thread right after a
     * forward (Subscription.onPacket), so it shares that thread's scratch and the stream's session.
     */
    void sendPadding(Subscription subscription, int sequenceNumber, long timestamp) {
        int transportCcId = transportCc.sender.extensionId();
        int extensionLength = transportCcId > 0 ? TwccSender.EXTENSION_BLOCK_LENGTH : 0;
        RelayPath path = ice.selectedPath();
        if (path == null) {
            return;
        }
        byte[] out = FORWARD_SCRATCH.get().packet;
        int length = PaddingProbe.write(out, 0, subscription.payloadType, sequenceNumber, timestamp,
                subscription.ssrc, extensionLength);
        if (extensionLength > 0) {
            transportCc.sender.stamp(out, 0, RtpPacket.FIXED_HEADER_LENGTH, transportCcId, length, System.nanoTime());
        }
        protectAndSend(subscription, sequenceNumber, out, length, path);
    }

    /**
     * The end of every outbound RTP packet: the subscription's own SRTP session (used by its
     * publisher's thread only), its retransmission cache, then the path.
     */
    private void protectAndSend(Subscription subscription, int sequenceNumber, byte[] packet, int length,
                                RelayPath path) {
        int protectedLength = subscription.srtp.protectRtp(packet, 0, length);
        if (protectedLength <= 0) {
            return;
        }
        if (subscription.retransmissions != null) {
            subscription.retransmissions.store(sequenceNumber, packet, 0, protectedLength);
        }
        if (path.send(packet, 0, protectedLength)) {
            countEgress(protectedLength);
        }
    }

    /** encodingSwitched, also when forwarding first starts (webrtc.md 2.3). */
    void announceEncoding(Subscription subscription, String encoding, String reason) {
        context.sendMediaEvent(MediaEvents.encodingSwitched(subscription.track.endpointId(), subscription.track.id(),
                encoding, reason));
    }

    /** vadNotification, on every change and when forwarding starts (webrtc.md 5.7). */
    void announceVoiceActivity(Subscription subscription, boolean speech) {
        context.sendMediaEvent(MediaEvents.vadNotification(subscription.track.id(), speech));
    }

    /** DTLS output: over the selected path, or held until ICE selects one (webrtc.md 4.5). */
    private void sendDtls(byte[] datagram) {
        synchronized (dtlsLock) {
            RelayPath path = ice.selectedPath();
            if (path == null) {
                if (heldDtls.size() < 64) {
                    heldDtls.add(datagram);
                }
                return;
            }
            if (path.send(datagram)) {
                countEgress(datagram.length);
            }
        }
    }

    private void flushHeldDtls(RelayPath path) {
        synchronized (dtlsLock) {
            for (byte[] datagram; (datagram = heldDtls.poll()) != null; ) {
                if (path.send(datagram)) {
                    countEgress(datagram.length);
                }
            }
        }
    }

    private final class DtlsEvents implements DtlsServerSession.Listener {
        @Override
        public void onConnected(SrtpProfile profile, SrtpKeyingMaterial keys) {
            // One session per thread that uses it: the receiving one here, the server's RTCP, and
            // one per subscription when it starts (never two senders of one SSRC: no keystream reuse).
            srtpIn = SrtpSession.forServer(keys);
            synchronized (rtcpLock) {
                rtcpOut = SrtpSession.forServer(keys);
            }
            srtpKeys = keys;
            dtlsConnected = true;
            signalling.execute(negotiation::maybeComplete);
        }

        @Override
        public void onFailed(Exception cause) {
            signalling.execute(() -> {
                if (!negotiation.closed()) {
                    context.crashed("DTLS handshake failed");
                }
            });
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    String peerId() {
        return context.peerId();
    }

    /** The once-a-second layer activity check of this peer's published tracks (webrtc.md 5.6); timer thread. */
    void checkLayerActivity(long now) {
        for (InboundTrack track : publishedSnapshot) {
            track.checkActivity(now);
        }
    }

    /** One round of this peer's bandwidth allocation as a subscriber (webrtc.md 5.6); timer thread. */
    void allocateBandwidth(long now) {
        allocator.allocate(now);
    }

    /** This peer's part of the server metrics report; called from the report timer. */
    Map<String, Object> metrics() {
        return stats.report(publishedSnapshot);
    }

    private void countIngress(int bytes) {
        plane.countIngress(bytes);
        stats.received(bytes);
    }

    private void countEgress(int bytes) {
        plane.countEgress(bytes);
        stats.sent(bytes);
    }
}
