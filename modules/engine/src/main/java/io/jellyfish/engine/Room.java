package io.jellyfish.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.media.EndpointContext;
import io.jellyfish.api.media.MediaEndpoint;
import io.jellyfish.api.media.MediaPlane;
import io.jellyfish.api.media.PublishedTrack;
import io.jellyfish.api.room.PeerLink;
import io.jellyfish.api.room.PeerSnapshot;
import io.jellyfish.api.room.PeerStatus;
import io.jellyfish.api.room.RoomConfig;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomSnapshot;
import io.jellyfish.api.room.VideoCodec;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One room: its peers and the two purge timers of http-api.md 5.4 and 5.5. Every method runs
 * under the room's own lock, so rooms never contend with each other and events of one room are
 * published in the order they happened.
 */
final class Room {

    private static final System.Logger LOG = System.getLogger(Room.class.getName());

    static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_INTERNAL_ERROR = 1011;
    static final String REASON_PEER_REMOVED = "Peer removed";
    static final String REASON_ROOM_STOPPED = "Room stopped";

    final String id;
    final RoomConfig config;
    private final Scheduler scheduler;
    private final Consumer<RoomEvent> events;
    private final Consumer<Room> onPurged;
    /** Null without a media plane (JF_WEBRTC_USED=false, or engine tests): signalling only. */
    private final MediaPlane mediaPlane;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private boolean closed;
    private long lastPeerlessAtNanos;
    private Scheduler.Cancellable peerlessTimer;

    /**
     * @param events   where the room publishes its events, in order
     * @param onPurged called (under this room's lock) after the peerless purge stopped the room,
     *                 so the engine can drop it from its registry
     */
    Room(RoomConfig config, Scheduler scheduler, Consumer<RoomEvent> events, Consumer<Room> onPurged, MediaPlane mediaPlane) {
        this.id = config.roomId();
        this.mediaPlane = mediaPlane;
        this.config = config;
        this.scheduler = scheduler;
        this.events = events;
        this.onPurged = onPurged;
    }

    /** Called once, after the room is visible: publishes RoomCreated and starts the peerless countdown. */
    synchronized void start() {
        events.accept(new RoomEvent.RoomCreated(id, config.webhookUrl()));
        restartPeerlessCountdownIfPeerless();
    }

    /** A consistent view, or null once the room has stopped. */
    synchronized RoomSnapshot snapshot() {
        if (closed) {
            return null;
        }
        List<PeerSnapshot> peerSnapshots = new ArrayList<>(peers.size());
        for (Peer peer : peers.values()) {
            peerSnapshots.add(peer.snapshot());
        }
        return new RoomSnapshot(id, config, List.of(), peerSnapshots);
    }



    synchronized long forwardedTracks() {
        long tracks = 0;
        for (Peer peer : peers.values()) {
            tracks += peer.tracks.size();
        }
        return tracks;
    }

    synchronized Peer addPeer(boolean enableSimulcast) {
        ensureOpen();
        if (config.maxPeers() != null && peers.size() >= config.maxPeers()) {
            throw RoomException.peerLimitReached(id);
        }
        Peer peer = new Peer(UUID.randomUUID().toString(), enableSimulcast);
        peers.put(peer.id, peer);
        events.accept(new RoomEvent.PeerAdded(id, peer.id));
        startDisconnectCountdown(peer);
        restartPeerlessCountdownIfPeerless();
        return peer;
    }

    synchronized void removePeer(String peerId) {
        ensureOpen();
        Peer peer = peers.get(peerId);
        if (peer == null) {
            throw RoomException.peerNotFound(peerId);
        }
        removePeer(peer);
    }

    /** Binds an authenticated socket; failure messages are the peer socket's close reasons. */
    synchronized Peer connect(String peerId, PeerLink link) {
        if (closed) {
            throw new RoomException(RoomException.Kind.NOT_FOUND, "room not found");
        }
        Peer peer = peers.get(peerId);
        if (peer == null) {
            throw new RoomException(RoomException.Kind.NOT_FOUND, "peer not found");
        }
        if (peer.connected()) {
            throw new RoomException(RoomException.Kind.BAD_REQUEST, "peer already connected");
        }
        peer.status = PeerStatus.CONNECTED;
        peer.link = link;
        peer.ready = false;
        peer.cancelDisconnectTimer();
        // A connected peer ends peerlessness: the pending check will find the room not peerless.
        cancelPeerlessTimer();
        events.accept(new RoomEvent.PeerConnected(id, peer.id));
        return peer;
    }

