package io.jellyfish.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jellyfish.protocol.PeerNotifications.PeerMessage;
import io.jellyfish.protocol.ServerNotifications.ServerMessage;
import io.jellyfish.protocol.ServerNotifications.ServerMessage.EventType;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The byte examples of websockets-and-notifications.md 1, 2.2 and 3.2.3, both ways. */
class WireBytesTest {

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static void assertBytes(String expected, com.google.protobuf.Message message) {
        assertArrayEquals(hex(expected), message.toByteArray(), () -> "got "
                + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(message.toByteArray()));
    }

    @Test
    void peerMessages() throws InvalidProtocolBufferException {
        PeerMessage authenticated = PeerMessage.newBuilder()
                .setAuthenticated(PeerMessage.Authenticated.getDefaultInstance()).build();
        assertBytes("0A 00", authenticated);
        assertBytes("12 05 0A 03 61 62 63", PeerMessage.newBuilder()
                .setAuthRequest(PeerMessage.AuthRequest.newBuilder().setToken("abc")).build());
        assertBytes("1A 03 0A 01 78", PeerMessage.newBuilder()
                .setMediaEvent(PeerMessage.MediaEvent.newBuilder().setData("x")).build());

        assertEquals(PeerMessage.ContentCase.AUTHENTICATED, PeerMessage.parseFrom(hex("0A 00")).getContentCase());
        PeerMessage auth = PeerMessage.parseFrom(hex("12 05 0A 03 61 62 63"));
        assertEquals("abc", auth.getAuthRequest().getToken());
        assertEquals(PeerMessage.ContentCase.CONTENT_NOT_SET, PeerMessage.parseFrom(new byte[0]).getContentCase());
        // An absent token decodes as "", which the server reports as "invalid token".
        assertEquals("", PeerMessage.parseFrom(hex("12 00")).getAuthRequest().getToken());
    }

    @Test
    void serverHandshakeAndSubscriptions() throws InvalidProtocolBufferException {
        assertBytes("32 00", ServerMessage.newBuilder()
                .setAuthenticated(ServerMessage.Authenticated.getDefaultInstance()).build());
        assertBytes("3A 0D 0A 0B 64 65 76 65 6C 6F 70 6D 65 6E 74", ServerMessage.newBuilder()
                .setAuthRequest(ServerMessage.AuthRequest.newBuilder().setToken("development")).build());
        assertBytes("42 02 08 01", ServerMessage.newBuilder().setSubscribeRequest(
                ServerMessage.SubscribeRequest.newBuilder().setEventType(EventType.EVENT_TYPE_SERVER_NOTIFICATION)).build());
        assertBytes("4A 02 08 01", ServerMessage.newBuilder().setSubscribeResponse(
                ServerMessage.SubscribeResponse.newBuilder().setEventType(EventType.EVENT_TYPE_SERVER_NOTIFICATION)).build());
        assertBytes("42 02 08 02", ServerMessage.newBuilder().setSubscribeRequest(
                ServerMessage.SubscribeRequest.newBuilder().setEventType(EventType.EVENT_TYPE_METRICS)).build());

        // An unknown enum number survives parsing as UNRECOGNIZED: the server must answer it itself.
        ServerMessage unknown = ServerMessage.parseFrom(hex("42 02 08 07"));
        assertEquals(EventType.UNRECOGNIZED, unknown.getSubscribeRequest().getEventType());
        assertEquals(7, unknown.getSubscribeRequest().getEventTypeValue());
    }

    @Test
    void notifications() throws InvalidProtocolBufferException {
        assertBytes("52 04 0A 02 72 31", ServerMessage.newBuilder()
                .setRoomCreated(ServerMessage.RoomCreated.newBuilder().setRoomId("r1")).build());
        // Field numbers of 16 and above take a two-byte tag.
        assertBytes("A2 01 06 0A 01 72 12 01 70", ServerMessage.newBuilder()
                .setPeerAdded(ServerMessage.PeerAdded.newBuilder().setRoomId("r").setPeerId("p")).build());
        assertBytes("AA 01 06 0A 01 72 12 01 70", ServerMessage.newBuilder()
                .setPeerDeleted(ServerMessage.PeerDeleted.newBuilder().setRoomId("r").setPeerId("p")).build());
        assertBytes("12 06 0A 01 72 12 01 70", ServerMessage.newBuilder()
                .setPeerConnected(ServerMessage.PeerConnected.newBuilder().setRoomId("r").setPeerId("p")).build());
        assertBytes("1A 06 0A 01 72 12 01 70", ServerMessage.newBuilder()
                .setPeerDisconnected(ServerMessage.PeerDisconnected.newBuilder().setRoomId("r").setPeerId("p")).build());
        assertBytes("5A 03 0A 01 72", ServerMessage.newBuilder()
                .setRoomDeleted(ServerMessage.RoomDeleted.newBuilder().setRoomId("r")).build());
        assertBytes("0A 03 0A 01 72", ServerMessage.newBuilder()
                .setRoomCrashed(ServerMessage.RoomCrashed.newBuilder().setRoomId("r")).build());
        // A crash without a known reason: proto3 omits the empty string.
        assertBytes("22 06 0A 01 72 12 01 70", ServerMessage.newBuilder()
                .setPeerCrashed(ServerMessage.PeerCrashed.newBuilder().setRoomId("r").setPeerId("p").setReason("")).build());
        assertBytes("82 01 0C 0A 01 72 12 01 70 1A 04 6E 75 6C 6C", ServerMessage.newBuilder()
                .setPeerMetadataUpdated(ServerMessage.PeerMetadataUpdated.newBuilder()
                        .setRoomId("r").setPeerId("p").setMetadata("null")).build());
        assertBytes("62 04 0A 02 7B 7D", ServerMessage.newBuilder()
                .setMetricsReport(ServerMessage.MetricsReport.newBuilder().setMetrics("{}")).build());

        // TrackAdded: oneof endpoint_info (2 = peer, 3 = component), track 4 {id 1, type 2, metadata 3}.
        ServerMessage.Track track = ServerMessage.Track.newBuilder().setId("t")
                .setType(ServerMessage.TrackType.TRACK_TYPE_VIDEO).setMetadata("\"v\"").build();
        assertBytes("8A 01 12 0A 01 72 12 01 70 22 0A 0A 01 74 10 01 1A 03 22 76 22", ServerMessage.newBuilder()
                .setTrackAdded(ServerMessage.TrackAdded.newBuilder().setRoomId("r").setPeerId("p").setTrack(track)).build());
        assertBytes("92 01 12 0A 01 72 1A 01 63 22 0A 0A 01 74 10 01 1A 03 22 76 22", ServerMessage.newBuilder()
                .setTrackRemoved(ServerMessage.TrackRemoved.newBuilder().setRoomId("r").setComponentId("c").setTrack(track)).build());

        ServerMessage parsed = ServerMessage.parseFrom(hex("A2 01 06 0A 01 72 12 01 70"));
        assertEquals(ServerMessage.ContentCase.PEER_ADDED, parsed.getContentCase());
        assertEquals("p", parsed.getPeerAdded().getPeerId());
    }

    @Test
    void garbageIsRejectedByTheParser() {
        assertThrows(InvalidProtocolBufferException.class, () -> ServerMessage.parseFrom(hex("FF FF FF")));
        assertThrows(InvalidProtocolBufferException.class, () -> PeerMessage.parseFrom(hex("12 05 0A")));
    }
}
