package io.jellyfish.engine;

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
    String metadata;
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

    void cancelDisconnectTimer() {
        if (disconnectTimer != null) {
            disconnectTimer.cancel();
            disconnectTimer = null;
        }
    }
}