    /** The socket of {@code link} closed. Ignored if the peer is gone or bound to a newer socket. */
    synchronized void disconnect(String peerId, PeerLink link) {
        Peer peer = peers.get(peerId);
        if (closed || peer == null || peer.link != link || !peer.connected()) {
            return;
        }
        // notifications.md 3.8 H: PeerDisconnected first, then the tracks it had; the other
        // endpoints learn that this one left (webrtc.md 3.7).
        peer.status = PeerStatus.DISCONNECTED;
        peer.link = null;
        events.accept(new RoomEvent.PeerDisconnected(id, peer.id));
        leaveMedia(peer);
        startDisconnectCountdown(peer);
        restartPeerlessCountdownIfPeerless();
    }

    // ---- media events (webrtc.md 2, without a media plane) -------------------------------------

    /**
     * A media event from the peer's socket {@code link}. Dropped when the room stopped, the peer is
     * gone or bound to another socket; malformed or unknown events are logged and ignored.
     */
    synchronized void mediaEvent(String peerId, PeerLink link, Signaling.Incoming event) {
        Peer peer = peers.get(peerId);
        if (closed || peer == null || peer.link != link || !peer.connected()) {
            return;
        }
        if (!event.dataIsObjectOrAbsent()) {
            LOG.log(Level.WARNING, "Ignoring media event \"{0}\" of peer {1} in room {2}: data is not an object",
                    event.type(), peerId, id);
            return;
        }
        switch (event.type()) {
            case "connect" -> connectEndpoint(peer, event.field("metadata"));
            case "updateEndpointMetadata" -> updateEndpointMetadata(peer, event.field("metadata"));
            // Decision (webrtc.md 2.2): leaving is leaving, the endpoint goes now, not when the socket closes.
            case "disconnect" -> leaveMedia(peer);
            case "custom" -> customEvent(peer, event);
            case "updateTrackMetadata" -> updateTrackMetadata(peer, event.text("trackId"), event.field("trackMetadata"));
            case "enableTrackEncoding" -> trackEncoding(peer, true, event.text("trackId"), event.text("encoding"));
            case "disableTrackEncoding" -> trackEncoding(peer, false, event.text("trackId"), event.text("encoding"));
            default -> LOG.log(Level.WARNING, "Ignoring unknown media event type \"{0}\" of peer {1} in room {2}",
                    printable(event.type()), peerId, id);
        }
    }

    /** {@code connect}: the endpoint becomes ready, learns the others, and they learn it. */
    private void connectEndpoint(Peer peer, JsonNode metadata) {
        if (peer.ready) {
            LOG.log(Level.WARNING, "Ignoring a second \"connect\" of peer {0} in room {1}", peer.id, id);
            return;
        }
        List<Signaling.Endpoint> others = new ArrayList<>();
        for (Peer other : peers.values()) {
            if (other != peer && other.ready) {
                others.add(new Signaling.Endpoint(other.id, other.metadataNode, other.tracks.values()));
            }
        }
        peer.ready = true;
        peer.setMetadata(metadata);
        peer.link.sendMediaEvent(Signaling.connected(peer.id, others));
        // The media endpoint opens now rather than when the socket authenticates (as Jellyfish does):
        // a socket that never sends connect costs no TURN listener, thread or certificate, which keeps
        // 10,000 idle authenticated sockets cheap; the SDK sends connect right after authenticated.
        openEndpoint(peer);
        // The newcomer learns every origin's tracks, then negotiates to receive them (webrtc.md 3.4).
        List<PublishedTrack> toReceive = new ArrayList<>();
        for (Peer other : peers.values()) {
            if (other != peer && other.ready && !other.tracks.isEmpty()) {
                peer.link.sendMediaEvent(Signaling.tracksAdded(other.id, other.tracks.values()));
                other.tracks.values().forEach(track -> toReceive.add(track.published));
            }
        }
        if (peer.endpoint != null && !toReceive.isEmpty()) {
            peer.endpoint.subscribe(toReceive);
        }
        String added = Signaling.endpointAdded(peer.id, metadata);
        for (Peer other : peers.values()) {
            if (other != peer && other.ready) {
                other.link.sendMediaEvent(added);
            }
        }
        // notifications.md 3.7: every time the endpoint becomes ready, with the metadata of connect.
        events.accept(new RoomEvent.PeerMetadataUpdated(id, peer.id, Signaling.metadataNotificationText(metadata)));
    }

