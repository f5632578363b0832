package io.jellyfish.api.room;

import java.util.List;

/** A consistent, immutable view of one room at one moment. */
public record RoomSnapshot(String id, RoomConfig config, List<ComponentSnapshot> components, List<PeerSnapshot> peers) {
    public RoomSnapshot {
        components = List.copyOf(components);
        peers = List.copyOf(peers);
    }
}
