package io.jellyfish.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jellyfish.engine.PeerTokens;
import io.jellyfish.protocol.PeerNotifications.PeerMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The peer socket over a real connection: websockets-and-notifications.md 2 and the tests of 5.1. */
class PeerSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] AUTHENTICATED = {0x0A, 0x00};

    @TempDir
    static Path resources;
    static TestServer server;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = new TestServer(resources, UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void cleanUp() {
        clients.forEach(WsClient::close);
        for (var room : server.engine.listRooms()) {
            server.engine.deleteRoom(room.id());
        }
    }

    record Peer(String roomId, String peerId, String token) {}

    /** The reference setup: a room with maxPeers 1 and one webrtc peer. */
    static Peer roomWithPeer(TestServer server) {
        HttpResponse<String> room = server.postJson("/room", "{\"maxPeers\": 1}");
        assertEquals(201, room.statusCode(), room.body());
        String roomId = json(room.body()).at("/data/room/id").textValue();
        HttpResponse<String> peer = server.postJson("/room/" + roomId + "/peer", "{\"type\": \"webrtc\"}");
        assertEquals(201, peer.statusCode(), peer.body());
        JsonNode data = json(peer.body()).get("data");
        return new Peer(roomId, data.at("/peer/id").textValue(), data.get("token").textValue());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static byte[] authRequest(String token) {
        return PeerMessage.newBuilder().setAuthRequest(PeerMessage.AuthRequest.newBuilder().setToken(token)).build().toByteArray();
    }

    static byte[] mediaEvent(String data) {
        return PeerMessage.newBuilder().setMediaEvent(PeerMessage.MediaEvent.newBuilder().setData(data)).build().toByteArray();
    }

    private WsClient open() {
        WsClient client = WsClient.connect(server.wsUri("/socket/peer/websocket"));
        clients.add(client);
        return client;
    }

    private WsClient authenticated(Peer peer) {
        WsClient client = open();
        client.sendBinary(authRequest(peer.token()));
        assertArrayEquals(AUTHENTICATED, client.next());
        return client;
    }

    private String status(Peer peer) {
        HttpResponse<String> room = server.get("/room/" + peer.roomId());
        for (JsonNode each : json(room.body()).at("/data/peers")) {
            if (each.get("id").textValue().equals(peer.peerId())) {
                return each.get("status").textValue();
            }
        }
        return null;
    }

    private static String mediaEventData(byte[] frame) {
        try {
            PeerMessage message = PeerMessage.parseFrom(frame);
            assertEquals(PeerMessage.ContentCase.MEDIA_EVENT, message.getContentCase());
            return message.getMediaEvent().getData();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    // ---- 5.1 -------------------------------------------------------------------------------------

    @Test
    void invalidToken() {
        Peer peer = roomWithPeer(server);
        WsClient client = open();
        client.sendBinary(authRequest("invalid" + peer.token()));
        assertEquals(new WsClient.Close(1000, "invalid token"), client.awaitClose());
    }

    @Test
    void emptyTokenIsInvalid() {
        WsClient client = open();
        client.sendBinary(authRequest(""));
        assertEquals(new WsClient.Close(1000, "invalid token"), client.awaitClose());
    }

    @Test
    void validTokenAuthenticatesAndConnectsThePeer() {
        Peer peer = roomWithPeer(server);
        authenticated(peer);
        assertEquals("connected", status(peer));
    }

    @Test
    void peerNotFound() {
        Peer peer = roomWithPeer(server);
        String token = new PeerTokens("secret-key-base", Clock.systemUTC()).issue(peer.roomId(), "peer_id");
        WsClient client = open();
        client.sendBinary(authRequest(token));
        assertEquals(new WsClient.Close(1000, "peer not found"), client.awaitClose());
    }

    @Test
    void roomNotFoundAfterTheRoomWasDeleted() {
        Peer peer = roomWithPeer(server);
        assertEquals(204, server.delete("/room/" + peer.roomId()).statusCode());
        WsClient client = open();
        client.sendBinary(authRequest(peer.token()));
        assertEquals(new WsClient.Close(1000, "room not found"), client.awaitClose());
    }

    @Test
    void aSecondAuthRequestIsIgnored() {
        Peer peer = roomWithPeer(server);
        WsClient client = authenticated(peer);
        client.sendBinary(authRequest(peer.token()));
        assertNull(client.next(Duration.ofSeconds(1)));
        assertFalse(client.isClosed());
    }

    @Test
    void peerAlreadyConnected() {
        Peer peer = roomWithPeer(server);
        WsClient first = authenticated(peer);
        WsClient second = open();
        second.sendBinary(authRequest(peer.token()));
        assertEquals(new WsClient.Close(1000, "peer already connected"), second.awaitClose());
        assertFalse(first.isClosed());
        assertEquals("connected", status(peer));
    }

    @Test
    void aMediaEventBeforeAuthenticationIsUnauthenticated() {
        WsClient client = open();
        client.sendBinary(mediaEvent("some data"));
        assertEquals(new WsClient.Close(1000, "unauthenticated"), client.awaitClose());
    }

    @Test
    void anEmptyMessageBeforeAuthenticationIsUnauthenticated() {
        WsClient client = open();
        client.sendBinary(new byte[0]);
        assertEquals(new WsClient.Close(1000, "unauthenticated"), client.awaitClose());
    }

    @Test
    void textFramesAfterAuthenticationAreIgnored() {
        Peer peer = roomWithPeer(server);
        WsClient client = authenticated(peer);
        client.sendText("just a string");
        client.sendText("{\"type\":34}");
        client.sendText("{\"notatype\":45}");
        assertNull(client.next(Duration.ofSeconds(1)));
        assertFalse(client.isClosed());
    }

    @Test
    void connectIsAnsweredWithConnectedAndTheMetadataShowsInTheRoom() {
        Peer peer = roomWithPeer(server);
        WsClient client = authenticated(peer);
        client.sendBinary(mediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":null}}"));
        JsonNode connected = json(mediaEventData(client.next()));
        assertEquals("connected", connected.get("type").textValue());
        assertEquals(peer.peerId(), connected.at("/data/id").textValue());

        client.sendBinary(mediaEvent("{\"type\":\"updateEndpointMetadata\",\"data\":{\"metadata\":{\"name\":\"Jellyuser\"}}}"));
        JsonNode updated = json(mediaEventData(client.next()));
        assertEquals("endpointUpdated", updated.get("type").textValue());
        JsonNode view = json(server.get("/room/" + peer.roomId()).body()).at("/data/peers/0/metadata");
        assertEquals(json("{\"name\":\"Jellyuser\"}"), view);
    }

    @Test
    void deletingThePeerClosesWithPeerRemoved() {
        Peer peer = roomWithPeer(server);
        WsClient client = authenticated(peer);
        assertEquals(204, server.delete("/room/" + peer.roomId() + "/peer/" + peer.peerId()).statusCode());
        assertEquals(new WsClient.Close(1000, "Peer removed"), client.awaitClose());
    }

    @Test
    void deletingTheRoomClosesWithRoomStopped() {
        Peer peer = roomWithPeer(server);
        WsClient client = authenticated(peer);
        assertEquals(204, server.delete("/room/" + peer.roomId()).statusCode());
        assertEquals(new WsClient.Close(1000, "Room stopped"), client.awaitClose());
    }

    // ---- socket end, reconnect -------------------------------------------------------------------

    @Test
    void closingTheSocketDisconnectsThePeerWhichMayReconnectWithTheSameToken() {
        Peer peer = roomWithPeer(server);
        WsClient client = authenticated(peer);
        client.close();
        Polling.await("the peer to be disconnected", () -> "disconnected".equals(status(peer)));
        authenticated(peer);
        assertEquals("connected", status(peer));
    }

    // ---- decision 2 and limits: only the offending connection closes -------------------------

    @Test
    void aTextFrameBeforeAuthenticationCloses1003() {
        WsClient client = open();
        client.sendText("{\"type\":\"connect\"}");
        assertEquals(new WsClient.Close(1003, "unauthenticated"), client.awaitClose());
    }

    @Test
    void malformedProtobufClosesOnlyThatSocketAndDisconnectsItsPeer() {
        Peer peer = roomWithPeer(server);
        Peer other = secondPeer(peer.roomId());
        WsClient bystander = authenticated(other);
        WsClient client = authenticated(peer);
        client.sendBinary(new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertEquals(new WsClient.Close(1003, "malformed protobuf"), client.awaitClose());
        Polling.await("the peer to be disconnected", () -> "disconnected".equals(status(peer)));
        // The room and the other socket carry on.
        bystander.sendBinary(mediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":null}}"));
        assertEquals("connected", json(mediaEventData(bystander.next())).get("type").textValue());
        assertEquals("connected", status(other));
    }

    @Test
    void anOversizedFrameClosesOnlyThatSocket() {
        Peer peer = roomWithPeer(server);
        Peer other = secondPeer(peer.roomId());
        WsClient bystander = authenticated(other);
        WsClient client = authenticated(peer);
        // The server closes while the client is still sending: the send itself may fail.
        client.sendBinaryIgnoringFailure(mediaEvent("x".repeat(2 << 20)));
        // 1009 is sent, but when the server closes mid-frame the client's TCP stack may see the
        // reset before it reads the close frame; either way this socket, and only it, is closed.
        int code = client.awaitClose().code();
        assertTrue(code == 1009 || code == -1, "close code " + code);
        Polling.await("the peer to be disconnected", () -> "disconnected".equals(status(peer)));
        bystander.sendBinary(mediaEvent("{\"type\":\"connect\"}"));
        assertEquals("connected", json(mediaEventData(bystander.next())).get("type").textValue());
    }

    @Test
    void plainRequestsToTheSocketPathsAre400AndTheShortPaths404() {
        for (String path : List.of("/socket/peer/websocket", "/socket/server/websocket")) {
            HttpResponse<String> response = server.get(path);
            assertEquals(400, response.statusCode());
            assertEquals("{\"errors\":{\"detail\":\"Bad Request\"}}", response.body());
        }
        for (String path : List.of("/socket/peer", "/socket/server")) {
            HttpResponse<String> response = server.get(path);
            assertEquals(404, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        }
    }

    private Peer secondPeer(String roomId) {
        // The reference rooms hold one peer: use another room's peer as the bystander when full.
        HttpResponse<String> peer = server.postJson("/room/" + roomId + "/peer", "{\"type\": \"webrtc\"}");
        if (peer.statusCode() != 201) {
            Peer elsewhere = roomWithPeer(server);
            return elsewhere;
        }
        JsonNode data = json(peer.body()).get("data");
        return new Peer(roomId, data.at("/peer/id").textValue(), data.get("token").textValue());
    }
}
