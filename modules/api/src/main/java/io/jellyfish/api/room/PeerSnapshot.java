package io.jellyfish.api.room;

import java.util.List;

/**
 * A peer as the REST API shows it.
 *
 * @param id       peer id (UUID)
 * @param type     always {@code webrtc} in this version
 * @param status   connected or disconnected
 * @param tracks   tracks the peer publishes (empty while disconnected)
 * @param metadata the metadata the peer set over signalling, as JSON text, or null
 */
public record PeerSnapshot(String id, String type, PeerStatus status, List<TrackSnapshot> tracks, String metadata) {
    public PeerSnapshot {
        tracks = List.copyOf(tracks);
    }
}
