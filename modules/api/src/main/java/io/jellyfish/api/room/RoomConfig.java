package io.jellyfish.api.room;

import java.util.Objects;

/**
 * A room's options, validated. Nullable fields mean "not set", exactly as they are echoed in JSON.
 *
 * @param roomId                  the room id (a generated UUID when the client gave none)
 * @param maxPeers                the peer limit, or null for no limit
 * @param videoCodec              the enforced codec, or null for any
 * @param webhookUrl              where notifications are POSTed, verbatim, or null
 * @param peerlessPurgeTimeout    seconds a room may stay without connected peers, or null
 * @param peerDisconnectedTimeout seconds a peer may stay disconnected, or null
 */
public record RoomConfig(String roomId, Integer maxPeers, VideoCodec videoCodec, String webhookUrl,
                         Integer peerlessPurgeTimeout, Integer peerDisconnectedTimeout) {
    public RoomConfig {
        Objects.requireNonNull(roomId, "roomId");
    }
}