    /** {@code updateEndpointMetadata}: only a changed value is stored and announced, to every ready endpoint. */
    private void updateEndpointMetadata(Peer peer, JsonNode metadata) {
        if (!peer.ready || metadata.equals(peer.metadataNode)) {
            return;
        }
        peer.setMetadata(metadata);
        String updated = Signaling.endpointUpdated(peer.id, metadata);
        for (Peer each : peers.values()) {
            if (each.ready) {
                each.link.sendMediaEvent(updated);
            }
        }
        events.accept(new RoomEvent.PeerMetadataUpdated(id, peer.id, Signaling.metadataNotificationText(metadata)));
    }

    /**
     * The endpoint of {@code peer} is gone (left, socket closed, deleted, crashed): its tracks are
     * unpublished and the remaining ready endpoints are told, {@code tracksRemoved} before
     * {@code endpointRemoved} (webrtc.md 3.7), and only for tracks they negotiated (R7).
     */
    private void leaveMedia(Peer peer) {
        List<String> trackIds = new ArrayList<>(peer.tracks.keySet());
        removeTracks(peer);
        if (peer.ready) {
            peer.ready = false;
            String removed = Signaling.endpointRemoved(peer.id);
            for (Peer other : peers.values()) {
                if (other != peer && other.ready) {
                    announceRemoval(other, peer.id, trackIds);
                    other.link.sendMediaEvent(removed);
                    if (other.endpoint != null && !trackIds.isEmpty()) {
                        other.endpoint.unsubscribe(trackIds);
                    }
                }
            }
        }
        peer.closeEndpoint();
    }

    /** {@code tracksRemoved} to {@code receiver} for the tracks of {@code originId} it knows from an answer. */
    private static void announceRemoval(Peer receiver, String originId, List<String> trackIds) {
        if (receiver.endpoint == null || trackIds.isEmpty()) {
            return;
        }
        Set<String> negotiated = receiver.endpoint.negotiatedTrackIds(trackIds);
        List<String> known = trackIds.stream().filter(negotiated::contains).toList();
        if (!known.isEmpty()) {
            receiver.link.sendMediaEvent(Signaling.tracksRemoved(originId, known));
        }
    }

    /** A {@code custom} event: the media plane's business (SDP, candidates, simulcast requests). */
    private void customEvent(Peer peer, Signaling.Incoming event) {
        Signaling.Incoming inner = event.unwrapCustom();
        if (inner == null) {
            LOG.log(Level.WARNING, "Ignoring a custom media event of peer {0} in room {1}: data.type is not a string", peer.id, id);
            return;
        }
        if (!peer.ready || peer.endpoint == null) {
            LOG.log(Level.DEBUG, "Ignoring custom media event \"{0}\" of peer {1}: no media endpoint", printable(inner.type()), peer.id);
            return;
        }
        peer.endpoint.customEvent(inner.type(), inner.dataJson());
    }

    /** {@code updateTrackMetadata}: a changed value is stored, notified and sent to the receivers. */
    private void updateTrackMetadata(Peer peer, String trackId, JsonNode metadata) {
        Track track = trackId == null ? null : peer.tracks.get(trackId);
        if (track == null) {
            LOG.log(Level.WARNING, "Ignoring updateTrackMetadata of peer {0} in room {1}: no such track", peer.id, id);
            return;
        }
        if (metadata.equals(track.metadata)) {
            return;
        }
        track.metadata = metadata;
        events.accept(new RoomEvent.TrackMetadataUpdated(id, peer.id, false, track.snapshot()));
        sendToOthers(peer, Signaling.trackUpdated(peer.id, trackId, metadata));
    }

    /** {@code enable/disableTrackEncoding}: only a real change of a layer the track has is relayed (Q2). */
    private void trackEncoding(Peer peer, boolean enabled, String trackId, String encoding) {
        Track track = trackId == null ? null : peer.tracks.get(trackId);
        if (track == null || encoding == null || !track.published.simulcast()
                || !track.published.encodings().contains(encoding)) {
            LOG.log(Level.DEBUG, "Ignoring a track encoding change of peer {0}: unknown track or encoding", peer.id);
            return;
        }
        boolean changed = enabled ? track.disabledEncodings.remove(encoding) : track.disabledEncodings.add(encoding);
        if (!changed) {
            return;
        }
        if (peer.endpoint != null) {
            peer.endpoint.encodingEnabled(trackId, encoding, enabled);
        }
        sendToOthers(peer, Signaling.trackEncoding(enabled, peer.id, trackId, encoding));
    }

