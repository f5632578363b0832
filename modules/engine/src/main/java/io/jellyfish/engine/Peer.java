package io.jellyfish.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jellyfish.api.room.PeerLink;
import io.jellyfish.api.room.PeerSnapshot;
import io.jellyfish.api.room.PeerStatus;
import io.jellyfish.api.room.TrackSnapshot;

import java.util.ArrayList;
import java.util.List;

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
    final List<TrackSnapshot> tracks = new ArrayList<>();
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
        return new PeerSnapshot(id, TYPE_WEBRTC, status, tracks, metadata);
    }

    void setMetadata(JsonNode value) {
        metadataNode = value;
        metadata = Signaling.metadataText(value);
    }

    void cancelDisconnectTimer() {
        if (disconnectTimer != null) {
            disconnectTimer.cancel();
            disconnectTimer = null;
        }
    }
}
