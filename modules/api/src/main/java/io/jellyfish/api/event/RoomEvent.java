package io.jellyfish.api.event;

import io.jellyfish.api.room.TrackSnapshot;

/**
 * Everything that happens to a room that someone outside the room may want to know: the
 * notifications of the server socket and webhooks, and the inputs of the metrics.
 */
public sealed interface RoomEvent {
    String roomId();

    /**
     * A room started.
     *
     * @param webhookUrl the room's {@code webhookUrl}, verbatim, or null: carried here so that the
     *                   node owning the room registers it before this first notification is sent
     */
    record RoomCreated(String roomId, String webhookUrl) implements RoomEvent {
        /** A room without a webhook. */
        public RoomCreated(String roomId) {
            this(roomId, null);
        }
    }

    /** A room stopped by request or by the peerless purge. */
    record RoomDeleted(String roomId) implements RoomEvent {}

    record RoomCrashed(String roomId) implements RoomEvent {}

    record PeerAdded(String roomId, String peerId) implements RoomEvent {}

    record PeerDeleted(String roomId, String peerId) implements RoomEvent {}

    record PeerConnected(String roomId, String peerId) implements RoomEvent {}

    record PeerDisconnected(String roomId, String peerId) implements RoomEvent {}

    record PeerCrashed(String roomId, String peerId, String reason) implements RoomEvent {}

    /** @param metadata the new metadata as JSON text */
    record PeerMetadataUpdated(String roomId, String peerId, String metadata) implements RoomEvent {}

    /** @param endpointId the peer or component that publishes the track */
    record TrackAdded(String roomId, String endpointId, boolean fromComponent, TrackSnapshot track) implements RoomEvent {}

    record TrackRemoved(String roomId, String endpointId, boolean fromComponent, TrackSnapshot track) implements RoomEvent {}

    record TrackMetadataUpdated(String roomId, String endpointId, boolean fromComponent, TrackSnapshot track) implements RoomEvent {}

    record ComponentCrashed(String roomId, String componentId) implements RoomEvent {}
}
