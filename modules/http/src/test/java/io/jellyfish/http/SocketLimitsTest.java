package io.jellyfish.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.http.socket.SocketSettings;
import io.jellyfish.notifications.WebhookDispatcher;
import io.jellyfish.protocol.PeerNotifications.PeerMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bounds of the sockets on a server with small limits: a flooding client, a client that does
 * not read, a silent client, pings, and the Origin rule. Only the offending connection closes.
 */
class SocketLimitsTest {

    private static final byte[] AUTHENTICATED = {0x0A, 0x00};

    @TempDir
    static Path resources;
    static TestServer server;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        SocketSettings small = new SocketSettings(Duration.ofSeconds(60), Duration.ofMillis(200), 1 << 20,
                64, 1L << 20, 20, 40, Duration.ofSeconds(30));
        server = new TestServer(resources, config -> withOrigins(config, new JellyfishConfig.CheckOrigin.AllowList(
                        List.of("//allowed.example:8443", "//*.example.org", "https://exact.example.net", "localhost"))),
                new JellyfishHttpServer.Options(small, Duration.ofSeconds(1), WebhookDispatcher.Settings.DEFAULTS));
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

    static JellyfishConfig withOrigins(JellyfishConfig c, JellyfishConfig.CheckOrigin rule) {
        return new JellyfishConfig(c.structuredLogging(), c.ip(), c.port(), c.host(), c.resourcesBasePath(), c.metricsIp(),
                c.metricsPort(), c.roomMetricsTick(), c.distribution(), c.webrtc(), c.sip(), c.recordingUsed(), c.s3(),
                c.gitCommit(), c.apiToken(), c.secretKeyBase(), c.tls(), rule, c.maxRequestBodyBytes(), c.environment());
    }

    private WsClient open(Map<String, String> headers, boolean reading) {
        WsClient client = WsClient.connect(server.wsUri("/socket/peer/websocket"), headers, reading);
        clients.add(client);
        return client;
    }

    private WsClient authenticated(PeerSocketTest.Peer peer) {
        WsClient client = open(Map.of(), true);
        client.sendBinary(PeerSocketTest.authRequest(peer.token()));
        assertArrayEquals(AUTHENTICATED, client.next());
        return client;
    }

    private String status(PeerSocketTest.Peer peer) {
        for (JsonNode each : PeerSocketTest.json(server.get("/room/" + peer.roomId()).body()).at("/data/peers")) {
            if (each.get("id").textValue().equals(peer.peerId())) {
                return each.get("status").textValue();
            }
        }
        return null;
    }

    private static PeerSocketTest.Peer peerIn(String roomId) {
        HttpResponse<String> response = server.postJson("/room/" + roomId + "/peer", "{\"type\":\"webrtc\"}");
        assertEquals(201, response.statusCode(), response.body());
        JsonNode data = PeerSocketTest.json(response.body()).get("data");
        return new PeerSocketTest.Peer(roomId, data.at("/peer/id").textValue(), data.get("token").textValue());
    }

    private static String room() {
        HttpResponse<String> response = server.postJson("/room", "{}");
        assertEquals(201, response.statusCode(), response.body());
        return PeerSocketTest.json(response.body()).at("/data/room/id").textValue();
    }

    private static String mediaEventType(byte[] frame) throws Exception {
        return PeerSocketTest.json(PeerMessage.parseFrom(frame).getMediaEvent().getData()).get("type").textValue();
    }

    @Test
    void aFloodClosesOnlyTheFloodingSocket() throws Exception {
        String roomId = room();
        PeerSocketTest.Peer flooder = peerIn(roomId);
        PeerSocketTest.Peer bystander = peerIn(roomId);
        WsClient calm = authenticated(bystander);
        WsClient client = authenticated(flooder);
        byte[] ignored = PeerSocketTest.mediaEvent("{\"type\":\"nope\"}");
        // 80 frames: twice the burst of 40, more than the 20/s refill can cover while they are sent.
        // Not more: every frame written after the server's close races the close handshake, and a
        // write into a connection the server has dropped surfaces as "Broken pipe" instead of the close.
        for (int i = 0; i < 80 && !client.isClosed(); i++) {
            client.sendBinaryIgnoringFailure(ignored);
        }
        assertEquals(new WsClient.Close(1008, "message rate limit exceeded"), client.awaitClose());
        Polling.await("the flooder to be disconnected", () -> "disconnected".equals(status(flooder)));
        calm.sendBinary(PeerSocketTest.mediaEvent("{\"type\":\"connect\"}"));
        assertEquals("connected", mediaEventType(calm.next()));
        assertEquals("connected", status(bystander));
    }

