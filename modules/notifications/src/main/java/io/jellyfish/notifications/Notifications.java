package io.jellyfish.notifications;

import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.room.TrackSnapshot;
import io.jellyfish.protocol.ServerNotifications.ServerMessage;
import io.jellyfish.protocol.ServerNotifications.ServerMessage.TrackType;

/** Room events as the {@code ServerMessage} notifications of websockets-and-notifications.md 3.7. */
public final class Notifications {

    private Notifications() {
    }

    /** The notification for {@code event}: exactly one member of {@code content} set. */
    public static ServerMessage toServerMessage(RoomEvent event) {
        ServerMessage.Builder message = ServerMessage.newBuilder();
        switch (event) {
            case RoomEvent.RoomCreated e -> message.setRoomCreated(ServerMessage.RoomCreated.newBuilder().setRoomId(e.roomId()));
            case RoomEvent.RoomDeleted e -> message.setRoomDeleted(ServerMessage.RoomDeleted.newBuilder().setRoomId(e.roomId()));
            case RoomEvent.RoomCrashed e -> message.setRoomCrashed(ServerMessage.RoomCrashed.newBuilder().setRoomId(e.roomId()));
            case RoomEvent.PeerAdded e -> message.setPeerAdded(
                    ServerMessage.PeerAdded.newBuilder().setRoomId(e.roomId()).setPeerId(e.peerId()));
            case RoomEvent.PeerDeleted e -> message.setPeerDeleted(
                    ServerMessage.PeerDeleted.newBuilder().setRoomId(e.roomId()).setPeerId(e.peerId()));
            case RoomEvent.PeerConnected e -> message.setPeerConnected(
                    ServerMessage.PeerConnected.newBuilder().setRoomId(e.roomId()).setPeerId(e.peerId()));
            case RoomEvent.PeerDisconnected e -> message.setPeerDisconnected(
                    ServerMessage.PeerDisconnected.newBuilder().setRoomId(e.roomId()).setPeerId(e.peerId()));
            case RoomEvent.PeerCrashed e -> message.setPeerCrashed(ServerMessage.PeerCrashed.newBuilder()
                    .setRoomId(e.roomId()).setPeerId(e.peerId()).setReason(e.reason() == null ? "" : e.reason()));
            case RoomEvent.ComponentCrashed e -> message.setComponentCrashed(
                    ServerMessage.ComponentCrashed.newBuilder().setRoomId(e.roomId()).setComponentId(e.componentId()));
            case RoomEvent.PeerMetadataUpdated e -> message.setPeerMetadataUpdated(ServerMessage.PeerMetadataUpdated.newBuilder()
                    .setRoomId(e.roomId()).setPeerId(e.peerId()).setMetadata(e.metadata() == null ? "null" : e.metadata()));
            case RoomEvent.TrackAdded e -> {
                ServerMessage.TrackAdded.Builder added = ServerMessage.TrackAdded.newBuilder()
                        .setRoomId(e.roomId()).setTrack(track(e.track()));
                if (e.fromComponent()) {
                    added.setComponentId(e.endpointId());
                } else {
                    added.setPeerId(e.endpointId());
                }
                message.setTrackAdded(added);
            }
            case RoomEvent.TrackRemoved e -> {
                ServerMessage.TrackRemoved.Builder removed = ServerMessage.TrackRemoved.newBuilder()
                        .setRoomId(e.roomId()).setTrack(track(e.track()));
                if (e.fromComponent()) {
                    removed.setComponentId(e.endpointId());
                } else {
                    removed.setPeerId(e.endpointId());
                }
                message.setTrackRemoved(removed);
            }
            case RoomEvent.TrackMetadataUpdated e -> {
                ServerMessage.TrackMetadataUpdated.Builder updated = ServerMessage.TrackMetadataUpdated.newBuilder()
                        .setRoomId(e.roomId()).setTrack(track(e.track()));
                if (e.fromComponent()) {
                    updated.setComponentId(e.endpointId());
                } else {
                    updated.setPeerId(e.endpointId());
                }
                message.setTrackMetadataUpdated(updated);
            }
        }
        return message.build();
    }

    /** A track: its metadata as JSON text ({@code "null"} when none), VIDEO/AUDIO or UNSPECIFIED. */
    static ServerMessage.Track track(TrackSnapshot track) {
        TrackType type = switch (track.type() == null ? "" : track.type()) {
            case "video" -> TrackType.TRACK_TYPE_VIDEO;
            case "audio" -> TrackType.TRACK_TYPE_AUDIO;
            default -> TrackType.TRACK_TYPE_UNSPECIFIED;
        };
        return ServerMessage.Track.newBuilder()
                .setId(track.id())
                .setType(type)
                .setMetadata(track.metadata() == null ? "null" : track.metadata())
                .build();
    }

    /** The room a notification ends: after it the room's webhook is forgotten (section 4). */
    static boolean endsRoom(RoomEvent event) {
        return event instanceof RoomEvent.RoomDeleted || event instanceof RoomEvent.RoomCrashed;
    }
}