    private void sendToOthers(Peer peer, String mediaEvent) {
        for (Peer other : peers.values()) {
            if (other != peer && other.ready) {
                other.link.sendMediaEvent(mediaEvent);
            }
        }
    }

    // ---- the media plane's calls ----------------------------------------------------------------

    /** Opens the media endpoint of a ready peer, once per socket (again after it left with {@code disconnect}). */
    private void openEndpoint(Peer peer) {
        if (mediaPlane == null || peer.endpoint != null) {
            return;
        }
        EndpointLink context = new EndpointLink(peer, peer.link);
        try {
            context.endpoint = mediaPlane.openEndpoint(context);
            peer.endpoint = context.endpoint;
        } catch (RuntimeException e) {
            // E.g. no free TURN port: a peer without media would wait for offerData forever, so its
            // socket closes as after a crash (webrtc.md 3.7: 1011) and the client can report it.
            LOG.log(Level.ERROR, "Cannot open the media endpoint of peer " + peer.id + " in room " + id, e);
            peer.link.close(CLOSE_INTERNAL_ERROR, "Internal server error");
        }
    }

    /** The room as one media endpoint sees it; stale once the peer's socket or endpoint changed. */
    private final class EndpointLink implements EndpointContext {
        private final Peer peer;
        private final PeerLink link;
        MediaEndpoint endpoint;

        EndpointLink(Peer peer, PeerLink link) {
            this.peer = peer;
            this.link = link;
        }

        @Override
        public String roomId() {
            return id;
        }

        @Override
        public String peerId() {
            return peer.id;
        }

        @Override
        public boolean simulcastEnabled() {
            return peer.enableSimulcast;
        }

        @Override
        public VideoCodec videoCodec() {
            return config.videoCodec();
        }

        @Override
        public void sendMediaEvent(String json) {
            // The socket's own queue orders it after everything the room sent before; a closed socket drops it.
            link.sendMediaEvent(json);
        }

        private boolean current() {
            return !closed && peers.get(peer.id) == peer && peer.link == link && peer.endpoint == endpoint && endpoint != null;
        }

        @Override
        public void published(List<PublishedTrack> tracks) {
            synchronized (Room.this) {
                if (!current() || !peer.ready) {
                    return;
                }
                List<Track> added = new ArrayList<>(tracks.size());
                for (PublishedTrack published : tracks) {
                    if (peer.tracks.containsKey(published.id())) {
                        continue;
                    }
                    Track track = new Track(published);
                    peer.tracks.put(published.id(), track);
                    added.add(track);
                    events.accept(new RoomEvent.TrackAdded(id, peer.id, false, track.snapshot()));
                }
                if (added.isEmpty()) {
                    return;
                }
                String tracksAdded = Signaling.tracksAdded(peer.id, added);
                List<PublishedTrack> publishedTracks = added.stream().map(track -> track.published).toList();
                for (Peer other : peers.values()) {
                    if (other != peer && other.ready) {
                        other.link.sendMediaEvent(tracksAdded);
                        if (other.endpoint != null) {
                            other.endpoint.subscribe(publishedTracks);
                        }
                    }
                }
            }
        }

        @Override
        public void unpublished(List<String> trackIds) {
            synchronized (Room.this) {
                if (!current()) {
                    return;
                }
                List<String> removed = new ArrayList<>();
                for (String trackId : trackIds) {
                    Track track = peer.tracks.remove(trackId);
                    if (track != null) {
                        removed.add(trackId);
                        events.accept(new RoomEvent.TrackRemoved(id, peer.id, false, track.snapshot()));
                    }
                }
                if (removed.isEmpty()) {
                    return;
                }
                for (Peer other : peers.values()) {
                    if (other != peer && other.ready) {
                        announceRemoval(other, peer.id, removed);
                        if (other.endpoint != null) {
                            other.endpoint.unsubscribe(removed);
                        }
                    }
                }
            }
        }

