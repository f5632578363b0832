package io.jellyfish.webrtc.session;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.jellyfish.webrtc.sdp.CodecChoice;
import io.jellyfish.webrtc.sdp.Direction;
import io.jellyfish.webrtc.sdp.ExtMap;
import io.jellyfish.webrtc.sdp.HeaderExtensions;
import io.jellyfish.webrtc.sdp.MediaAnswer;
import io.jellyfish.webrtc.sdp.MediaKind;
import io.jellyfish.webrtc.sdp.MediaSection;
import io.jellyfish.webrtc.sdp.SdpParseException;
import io.jellyfish.webrtc.sdp.SectionRole;
import io.jellyfish.webrtc.sdp.SessionDescription;
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
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One WebRTC peer's endpoint (webrtc.md 3-5): its own TURN listener and virtual host candidate,
 * ICE-lite, DTLS-SRTP, the negotiation state machine (R1-R10), the tracks it publishes and the
 * subscriptions it receives.
 *
 * <p>Threads: negotiation state is confined to {@link #signalling} (one task at a time); packets
 * arrive on TURN listener threads (this peer's UDP listener, and the shared TCP listener's reader
 * of each connection the client opened) and are handled one at a time under
 * {@link #receiveLock}, so code below it sees a single packet thread; packets towards this peer
 * come from the packet threads of its publishers concurrently, without a lock of this endpoint:
 * each {@link Subscription} is fed by one publisher thread and has its own SRTP session and
 * retransmission cache, {@link #forward} works in the calling thread's scratch, and the
 * transport-cc stamp and the TURN send are safe for concurrent callers. The server's own RTCP,
 * rare, is serialised by {@link #rtcpLock}; DTLS output by {@link #dtlsLock}.
 */
public final class PeerEndpoint implements MediaEndpoint, VirtualPeer {
    private static final System.Logger LOG = System.getLogger(PeerEndpoint.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The SSRC the server signs its RTCP with: it never sends RTP under it. */
    private static final long SERVER_RTCP_SSRC = 1;
    private static final int MAX_PACKET = 1500;
    /**
     * R2: a negotiation whose answer was sent but that did not complete (nomination + DTLS) within
     * this time is restarted with a fresh offerData, as the engine does; only while one is pending.
     */
    private static final long STALLED_NEGOTIATION_SECONDS = 5;
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

    /** An outbound (server to client) track's negotiation state (webrtc.md 3.5). */
    private enum OutboundState { PENDING, READY, LINKED, DISABLED }

    /** Another peer's track this peer receives. */
    private static final class Outbound {
        final InboundTrack track;
        final long ssrc;
        OutboundState state = OutboundState.PENDING;
        String mid;
        OptionalInt payloadType = OptionalInt.empty();
        Subscription subscription;

        Outbound(InboundTrack track, long ssrc) {
            this.track = track;
            this.ssrc = ssrc;
        }
    }

    private final EndpointContext context;
    private final WebRtcPlane plane;
    private final SerialExecutor signalling;
    private final TurnListener turn;
    private final List<MediaEvents.TurnServer> turnServers;
    private final int hostPort;
    private final IceLiteAgent ice;
    private final DtlsCertificate certificate;

    // ---- signalling state (confined to `signalling`) ----
    private final Map<String, InboundTrack> published = new LinkedHashMap<>();
    /** Mids of this peer's sending m-lines that were removed: answered inactive forever, with their pt. */
    private final Map<String, Integer> removedMids = new HashMap<>();
    private final List<Outbound> outbound = new ArrayList<>();
    private final Set<Long> usedSsrcs = new HashSet<>();
    private boolean negotiating;
    private boolean answered;
    private boolean nominatedSinceAnswer;
    private boolean restartWanted;
    private boolean offerDataSent;
    /** Counts negotiations, so a recovery timer knows whether its negotiation is still the current one. */
    private int negotiationNumber;
    private java.util.concurrent.ScheduledFuture<?> stallTimer;
    private boolean closed;
    private DtlsServerSession dtls;

    // ---- shared with packet threads ----
    private final Set<String> negotiatedTrackIds = ConcurrentHashMap.newKeySet();
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
        this.turnServers = plane.turnServers(context.peerId(), turn.port(), credentials.issue(context.peerId()));
    }

    // ---- MediaEndpoint: calls from the room (under its lock: queue and return) ----------------

    @Override
    public void customEvent(String type, String dataJson) {
        signalling.execute(() -> {
            if (closed) {
                return;
            }
            switch (type) {
                case "renegotiateTracks" -> requestNegotiation();
                case "sdpOffer" -> onOffer(MediaEvents.parseObject(dataJson));
                case "setTargetTrackVariant" -> onTargetVariant(MediaEvents.parseObject(dataJson));
                case "trackVariantBitrates" -> onVariantBitrates(MediaEvents.parseObject(dataJson));
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
            if (closed || toAdd.isEmpty()) {
                return;
            }
            for (InboundTrack track : toAdd) {
                outbound.add(new Outbound(track, newSsrc()));
            }
            requestNegotiation();
        });
    }

    @Override
    public Set<String> negotiatedTrackIds(Collection<String> trackIds) {
        Set<String> known = new HashSet<>();
        for (String id : trackIds) {
            if (negotiatedTrackIds.contains(id)) {
                known.add(id);
            }
        }
        return known;
    }

    @Override
    public void unsubscribe(Collection<String> trackIds) {
        Set<String> ids = Set.copyOf(trackIds);
        negotiatedTrackIds.removeAll(ids);
        signalling.execute(() -> {
            if (closed) {
                return;
            }
            boolean renegotiate = false;
            for (Iterator<Outbound> it = outbound.iterator(); it.hasNext(); ) {
                Outbound out = it.next();
                if (!ids.contains(out.track.id())) {
                    continue;
                }
                stopForwarding(out);
                if (out.state == OutboundState.PENDING) {
                    it.remove();
                } else if (out.state != OutboundState.DISABLED) {
                    // Its m-line stays, answered inactive from now on (R4: the slot keeps counting).
                    out.state = OutboundState.DISABLED;
                    renegotiate = true;
                }
            }
            if (renegotiate) {
                requestNegotiation();
            }
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
            if (closed) {
                return;
            }
            closed = true;
            cancelStallTimer();
            for (Outbound out : outbound) {
                stopForwarding(out);
            }
            outbound.clear();
            for (InboundTrack track : published.values()) {
                track.close();
            }
            if (dtls != null) {
                dtls.close();
            }
            turn.close();
            plane.virtualPorts().unregister(hostPort, this);
            plane.endpointClosed(this);
            transportCc.close();
        });
    }

    // ---- negotiation (webrtc.md 3.5, 3.9) ------------------------------------------------------

    /** R3: one negotiation at a time; anything arriving meanwhile starts the next one when it completes. */
    private void requestNegotiation() {
        if (negotiating) {
            restartWanted = true;
        } else {
            startNegotiation();
        }
    }

    /** R1, R2, R4: pending tracks become ready, ICE restarts after the first, and offerData goes out. */
    private void startNegotiation() {
        negotiationNumber++;
        cancelStallTimer();
        negotiating = true;
        answered = false;
        nominatedSinceAnswer = false;
        int audio = 0;
        int video = 0;
        for (Outbound out : outbound) {
            if (out.state == OutboundState.PENDING) {
                out.state = OutboundState.READY;
            }
            if (out.track.video()) {
                video++;
            } else {
                audio++;
            }
        }
        if (offerDataSent) {
            ice.restart();
        }
        offerDataSent = true;
        context.sendMediaEvent(MediaEvents.offerData(audio, video, turnServers));
    }

    /** {@code sdpOffer} (webrtc.md 3.3, 3.4, R5-R10): answer, candidate, then publish what is new. */
    private void onOffer(JsonNode data) {
        JsonNode sdpOffer = data == null ? null : data.get("sdpOffer");
        JsonNode midToTrackIdNode = data == null ? null : data.get("midToTrackId");
        if (sdpOffer == null || !"offer".equals(sdpOffer.path("type").asText(null)) || !sdpOffer.path("sdp").isTextual()
                || midToTrackIdNode == null || !midToTrackIdNode.isObject()) {
            LOG.log(Level.WARNING, "Ignoring an invalid sdpOffer of peer {0}", context.peerId());
            return;
        }
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(sdpOffer.path("sdp").textValue());
        } catch (SdpParseException e) {
            refuse("Invalid SDP offer: " + e.getMessage());
            return;
        }
        Map<String, String> midToTrackId = new HashMap<>();
        midToTrackIdNode.properties().forEach(entry -> {
            if (entry.getValue().isTextual()) {
                midToTrackId.put(entry.getKey(), entry.getValue().textValue());
            }
        });
        JsonNode trackMetadata = data.path("trackIdToTrackMetadata");

        MediaSection first = offer.media().stream().filter(m -> m.kind() == MediaKind.AUDIO || m.kind() == MediaKind.VIDEO)
                .findFirst().orElse(null);
        if (first == null || first.iceUfrag().isEmpty() || first.icePwd().isEmpty() || first.fingerprint().isEmpty()) {
            refuse("Invalid SDP offer: no audio or video section with ICE credentials and a fingerprint");
            return;
        }
        if (dtls == null) {
            dtls = new DtlsServerSession(certificate, first.fingerprint().get().value(), this::sendDtls, new DtlsEvents());
        }
        ice.setRemoteCredentials(first.iceUfrag().get(), first.icePwd().get());

        Map<String, SectionRole> roles = new LinkedHashMap<>();
        Map<String, String> pendingNewTracks = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        // R6: a known inbound track whose mid is gone from midToTrackId was removed by the client.
        for (InboundTrack track : List.copyOf(published.values())) {
            if (!track.id().equals(midToTrackId.get(track.mid))) {
                published.remove(track.id());
                removedMids.put(track.mid, track.codec.payloadType());
                unbindInbound(track);
                track.close();
                removed.add(track.id());
            }
        }
        Map<MediaKind, List<MediaSection>> receiving = new HashMap<>();
        for (MediaSection section : offer.media()) {
            String mid = section.mid().orElse(null);
            if (mid == null || (section.kind() != MediaKind.AUDIO && section.kind() != MediaKind.VIDEO)) {
                continue;
            }
            switch (section.direction()) {
                case SENDONLY -> {
                    String trackId = midToTrackId.get(mid);
                    InboundTrack known = trackId == null ? null : published.get(trackId);
                    if (removedMids.containsKey(mid) || trackId == null) {
                        roles.put(mid, new SectionRole.Inactive(optional(removedMids.get(mid))));
                    } else {
                        roles.put(mid, new SectionRole.Publish(streamId(section, known), context.simulcastEnabled()));
                        if (known == null) {
                            pendingNewTracks.put(mid, trackId);
                        }
                    }
                }
                case RECVONLY -> receiving.computeIfAbsent(section.kind(), k -> new ArrayList<>()).add(section);
                // R6: sendrecv is never produced by the SDK; answering it inactive is safe.
                default -> roles.put(mid, new SectionRole.Inactive(optional(removedMids.get(mid))));
            }
        }
        matchReceivingSections(receiving, roles);

        AnswerBuilder.Answer answer;
        try {
            answer = answerBuilder().answer(offer, roles, plane.policy(context.videoCodec()));
        } catch (SdpParseException e) {
            refuse("Invalid SDP offer: " + e.getMessage());
            return;
        }

        Map<String, String> answerMids = new LinkedHashMap<>();
        List<PublishedTrack> newTracks = new ArrayList<>();
        Map<String, Outbound> outboundByMid = new HashMap<>();
        outbound.stream().filter(out -> out.mid != null).forEach(out -> outboundByMid.put(out.mid, out));
        for (MediaAnswer section : answer.sections()) {
            String mid = section.offer().mid().orElse(null);
            if (mid == null) {
                continue;
            }
            Outbound out = outboundByMid.get(mid);
            if (out != null) {
                if (section.direction() == Direction.SENDONLY) {
                    out.payloadType = OptionalInt.of(section.payloadType());
                } else if (out.state != OutboundState.DISABLED) {
                    // R5: the subscriber's m-line lacks the track's codec, so it stays inactive for good.
                    stopForwarding(out);
                    out.state = OutboundState.DISABLED;
                }
                continue;
            }
            String newTrackId = pendingNewTracks.get(mid);
            if (newTrackId != null && section.direction() == Direction.RECVONLY && section.codec().isPresent()) {
                InboundTrack track = new InboundTrack(newTrackId, context.peerId(), section.offer().kind(),
                        MediaEvents.metadataText(trackMetadata.get(newTrackId)), mid, section.streamId().orElseThrow(),
                        section.codec().get(), section.extensions(), section.receiveRids(), this);
                published.put(newTrackId, track);
                bindInbound(track, section);
                newTracks.add(track);
            } else if (newTrackId != null) {
                // R10: nothing the room can serve in this m-line; it stays inactive.
                removedMids.put(mid, section.payloadType());
            }
        }
        for (InboundTrack track : published.values()) {
            answerMids.put(track.mid, track.id());
            track.setBitrates(data.path("trackIdToTrackBitrates").get(track.id()));
        }
        for (Outbound out : outbound) {
            if (out.mid != null) {
                answerMids.put(out.mid, out.track.id());
                if (out.state != OutboundState.DISABLED) {
                    negotiatedTrackIds.add(out.track.id());
                }
            }
        }
        publishedSnapshot = List.copyOf(published.values());
        transportCc.negotiated(answer.sections());
        context.sendMediaEvent(MediaEvents.sdpAnswer(answer.sdp(), sortedByMid(answerMids)));
        context.sendMediaEvent(MediaEvents.candidate(plane.advertisedIp(), hostPort));
        answered = true;
        int number = negotiationNumber;
        stallTimer = plane.timers().schedule(() -> signalling.execute(() -> recoverStalledNegotiation(number)),
                STALLED_NEGOTIATION_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        if (!newTracks.isEmpty()) {
            context.published(newTracks);
        }
        if (!removed.isEmpty()) {
            context.unpublished(removed);
        }
    }

    /**
     * R5: per kind, the offer's recvonly m-lines in ascending mid order are zipped with the
     * non-pending outbound tracks ordered by their mid (new ones last); surplus lines are inactive.
     */
    private void matchReceivingSections(Map<MediaKind, List<MediaSection>> receiving, Map<String, SectionRole> roles) {
        for (Map.Entry<MediaKind, List<MediaSection>> entry : receiving.entrySet()) {
            List<MediaSection> sections = new ArrayList<>(entry.getValue());
            sections.sort(Comparator.comparingInt(s -> midOrder(s.mid().orElse(""))));
            List<Outbound> tracks = new ArrayList<>();
            for (Outbound out : outbound) {
                if (out.state != OutboundState.PENDING && out.track.mediaKind() == entry.getKey()) {
                    tracks.add(out);
                }
            }
            tracks.sort(Comparator.comparingInt(out -> out.mid == null ? Integer.MAX_VALUE : midOrder(out.mid)));
            for (int i = 0; i < sections.size(); i++) {
                String mid = sections.get(i).mid().orElseThrow();
                if (i >= tracks.size()) {
                    roles.put(mid, new SectionRole.Inactive(OptionalInt.empty()));
                    continue;
                }
                Outbound out = tracks.get(i);
                out.mid = mid;
                if (out.state == OutboundState.DISABLED) {
                    roles.put(mid, new SectionRole.Inactive(out.payloadType));
                } else {
                    roles.put(mid, new SectionRole.Subscribe(out.track.id(), out.track.mediaKind(), out.track.streamId,
                            out.track.codec, out.track.extensionUris, out.ssrc));
                }
            }
        }
    }

    /** R2: the negotiation completes once a nomination follows the answer and DTLS is up. */
    private void onNominated(RelayPath path) {
        flushHeldDtls(path);
        if (answered) {
            nominatedSinceAnswer = true;
        }
        maybeComplete();
    }

    private void maybeComplete() {
        if (closed || !negotiating || !answered || !nominatedSinceAnswer || !dtlsConnected) {
            return;
        }
        negotiating = false;
        cancelStallTimer();
        for (Outbound out : outbound) {
            if (out.state == OutboundState.READY && out.mid != null) {
                out.state = OutboundState.LINKED;
                startForwarding(out);
            }
        }
        if (restartWanted) {
            restartWanted = false;
            startNegotiation();
        }
    }

    private void recoverStalledNegotiation(int number) {
        if (closed || !negotiating || number != negotiationNumber) {
            return;
        }
        LOG.log(Level.INFO, "Negotiation of peer {0} did not complete within {1} s of the answer: restarting ICE",
                context.peerId(), STALLED_NEGOTIATION_SECONDS);
        startNegotiation();
    }

    private void cancelStallTimer() {
        if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
    }

    /** R8: forwarding starts with a keyframe request to the publisher. */
    private void startForwarding(Outbound out) {
        if (out.payloadType.isEmpty()) {
            return;
        }
        // Negotiations complete only with DTLS connected, so the keys are there.
        Subscription subscription = new Subscription(out.track, this, out.ssrc, out.payloadType.getAsInt(),
                SrtpSession.forServer(srtpKeys), allocator, System.nanoTime());
        out.subscription = subscription;
        allocator.add(subscription);
        subscriptionsBySsrc.put(out.ssrc, subscription);
        out.track.attach(subscription);
        subscription.start();
        out.track.announceVoiceActivity(subscription);
    }

    private void stopForwarding(Outbound out) {
        if (out.subscription != null) {
            out.track.detach(out.subscription);
            allocator.remove(out.subscription);
            subscriptionsBySsrc.remove(out.ssrc);
            out.subscription = null;
        }
    }

    private void onTargetVariant(JsonNode data) {
        if (data == null) {
            return;
        }
        String trackId = data.path("trackId").asText(null);
        String variant = data.path("variant").asText(null);
        for (Outbound out : outbound) {
            if (out.track.id().equals(trackId) && out.subscription != null && variant != null) {
                out.subscription.setTarget(variant);
            }
        }
        // The allocator runs on the timer thread only: the new target is weighed there, at once.
        plane.timers().execute(() -> allocator.allocate(System.nanoTime()));
    }

    /** {@code trackVariantBitrates} (webrtc.md 2.2): this peer's new max bitrates for one of its tracks. */
    private void onVariantBitrates(JsonNode data) {
        InboundTrack track = data == null ? null : published.get(data.path("trackId").asText(""));
        if (track != null) {
            track.setBitrates(data.get("variantBitrates"));
        }
    }

    /** SDP the server cannot serve: tell the client and close the peer cleanly (issue #5, bad input). */
    private void refuse(String message) {
        LOG.log(Level.WARNING, "Peer {0}: {1}", context.peerId(), message);
        context.sendMediaEvent(MediaEvents.error(message));
        context.crashed(message);
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
            signalling.execute(PeerEndpoint.this::maybeComplete);
        }

        @Override
        public void onFailed(Exception cause) {
            signalling.execute(() -> {
                if (!closed) {
                    context.crashed("DTLS handshake failed");
                }
            });
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A builder with the current ICE credentials: they change with every restart (R2). */
    private AnswerBuilder answerBuilder() {
        return new AnswerBuilder(ice.localUfrag(), ice.localPwd(), certificate.fingerprintSha256());
    }

    private long newSsrc() {
        while (true) {
            long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
            if (ssrc > SERVER_RTCP_SSRC && usedSsrcs.add(ssrc)) {
                return ssrc;
            }
        }
    }

    private static String streamId(MediaSection section, InboundTrack known) {
        if (known != null) {
            return known.streamId;
        }
        // Reusing the publisher's msid stream id groups its audio and video (webrtc.md 3.11).
        return section.msid().map(msid -> msid.streamId()).filter(id -> !id.isBlank() && !id.equals("-"))
                .orElse(java.util.UUID.randomUUID().toString());
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static int midOrder(String mid) {
        try {
            return Integer.parseInt(mid);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE - 1;
        }
    }

    private static Map<String, String> sortedByMid(Map<String, String> mids) {
        Map<String, String> sorted = new LinkedHashMap<>();
        mids.entrySet().stream().sorted(Comparator.comparingInt(e -> midOrder(e.getKey())))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

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