    @Test
    void aClientThatDoesNotReadIsClosedAndTheRoomCarriesOn() throws Exception {
        String roomId = room();
        PeerSocketTest.Peer slowPeer = peerIn(roomId);
        PeerSocketTest.Peer fastPeer = peerIn(roomId);
        WsClient slow = authenticated(slowPeer);
        slow.sendBinary(PeerSocketTest.mediaEvent("{\"type\":\"connect\"}"));
        assertEquals("connected", mediaEventType(slow.next()));
        slow.pause();
        WsClient fast = authenticated(fastPeer);
        fast.sendBinary(PeerSocketTest.mediaEvent("{\"type\":\"connect\"}"));
        assertEquals("connected", mediaEventType(fast.next()));
        // Each update goes to both endpoints: the slow one's unread share piles up past the bound.
        String big = "y".repeat(256 << 10);
        List<String> fastReceived = new ArrayList<>();
        for (int i = 0; i < 200 && "connected".equals(status(slowPeer)); i++) {
            fast.sendBinary(PeerSocketTest.mediaEvent("{\"type\":\"updateEndpointMetadata\",\"data\":{\"metadata\":\""
                    + i + big + "\"}}"));
            fastReceived.add(mediaEventType(fast.next()));
            // Stay under this server's frame-rate bound (20 per second).
            LockSupport.parkNanos(Duration.ofMillis(60).toNanos());
        }
        Polling.await("the slow peer to be disconnected", () -> "disconnected".equals(status(slowPeer)));
        slow.resume();
        WsClient.Close close = slow.awaitClose(Duration.ofSeconds(10));
        assertTrue(close.code() == 1008 || close.code() == -1, close.toString());
        // The room and the other peer carry on; the fast one learnt that the slow one left.
        fast.sendBinary(PeerSocketTest.mediaEvent("{\"type\":\"updateEndpointMetadata\",\"data\":{\"metadata\":\"last\"}}"));
        for (String type = mediaEventType(fast.next()); !type.equals("endpointUpdated"); type = mediaEventType(fast.next())) {
            fastReceived.add(type);
        }
        assertTrue(fastReceived.contains("endpointRemoved"), fastReceived.toString());
        assertEquals("connected", status(fastPeer));
    }

    @Test
    void aSilentClientIsDroppedAfterTheIdleTimeoutButPongsKeepAnAuthenticatedOneAlive(@TempDir Path dir) {
        SocketSettings idle = new SocketSettings(Duration.ofSeconds(1), Duration.ofMillis(200), 1 << 20,
                64, 1L << 20, 20, 40, Duration.ofSeconds(30));
        try (TestServer shortIdle = new TestServer(dir, UnaryOperator.identity(),
                new JellyfishHttpServer.Options(idle, Duration.ofSeconds(1), WebhookDispatcher.Settings.DEFAULTS))) {
            WsClient silent = WsClient.connect(shortIdle.wsUri("/socket/server/websocket"));
            clients.add(silent);
            assertEquals(new WsClient.Close(1000, ""), silent.awaitClose());

            PeerSocketTest.Peer peer = PeerSocketTest.roomWithPeer(shortIdle);
            WsClient live = WsClient.connect(shortIdle.wsUri("/socket/peer/websocket"));
            clients.add(live);
            live.sendBinary(PeerSocketTest.authRequest(peer.token()));
            assertArrayEquals(AUTHENTICATED, live.next());
            // Pings every 200 ms; the JDK client answers each with a pong, which counts as received.
            Polling.await("more pings than an idle timeout's worth", () -> live.pings.get() >= 8);
            assertFalse(live.isClosed());
        }
    }

    @Test
    void theOriginRule() {
        for (String allowed : List.of("https://allowed.example:8443", "http://a.b.example.org", "http://example.org",
                "https://exact.example.net", "http://localhost:3000")) {
            WsClient client = open(Map.of("Origin", allowed), true);
            assertFalse(client.isClosed(), allowed);
        }
        // Without an Origin header (not a browser) the upgrade is accepted.
        open(Map.of(), true);
        for (String refused : List.of("https://allowed.example", "http://evil.example", "http://exact.example.net",
                "http://notexample.org", "null")) {
            CompletionException failure = assertThrows(CompletionException.class,
                    () -> open(Map.of("Origin", refused), true), refused);
            assertEquals(403, ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode(), refused);
        }
    }
}
