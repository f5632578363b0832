package io.jellyfish.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jellyfish.api.media.MediaEndpoint;
import io.jellyfish.api.room.PeerLink;
import io.jellyfish.api.room.PeerSnapshot;
import io.jellyfish.api.room.PeerStatus;
import io.jellyfish.api.room.TrackSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A peer's mutable state. Guarded by its room's lock. */
final class Peer {
    static final String TYPE_WEBRTC = "webrtc";

    final String id;
    final boolean enableSimulcast;
    PeerStatus status = PeerStatus.DISCONNECTED;
    PeerLink link;
    /** The metadata as JSON text for the REST view (null for JSON null), and as a tree. */
    String metadata;
    JsonNode metadataNode = NullNode.instance;
    /**
     * The peer's media endpoint is ready: it sent {@code connect} on its current socket and has not
     * left. Only ready endpoints receive and appear in other endpoints' media events.
     */
    boolean ready;
    /** The media endpoint of the current socket; null without a media plane or after leaving. */
    MediaEndpoint endpoint;
    /** Published tracks by id, in publication order. */
    final Map<String, Track> tracks = new LinkedHashMap<>();
    long lastDisconnectedAtNanos;
    Scheduler.Cancellable disconnectTimer;

    Peer(String id, boolean enableSimulcast) {
        this.id = id;
        this.enableSimulcast = enableSimulcast;
    }

    boolean connected() {
        return status == PeerStatus.CONNECTED;
    }

    PeerSnapshot snapshot() {
        List<TrackSnapshot> trackSnapshots = new ArrayList<>(tracks.size());
        for (Track track : tracks.values()) {
            trackSnapshots.add(track.snapshot());
        }
        return new PeerSnapshot(id, TYPE_WEBRTC, status, trackSnapshots, metadata);
    }

    void setMetadata(JsonNode value) {
        metadataNode = value;
        metadata = Signaling.metadataText(value);
    }

    /** Closes the media endpoint, if any. */
    void closeEndpoint() {
        if (endpoint != null) {
            MediaEndpoint closing = endpoint;
            endpoint = null;
            closing.close();
        }
    }

    void cancelDisconnectTimer() {
        if (disconnectTimer != null) {
            disconnectTimer.cancel();
            disconnectTimer = null;
        }
    }
}