        @Override
        public void crashed(String reason) {
            synchronized (Room.this) {
                if (!current()) {
                    return;
                }
                // notifications.md 3.8 L: socket closed 1011, TrackRemoved x n, PeerCrashed; the peer is gone.
                LOG.log(Level.ERROR, "Media endpoint of peer {0} in room {1} crashed: {2}", peer.id, id, reason);
                link.close(CLOSE_INTERNAL_ERROR, reason);
                peer.status = PeerStatus.DISCONNECTED;
                peer.link = null;
                peer.cancelDisconnectTimer();
                leaveMedia(peer);
                peers.remove(peer.id);
                events.accept(new RoomEvent.PeerCrashed(id, peer.id, reason));
                restartPeerlessCountdownIfPeerless();
            }
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** Stops the room: closes every socket with {@code reason} and publishes the final event. */
    synchronized void stop(String reason, RoomEvent finalEvent) {
        if (closed) {
            return;
        }
        closed = true;
        cancelPeerlessTimer();
        // notifications.md 3.8 O: per peer TrackRemoved and PeerDeleted (no PeerDisconnected), then the final event.
        for (Peer peer : peers.values()) {
            peer.cancelDisconnectTimer();
            if (peer.connected()) {
                peer.link.close(CLOSE_NORMAL, reason);
                peer.status = PeerStatus.DISCONNECTED;
                peer.link = null;
            }
            // Every endpoint goes at once and every socket is closing: no endpointRemoved to anyone.
            peer.ready = false;
            removeTracks(peer);
            peer.closeEndpoint();
            events.accept(new RoomEvent.PeerDeleted(id, peer.id));
        }
        peers.clear();
        events.accept(finalEvent);
    }

    // ---- timers -------------------------------------------------------------------------------

    private void restartPeerlessCountdownIfPeerless() {
        Integer timeout = config.peerlessPurgeTimeout();
        if (timeout == null || closed || !isPeerless()) {
            return;
        }
        cancelPeerlessTimer();
        lastPeerlessAtNanos = scheduler.nanoTime();
        peerlessTimer = scheduler.schedule(Duration.ofSeconds(timeout), this::onPeerlessTimer);
    }

    /** The peerless countdown fired: stop the room if it stayed peerless for the whole timeout. */
    private synchronized void onPeerlessTimer() {
        Integer timeout = config.peerlessPurgeTimeout();
        boolean due = !closed && isPeerless()
                && scheduler.nanoTime() - lastPeerlessAtNanos >= Duration.ofSeconds(timeout).toNanos();
        if (due) {
            stop(REASON_ROOM_STOPPED, new RoomEvent.RoomDeleted(id));
            onPurged.accept(this);
        }
    }

    private void cancelPeerlessTimer() {
        if (peerlessTimer != null) {
            peerlessTimer.cancel();
            peerlessTimer = null;
        }
    }

    private void startDisconnectCountdown(Peer peer) {
        Integer timeout = config.peerDisconnectedTimeout();
        if (timeout == null) {
            return;
        }
        peer.cancelDisconnectTimer();
        peer.lastDisconnectedAtNanos = scheduler.nanoTime();
        peer.disconnectTimer = scheduler.schedule(Duration.ofSeconds(timeout), () -> onDisconnectTimer(peer));
    }

    private synchronized void onDisconnectTimer(Peer peer) {
        Integer timeout = config.peerDisconnectedTimeout();
        boolean stillDue = !closed && peers.get(peer.id) == peer && !peer.connected()
                && scheduler.nanoTime() - peer.lastDisconnectedAtNanos >= Duration.ofSeconds(timeout).toNanos();
        if (stillDue) {
            removePeer(peer);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void removePeer(Peer peer) {
        peer.cancelDisconnectTimer();
        // notifications.md 3.8 I and J: the socket closes, tracks go, PeerDisconnected if it was connected, PeerDeleted.
        if (peer.connected()) {
            peer.link.close(CLOSE_NORMAL, REASON_PEER_REMOVED);
            peer.status = PeerStatus.DISCONNECTED;
            peer.link = null;
            leaveMedia(peer);
            events.accept(new RoomEvent.PeerDisconnected(id, peer.id));
        }
        peers.remove(peer.id);
        events.accept(new RoomEvent.PeerDeleted(id, peer.id));
        restartPeerlessCountdownIfPeerless();
    }

    private void removeTracks(Peer peer) {
        for (Track track : peer.tracks.values()) {
            events.accept(new RoomEvent.TrackRemoved(id, peer.id, false, track.snapshot()));
        }
        peer.tracks.clear();
    }

    private boolean isPeerless() {
        for (Peer peer : peers.values()) {
            if (peer.connected()) {
                return false;
            }
        }
        return true;
    }

    private void ensureOpen() {
        if (closed) {
            throw RoomException.roomNotFound(id);
        }
    }
}
