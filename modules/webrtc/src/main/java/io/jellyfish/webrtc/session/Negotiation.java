package io.jellyfish.webrtc.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.api.media.EndpointContext;
import io.jellyfish.api.media.PublishedTrack;
import io.jellyfish.webrtc.sdp.AnswerBuilder;
import io.jellyfish.webrtc.sdp.Direction;
import io.jellyfish.webrtc.sdp.MediaAnswer;
import io.jellyfish.webrtc.sdp.MediaKind;
import io.jellyfish.webrtc.sdp.MediaSection;
import io.jellyfish.webrtc.sdp.SdpParseException;
import io.jellyfish.webrtc.sdp.SectionRole;
import io.jellyfish.webrtc.sdp.SessionDescription;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One peer's negotiation state machine (webrtc.md 3): offerData (R1-R4), the client's sdpOffer and
 * the answer (R5-R10), the outbound tracks' states (PENDING, READY, LINKED, DISABLED; 3.5), the
 * completion of a negotiation on nomination plus DTLS, and the recovery of a stalled one. It owns
 * the tracks the peer publishes and the ones it is offered; everything about packets stays in
 * {@link PeerEndpoint}, reached through the narrow {@link Transport}.
 *
 * <p>Threads: confined to the endpoint's signalling executor (one task at a time), like the
 * {@link Transport} calls it makes; the stall timer only queues a task there. The one exception is
 * the set of negotiated track ids, which the room reads and trims from its own thread
 * ({@link #negotiatedTrackIds}, {@link #forgetNegotiated}).
 */
final class Negotiation {
    private static final System.Logger LOG = System.getLogger(Negotiation.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * R2: a negotiation whose answer was sent but that did not complete (nomination + DTLS) within
     * this time is restarted with a fresh offerData, as the engine does; only while one is pending.
     */
    private static final long STALLED_NEGOTIATION_SECONDS = 5;

    /**
     * What the negotiation needs from the endpoint's transport and packet paths; called on the
     * signalling executor only.
     */
    interface Transport {
        /** R2: new local ICE credentials for the next offerData. */
        void restartIce();

        /** The client's ICE credentials, from the offer. */
        void setRemoteIceCredentials(String ufrag, String pwd);

        /** A builder with the current local ICE credentials and the DTLS fingerprint. */
        AnswerBuilder answerBuilder();

        /** Creates the DTLS session on the first offer (the client's fingerprint); later calls do nothing. */
        void ensureDtls(String remoteFingerprint);

        /** Whether the DTLS handshake completed: SRTP keys are there. */
        boolean dtlsConnected();

        /** Starts forwarding a subscribed track to the peer (R8: with a keyframe request). */
        Subscription startForwarding(InboundTrack track, long ssrc, int payloadType);

        /** Stops forwarding one subscription started by {@link #startForwarding}. */
        void stopForwarding(Subscription subscription);

        /** A newly published track's SSRCs (RTX, and the media SSRC when not simulcast) for the receive path. */
        void bindInbound(InboundTrack track, MediaAnswer section);

        /** A removed published track: the receive path forgets its SSRCs. */
        void unbindInbound(InboundTrack track);

        /** The answer is about to be sent: the packet paths adopt its published tracks and header extensions. */
        void answered(List<InboundTrack> published, List<MediaAnswer> sections);

        /** A subscriber's target variant changed: a bandwidth allocation round, on the timer thread. */
        void reallocate();
    }

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
    private final Transport transport;
    /** The publisher of this peer's inbound tracks (their keyframe requests go through it). */
    private final PeerEndpoint endpoint;
    private final List<MediaEvents.TurnServer> turnServers;
    private final int hostPort;

    // ---- confined to `signalling` ----
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
    private ScheduledFuture<?> stallTimer;
    private boolean closed;

    // ---- shared with the room's thread ----
    private final Set<String> negotiatedTrackIds = ConcurrentHashMap.newKeySet();

    Negotiation(EndpointContext context, WebRtcPlane plane, SerialExecutor signalling, PeerEndpoint endpoint,
                Transport transport, List<MediaEvents.TurnServer> turnServers, int hostPort) {
        this.context = context;
        this.plane = plane;
        this.signalling = signalling;
        this.endpoint = endpoint;
        this.transport = transport;
        this.turnServers = turnServers;
        this.hostPort = hostPort;
    }

    /** Whether the endpoint closed: every later task is a no-op. */
    boolean closed() {
        return closed;
    }

    /** The endpoint closes: no more negotiations, forwarding stops and the published tracks end. */
    void close() {
        closed = true;
        cancelStallTimer();
        for (Outbound out : outbound) {
            stopForwarding(out);
        }
        outbound.clear();
        for (InboundTrack track : published.values()) {
            track.close();
        }
    }

    // ---- the room's subscriptions -------------------------------------------------------------

    /** New tracks for this peer: PENDING until the next negotiation (R1). */
    void subscribe(List<InboundTrack> tracks) {
        for (InboundTrack track : tracks) {
            outbound.add(new Outbound(track, newSsrc()));
        }
        requestNegotiation();
    }

    /** Which of these tracks an answer negotiated; any thread. */
    Set<String> negotiatedTrackIds(Collection<String> trackIds) {
        Set<String> known = new HashSet<>();
        for (String id : trackIds) {
            if (negotiatedTrackIds.contains(id)) {
                known.add(id);
            }
        }
        return known;
    }

    /** The room's thread, at once when it unsubscribes, before {@link #unsubscribe} is queued. */
    void forgetNegotiated(Set<String> trackIds) {
        negotiatedTrackIds.removeAll(trackIds);
    }

    void unsubscribe(Set<String> ids) {
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
    }

    // ---- negotiation (webrtc.md 3.5, 3.9) ------------------------------------------------------

    /** R3: one negotiation at a time; anything arriving meanwhile starts the next one when it completes. */
    void requestNegotiation() {
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
            transport.restartIce();
        }
        offerDataSent = true;
        context.sendMediaEvent(MediaEvents.offerData(audio, video, turnServers));
    }

    /** {@code sdpOffer} (webrtc.md 3.3, 3.4, R5-R10): answer, candidate, then publish what is new. */
    void onOffer(JsonNode data) {
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
        transport.ensureDtls(first.fingerprint().get().value());
        transport.setRemoteIceCredentials(first.iceUfrag().get(), first.icePwd().get());

        Map<String, SectionRole> roles = new LinkedHashMap<>();
        Map<String, String> pendingNewTracks = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        // R6: a known inbound track whose mid is gone from midToTrackId was removed by the client.
        for (InboundTrack track : List.copyOf(published.values())) {
            if (!track.id().equals(midToTrackId.get(track.mid))) {
                published.remove(track.id());
                removedMids.put(track.mid, track.codec.payloadType());
                transport.unbindInbound(track);
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
            answer = transport.answerBuilder().answer(offer, roles, plane.policy(context.videoCodec()));
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
                        section.codec().get(), section.extensions(), section.receiveRids(), endpoint);
                published.put(newTrackId, track);
                transport.bindInbound(track, section);
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
        transport.answered(List.copyOf(published.values()), answer.sections());
        context.sendMediaEvent(MediaEvents.sdpAnswer(answer.sdp(), sortedByMid(answerMids)));
        context.sendMediaEvent(MediaEvents.candidate(plane.advertisedIp(), hostPort));
        answered = true;
        int number = negotiationNumber;
        try {
            stallTimer = plane.timers().schedule(() -> signalling.execute(() -> recoverStalledNegotiation(number)),
                    STALLED_NEGOTIATION_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The media plane is shutting down: nothing left to recover.
        }
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
    void onNominated() {
        if (answered) {
            nominatedSinceAnswer = true;
        }
        maybeComplete();
    }

    /** After a nomination, or once DTLS connects: completes the negotiation if both happened since the answer. */
    void maybeComplete() {
        if (closed || !negotiating || !answered || !nominatedSinceAnswer || !transport.dtlsConnected()) {
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
        out.subscription = transport.startForwarding(out.track, out.ssrc, out.payloadType.getAsInt());
    }

    private void stopForwarding(Outbound out) {
        if (out.subscription != null) {
            transport.stopForwarding(out.subscription);
            out.subscription = null;
        }
    }

    // ---- the client's other signalling ---------------------------------------------------------

    /** {@code setTargetTrackVariant} (webrtc.md 2.2): the variant this peer wants of a track it receives. */
    void onTargetVariant(JsonNode data) {
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
        transport.reallocate();
    }

    /** {@code trackVariantBitrates} (webrtc.md 2.2): this peer's new max bitrates for one of its tracks. */
    void onVariantBitrates(JsonNode data) {
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

    // ---- helpers ------------------------------------------------------------------------------

    private long newSsrc() {
        while (true) {
            long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
            if (ssrc > PeerEndpoint.SERVER_RTCP_SSRC && usedSsrcs.add(ssrc)) {
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
}
