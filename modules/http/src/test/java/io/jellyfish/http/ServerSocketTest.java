package io.jellyfish.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpServer;
import io.jellyfish.notifications.WebhookDispatcher;
import io.jellyfish.http.socket.SocketSettings;
import io.jellyfish.protocol.ServerNotifications.ServerMessage;
import io.jellyfish.protocol.ServerNotifications.ServerMessage.EventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server socket and the webhooks over real connections: websockets-and-notifications.md 3, 4
 * and the tests of 5.2, with the scenarios of 3.8 that exist without a media plane.
 */
class ServerSocketTest {

    @TempDir
    static Path resources;
    static TestServer server;
    static HttpServer receiver;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        server = new TestServer(resources, UnaryOperator.identity(), new JellyfishHttpServer.Options(SocketSettings.DEFAULTS,
                Duration.ofMillis(200), new WebhookDispatcher.Settings(Duration.ofSeconds(2), Duration.ofSeconds(2), 3,
                Duration.ofMillis(20), 1000)));
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.stop(0);
    }

    @AfterEach
    void cleanUp() {
        clients.forEach(WsClient::close);
        for (var room : server.engine.listRooms()) {
            server.engine.deleteRoom(room.id());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static final byte[] AUTHENTICATED = {0x32, 0x00};

    static byte[] authRequest(String token) {
        return ServerMessage.newBuilder().setAuthRequest(ServerMessage.AuthRequest.newBuilder().setToken(token))
                .build().toByteArray();
    }

    static byte[] subscribeRequest(EventType type) {
        return ServerMessage.newBuilder().setSubscribeRequest(ServerMessage.SubscribeRequest.newBuilder().setEventType(type))
                .build().toByteArray();
    }

    static ServerMessage parse(byte[] frame) {
        try {
            return ServerMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private WsClient open() {
        WsClient client = WsClient.connect(server.wsUri("/socket/server/websocket"));
        clients.add(client);
        return client;
    }

    private WsClient authenticated() {
        WsClient client = open();
        client.sendBinary(authRequest(TestServer.TOKEN));
        assertArrayEquals(AUTHENTICATED, client.next());
        return client;
    }

    private static void subscribe(WsClient client, EventType type) {
        client.sendBinary(subscribeRequest(type));
        assertEquals(ServerMessage.newBuilder().setSubscribeResponse(ServerMessage.SubscribeResponse.newBuilder()
                .setEventType(type)).build(), parse(client.next()));
    }

    private WsClient subscribed() {
        WsClient client = authenticated();
        subscribe(client, EventType.EVENT_TYPE_SERVER_NOTIFICATION);
        return client;
    }

    /** A webhook receiver path: records each body in order and answers with {@code status} (0: never answers). */
    static final class Webhook {
        final String url;
        final BlockingQueue<byte[]> bodies = new LinkedBlockingQueue<>();
        final List<String> contentTypes = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);

        Webhook(String name, IntSupplier status) {
            url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhook/" + name + "?q=1";
            receiver.createContext("/webhook/" + name, exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                bodies.add(body);
                int code = status.getAsInt();
                if (code == 0) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    code = 200;
                }
                byte[] ok = "OK".getBytes();
                exchange.sendResponseHeaders(code, ok.length);
                exchange.getResponseBody().write(ok);
                exchange.close();
            });
        }

        ServerMessage next() {
            try {
                byte[] body = bodies.poll(10, TimeUnit.SECONDS);
                if (body == null) {
                    throw new AssertionError("no webhook within 10 s");
                }
                return parse(body);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static int webhooks;

    private static Webhook webhook(IntSupplier status) {
        return new Webhook("hook" + (++webhooks), status);
    }

    private static String createRoom(String body) {
        HttpResponse<String> response = server.postJson("/room", body);
        assertEquals(201, response.statusCode(), response.body());
        return PeerSocketTest.json(response.body()).at("/data/room/id").textValue();
    }

    private static String addPeer(String roomId) {
        HttpResponse<String> response = server.postJson("/room/" + roomId + "/peer", "{\"type\":\"webrtc\"}");
        assertEquals(201, response.statusCode(), response.body());
        return PeerSocketTest.json(response.body()).at("/data/peer/id").textValue();
    }

    private static String token(String roomId, String peerId) {
        return new io.jellyfish.engine.PeerTokens("secret-key-base", java.time.Clock.systemUTC()).issue(roomId, peerId);
    }

    private WsClient connectPeer(String roomId, String peerId) {
        WsClient peer = WsClient.connect(server.wsUri("/socket/peer/websocket"));
        clients.add(peer);
        peer.sendBinary(PeerSocketTest.authRequest(token(roomId, peerId)));
        assertArrayEquals(new byte[]{0x0A, 0x00}, peer.next());
        return peer;
    }

    static ServerMessage roomCreated(String roomId) {
        return ServerMessage.newBuilder().setRoomCreated(ServerMessage.RoomCreated.newBuilder().setRoomId(roomId)).build();
    }

    static ServerMessage roomDeleted(String roomId) {
        return ServerMessage.newBuilder().setRoomDeleted(ServerMessage.RoomDeleted.newBuilder().setRoomId(roomId)).build();
    }

    static ServerMessage peerAdded(String roomId, String peerId) {
        return ServerMessage.newBuilder().setPeerAdded(ServerMessage.PeerAdded.newBuilder().setRoomId(roomId).setPeerId(peerId)).build();
    }

    static ServerMessage peerDeleted(String roomId, String peerId) {
        return ServerMessage.newBuilder().setPeerDeleted(ServerMessage.PeerDeleted.newBuilder().setRoomId(roomId).setPeerId(peerId)).build();
    }

    static ServerMessage peerConnected(String roomId, String peerId) {
        return ServerMessage.newBuilder().setPeerConnected(ServerMessage.PeerConnected.newBuilder().setRoomId(roomId).setPeerId(peerId)).build();
    }

    static ServerMessage peerDisconnected(String roomId, String peerId) {
        return ServerMessage.newBuilder().setPeerDisconnected(ServerMessage.PeerDisconnected.newBuilder().setRoomId(roomId).setPeerId(peerId)).build();
    }

    /** The next message of {@code client} and of {@code hook} are both {@code expected}. */
    private static void both(WsClient client, Webhook hook, ServerMessage expected) {
        assertEquals(expected, parse(client.next()));
        assertEquals(expected, hook.next());
    }

    // ---- connection establishment (5.2 items 1-5) ------------------------------------------------

    @Test
    void invalidToken() {
        WsClient client = open();
        client.sendBinary(authRequest("invalid" + TestServer.TOKEN));
        assertEquals(new WsClient.Close(1000, "invalid token"), client.awaitClose());
    }

    @Test
    void anythingButAnAuthRequestFirstIsAnInvalidAuthRequest() {
        WsClient client = open();
        client.sendBinary(AUTHENTICATED);
        assertEquals(new WsClient.Close(1000, "invalid auth request"), client.awaitClose());
        WsClient empty = open();
        empty.sendBinary(new byte[0]);
        assertEquals(new WsClient.Close(1000, "invalid auth request"), empty.awaitClose());
    }

    @Test
    void afterAuthenticationOnlySubscriptionsAreAllowed() {
        WsClient client = authenticated();
        client.sendBinary(AUTHENTICATED);
        assertEquals(new WsClient.Close(1003, "operation not allowed"), client.awaitClose());
        WsClient again = authenticated();
        again.sendBinary(authRequest(TestServer.TOKEN));
        assertEquals(new WsClient.Close(1003, "operation not allowed"), again.awaitClose());
    }

    @Test
    void textFramesAreNotAllowedInAnyState() {
        WsClient fresh = open();
        fresh.sendText("hello");
        assertEquals(new WsClient.Close(1003, "operation not allowed"), fresh.awaitClose());
        WsClient authenticated = authenticated();
        authenticated.sendText("{}");
        assertEquals(new WsClient.Close(1003, "operation not allowed"), authenticated.awaitClose());
    }

    @Test
    void unknownEventTypesAndMalformedFramesCloseWith1003() {
        WsClient unspecified = authenticated();
        unspecified.sendBinary(subscribeRequest(EventType.EVENT_TYPE_UNSPECIFIED));
        assertEquals(new WsClient.Close(1003, "operation not allowed"), unspecified.awaitClose());
        WsClient unknown = authenticated();
        unknown.sendBinary(new byte[]{0x42, 0x02, 0x08, 0x07});
        assertEquals(new WsClient.Close(1003, "operation not allowed"), unknown.awaitClose());
        WsClient malformed = authenticated();
        malformed.sendBinary(new byte[]{(byte) 0xFF, 0x01});
        assertEquals(new WsClient.Close(1003, "malformed protobuf"), malformed.awaitClose());
    }

    @Test
    void anUnsubscribedSocketReceivesNothing() {
        WsClient unsubscribed = authenticated();
        WsClient subscribed = subscribed();
        String roomId = createRoom("{\"maxPeers\":1}");
        String peerId = addPeer(roomId);
        connectPeer(roomId, peerId);
        // The subscribed socket saw everything: the unsubscribed one got nothing meanwhile.
        assertEquals(roomCreated(roomId), parse(subscribed.next()));
        assertEquals(peerAdded(roomId, peerId), parse(subscribed.next()));
        assertEquals(peerConnected(roomId, peerId), parse(subscribed.next()));
        assertNull(unsubscribed.next(Duration.ofMillis(200)));
        assertFalse(unsubscribed.isClosed());
    }

    @Test
    void subscribingTwiceIsAnsweredTwiceAndDeliversOnce() {
        WsClient client = subscribed();
        subscribe(client, EventType.EVENT_TYPE_SERVER_NOTIFICATION);
        String roomId = createRoom("{}");
        assertEquals(roomCreated(roomId), parse(client.next()));
        server.delete("/room/" + roomId);
        assertEquals(roomDeleted(roomId), parse(client.next()));
        assertNull(client.next(Duration.ofMillis(300)));
    }

    // ---- scenarios (5.2 items 6-14 without media; 3.8 A-D, H-K, O) -----------------------------------

    /** A subscribed server socket and a webhook that have both seen RoomCreated and PeerAdded. */
    private record Observed(WsClient client, Webhook hook, String roomId, String peerId) {}

    /** @param roomOptions the create-room JSON members besides webhookUrl, e.g. {@code "maxPeers":1} */
    private Observed observedRoomWithPeer(String roomOptions) {
        WsClient client = subscribed();
        Webhook hook = webhook(() -> 200);
        String roomId = createRoom("{" + roomOptions + ",\"webhookUrl\":\"" + hook.url + "\"}");
        both(client, hook, roomCreated(roomId));
        String peerId = addPeer(roomId);
        both(client, hook, peerAdded(roomId, peerId));
        return new Observed(client, hook, roomId, peerId);
    }

    @Test
    void roomCreatedAndDeletedOnBothWithIdenticalBytes() {
        WsClient client = subscribed();
        Webhook hook = webhook(() -> 200);
        String roomId = createRoom("{\"maxPeers\":1,\"videoCodec\":\"h264\",\"webhookUrl\":\"" + hook.url + "\"}");
        byte[] socketBytes = client.next();
        byte[] webhookBytes = pollBody(hook);
        assertArrayEquals(socketBytes, webhookBytes);
        assertEquals(roomCreated(roomId), parse(socketBytes));
        assertEquals(204, server.delete("/room/" + roomId).statusCode());
        both(client, hook, roomDeleted(roomId));
        assertEquals(List.of("application/x-protobuf", "application/x-protobuf"), hook.contentTypes);
    }

    private static byte[] pollBody(Webhook hook) {
        try {
            byte[] body = hook.bodies.poll(10, TimeUnit.SECONDS);
            if (body == null) {
                throw new AssertionError("no webhook");
            }
            return body;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void peerlessPurgeAfterThePeerIsDeleted() {
        Observed observed = observedRoomWithPeer("\"maxPeers\":1,\"peerlessPurgeTimeout\":1");
        WsClient client = observed.client();
        Webhook hook = observed.hook();
        String roomId = observed.roomId();
        String peerId = observed.peerId();
        assertEquals(204, server.delete("/room/" + roomId + "/peer/" + peerId).statusCode());
        both(client, hook, peerDeleted(roomId, peerId));
        both(client, hook, roomDeleted(roomId));
    }

    @Test
    void aConnectedPeerInADeletedRoomIsDeletedWithoutDisconnect() {
        Observed observed = observedRoomWithPeer("\"maxPeers\":1,\"videoCodec\":\"h264\"");
        WsClient client = observed.client();
        Webhook hook = observed.hook();
        String roomId = observed.roomId();
        String peerId = observed.peerId();
        WsClient peer = connectPeer(roomId, peerId);
        both(client, hook, peerConnected(roomId, peerId));
        assertEquals(204, server.delete("/room/" + roomId).statusCode());
        both(client, hook, peerDeleted(roomId, peerId));
        both(client, hook, roomDeleted(roomId));
        assertEquals(new WsClient.Close(1000, "Room stopped"), peer.awaitClose());
        assertNull(client.next(Duration.ofMillis(200)));
    }

    @Test
    void deletingAConnectedPeerDisconnectsThenDeletesIt() {
        Observed observed = observedRoomWithPeer("\"maxPeers\":1");
        WsClient client = observed.client();
        Webhook hook = observed.hook();
        String roomId = observed.roomId();
        String peerId = observed.peerId();
        connectPeer(roomId, peerId);
        both(client, hook, peerConnected(roomId, peerId));
        assertEquals(204, server.delete("/room/" + roomId + "/peer/" + peerId).statusCode());
        both(client, hook, peerDisconnected(roomId, peerId));
        both(client, hook, peerDeleted(roomId, peerId));
        assertEquals(204, server.delete("/room/" + roomId).statusCode());
        both(client, hook, roomDeleted(roomId));
    }

    @Test
    void connectEmitsPeerMetadataUpdatedAndTheSocketEndDisconnects() {
        Observed observed = observedRoomWithPeer("\"maxPeers\":1");
        WsClient client = observed.client();
        Webhook hook = observed.hook();
        String roomId = observed.roomId();
        String peerId = observed.peerId();
        WsClient peer = connectPeer(roomId, peerId);
        both(client, hook, peerConnected(roomId, peerId));
        peer.sendBinary(PeerSocketTest.mediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":{\"name\":\"Jellyuser\"}}}"));
        ServerMessage metadata = ServerMessage.newBuilder().setPeerMetadataUpdated(ServerMessage.PeerMetadataUpdated.newBuilder()
                .setRoomId(roomId).setPeerId(peerId).setMetadata("{\"name\":\"Jellyuser\"}")).build();
        both(client, hook, metadata);
        peer.close();
        both(client, hook, peerDisconnected(roomId, peerId));
        JsonNode view = PeerSocketTest.json(server.get("/room/" + roomId).body()).at("/data/peers/0");
        assertEquals("disconnected", view.get("status").textValue());
        assertEquals(0, view.get("tracks").size());
    }

    @Test
    void purgesAfterTheSocketEnds() {
        Observed observed = observedRoomWithPeer("\"maxPeers\":1,\"peerlessPurgeTimeout\":1,\"peerDisconnectedTimeout\":1");
        WsClient client = observed.client();
        Webhook hook = observed.hook();
        String roomId = observed.roomId();
        String peerId = observed.peerId();
        WsClient peer = connectPeer(roomId, peerId);
        both(client, hook, peerConnected(roomId, peerId));
        peer.close();
        both(client, hook, peerDisconnected(roomId, peerId));
        both(client, hook, peerDeleted(roomId, peerId));
        both(client, hook, roomDeleted(roomId));
    }

    // ---- metrics (5.2 item 20) -------------------------------------------------------------------

    @Test
    void metricsReportsListTheRoomsEndpoints() {
        WsClient client = subscribed();
        String roomId = createRoom("{\"maxPeers\":1}");
        String peerId = addPeer(roomId);
        connectPeer(roomId, peerId);
        assertEquals(roomCreated(roomId), parse(client.next()));
        assertEquals(peerAdded(roomId, peerId), parse(client.next()));
        assertEquals(peerConnected(roomId, peerId), parse(client.next()));
        subscribe(client, EventType.EVENT_TYPE_METRICS);
        JsonNode report = Polling.awaitValue("a report with the room", () -> {
            ServerMessage message = parse(client.next());
            assertEquals(ServerMessage.ContentCase.METRICS_REPORT, message.getContentCase());
            JsonNode metrics = PeerSocketTest.json(message.getMetricsReport().getMetrics());
            return metrics.has("room_id=" + roomId) ? metrics : null;
        });
        assertTrue(report.get("room_id=" + roomId).has("endpoint_id=" + peerId), report.toString());
        assertTrue(report.get("room_id=" + roomId).fieldNames().next().startsWith("endpoint_id="));
    }

    // ---- webhook delivery --------------------------------------------------------------------------

    @Test
    void aFailingReceiverGetsEachNotificationAgainUpToTheAttemptLimitInOrder() {
        int[] calls = {0};
        Webhook hook = webhook(() -> ++calls[0] <= 2 ? 500 : 200);
        String roomId = createRoom("{\"webhookUrl\":\"" + hook.url + "\"}");
        server.delete("/room/" + roomId);
        // Two failures, then success: RoomCreated three times; RoomDeleted once, after it.
        assertEquals(List.of(roomCreated(roomId), roomCreated(roomId), roomCreated(roomId), roomDeleted(roomId)),
                List.of(hook.next(), hook.next(), hook.next(), hook.next()));

        Webhook dead = webhook(() -> 503);
        String other = createRoom("{\"webhookUrl\":\"" + dead.url + "\"}");
        server.delete("/room/" + other);
        // Three attempts each, then the notification is dropped and the next one goes.
        assertEquals(List.of(roomCreated(other), roomCreated(other), roomCreated(other),
                        roomDeleted(other), roomDeleted(other), roomDeleted(other)),
                List.of(dead.next(), dead.next(), dead.next(), dead.next(), dead.next(), dead.next()));
        assertNull(dead.bodies.peek());
    }

    @Test
    void aHangingReceiverDoesNotDelayAnotherRoomsWebhooks() {
        // Both paths are on the same receiver, i.e. one destination: the hanging room holds one of
        // its slots (WebhookDispatcher.Settings.maxInFlightPerDestination, 32 here), the other
        // room gets another. A destination whose every slot hangs, and other destinations staying
        // unaffected, are covered by WebhookDispatcherTest.
        Webhook hanging = webhook(() -> 0);
        Webhook healthy = webhook(() -> 200);
        try {
            String stuck = createRoom("{\"webhookUrl\":\"" + hanging.url + "\"}");
            assertEquals(roomCreated(stuck), hanging.next());
            String roomId = createRoom("{\"webhookUrl\":\"" + healthy.url + "\"}");
            String peerId = addPeer(roomId);
            server.delete("/room/" + roomId);
            assertEquals(roomCreated(roomId), healthy.next());
            assertEquals(peerAdded(roomId, peerId), healthy.next());
            assertEquals(peerDeleted(roomId, peerId), healthy.next());
            assertEquals(roomDeleted(roomId), healthy.next());
            // Meanwhile the hanging room's receiver still holds its first request.
            assertEquals(0, hanging.bodies.size());
        } finally {
            hanging.release.countDown();
        }
    }
}
