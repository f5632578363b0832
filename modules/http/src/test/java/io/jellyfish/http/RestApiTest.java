package io.jellyfish.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST contract of http-api.md, over a real socket. */
class RestApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path resources;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(resources, UnaryOperator.identity());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void deleteRooms() {
        for (var room : server.engine.listRooms()) {
            server.engine.deleteRoom(room.id());
        }
    }

    private static int port() {
        return server.http.uri().getPort();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"errors\":" + JSON.valueToTree(message) + "}", response.body());
    }

    private String createRoom(String json) {
        HttpResponse<String> response = server.postJson("/room", json);
        assertEquals(201, response.statusCode(), response.body());
        return json(response).at("/data/room/id").textValue();
    }

    // ---- authentication -------------------------------------------------------------------

    @Test
    void missingOrMalformedAuthorizationIsMissingToken() {
        var noHeader = server.send(HttpRequest.newBuilder(server.uri("/room")).GET());
        assertError(noHeader, 401, "Missing token");
        for (String value : new String[]{"Basic abc", "bearer development", "Bearerdevelopment"}) {
            String response = RawHttp.exchange(port(), "GET /room HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Authorization: " + value + "\r\n\r\n");
            assertEquals(401, RawHttp.status(response), value);
            assertTrue(response.endsWith("{\"errors\":\"Missing token\"}"), response);
        }
        String twoHeaders = RawHttp.exchange(port(), "GET /room HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Authorization: Bearer development\r\nAuthorization: Bearer development\r\n\r\n");
        assertEquals(401, RawHttp.status(twoHeaders));
        assertTrue(twoHeaders.endsWith("{\"errors\":\"Missing token\"}"), twoHeaders);
    }

    @Test
    void aWrongTokenIsInvalidToken() {
        for (String value : new String[]{"Bearer invaliddevelopment", "Bearer  development"}) {
            var response = server.send(HttpRequest.newBuilder(server.uri("/room")).header("Authorization", value)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertError(response, 401, "Invalid token");
        }
        // An empty token after "Bearer " (the JDK client would trim the trailing space).
        String empty = RawHttp.exchange(port(), "POST /room HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Authorization: Bearer \r\nContent-Length: 0\r\n\r\n");
        assertEquals(401, RawHttp.status(empty));
        assertTrue(empty.endsWith("{\"errors\":\"Invalid token\"}"), empty);
    }

    @Test
    void unknownRoutesAre404EvenWithoutAToken() {
        var response = server.send(HttpRequest.newBuilder(server.uri("/nothing/here")).GET());
        assertEquals(404, response.statusCode());
        assertEquals("{\"errors\":{\"detail\":\"Not Found\"}}", response.body());
        var wrongMethod = server.send(server.authed("/room").PUT(HttpRequest.BodyPublishers.noBody()));
        assertEquals(404, wrongMethod.statusCode());
        assertEquals("{\"errors\":{\"detail\":\"Not Found\"}}", wrongMethod.body());
    }

    @Test
    void acceptExcludingJsonIs406BeforeTheTokenCheck() {
        var response = server.send(HttpRequest.newBuilder(server.uri("/room")).header("Accept", "text/html").GET());
        assertEquals(406, response.statusCode());
        assertEquals("{\"errors\":{\"detail\":\"Not Acceptable\"}}", response.body());
    }

    // ---- rooms ------------------------------------------------------------------------------

    @Test
    void anEmptyPostCreatesADefaultRoom() {
        var response = server.send(server.authed("/room").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, response.statusCode());
        JsonNode data = json(response).get("data");
        String id = data.at("/room/id").textValue();
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
        assertEquals("{\"roomId\":\"" + id + "\",\"maxPeers\":null,\"videoCodec\":null,\"webhookUrl\":null,"
                + "\"peerlessPurgeTimeout\":null,\"peerDisconnectedTimeout\":null}", data.at("/room/config").toString());
        assertEquals("[]", data.at("/room/components").toString());
        assertEquals("[]", data.at("/room/peers").toString());
        assertEquals("127.0.0.1:5002", data.get("jellyfish_address").textValue());
    }

    @Test
    void optionsAreStoredAndNullsMeanUnset() {
        String id = createRoom("{\"roomId\":\"my-Room-1\",\"maxPeers\":10,\"videoCodec\":\"h264\","
                + "\"webhookUrl\":\"http://127.0.0.1:2929/\",\"peerlessPurgeTimeout\":60,\"peerDisconnectedTimeout\":null,"
                + "\"unknown\":true}");
        assertEquals("my-Room-1", id);
        JsonNode room = json(server.get("/room/my-Room-1")).get("data");
        assertEquals("{\"roomId\":\"my-Room-1\",\"maxPeers\":10,\"videoCodec\":\"h264\",\"webhookUrl\":"
                + "\"http://127.0.0.1:2929/\",\"peerlessPurgeTimeout\":60,\"peerDisconnectedTimeout\":null}",
                room.get("config").toString());
        String fromSdk = createRoom("{\"roomId\":null,\"maxPeers\":null,\"videoCodec\":null,\"webhookUrl\":null,"
                + "\"peerlessPurgeTimeout\":null}");
        assertEquals(36, fromSdk.length());
    }

    static Stream<Arguments> invalidRoomOptions() {
        return Stream.of(
                Arguments.of("{\"roomId\":\"test/path\"}", "Cannot add room with id \"test/path\" - roomId may contain only alphanumeric characters and hyphens"),
                Arguments.of("{\"roomId\":\"\"}", "Cannot add room with id \"\" - roomId may contain only alphanumeric characters and hyphens"),
                Arguments.of("{\"roomId\":\"a\\nb\"}", "Cannot add room with id \"a\nb\" - roomId may contain only alphanumeric characters and hyphens"),
                Arguments.of("{\"roomId\":12}", "Cannot add room with id \"12\" - roomId may contain only alphanumeric characters and hyphens"),
                Arguments.of("{\"maxPeers\":\"nan\"}", "Expected maxPeers to be a number, got: nan"),
                Arguments.of("{\"maxPeers\":\"10\"}", "Expected maxPeers to be a number, got: 10"),
                Arguments.of("{\"maxPeers\":10.0}", "Expected maxPeers to be a number, got: 10.0"),
                Arguments.of("{\"maxPeers\":1000.0}", "Expected maxPeers to be a number, got: 1.0e3"),
                Arguments.of("{\"maxPeers\":-1}", "Expected maxPeers to be a number, got: -1"),
                Arguments.of("{\"maxPeers\":true}", "Expected maxPeers to be a number, got: true"),
                Arguments.of("{\"maxPeers\":[1]}", "Expected maxPeers to be a number, got: [1]"),
                Arguments.of("{\"videoCodec\":\"nan\"}", "Expected videoCodec to be 'h264' or 'vp8', got: nan"),
                Arguments.of("{\"videoCodec\":\"H264\"}", "Expected videoCodec to be 'h264' or 'vp8', got: H264"),
                Arguments.of("{\"webhookUrl\":\"nan\"}", "Expected webhookUrl to be valid URL, got: nan"),
                Arguments.of("{\"webhookUrl\":\"https://example.com\"}", "Expected webhookUrl to be valid URL, got: https://example.com"),
                Arguments.of("{\"webhookUrl\":{\"a\":1}}", "Expected webhookUrl to be valid URL, got: {\"a\":1}"),
                Arguments.of("{\"peerlessPurgeTimeout\":\"nan\"}", "Expected peerlessPurgeTimeout to be a positive integer, got: nan"),
                Arguments.of("{\"peerlessPurgeTimeout\":0}", "Expected peerlessPurgeTimeout to be a positive integer, got: 0"),
                Arguments.of("{\"peerDisconnectedTimeout\":\"nan\"}", "Expected peerDisconnectedTimeout to be a positive integer, got: nan"),
                Arguments.of("{\"roomId\":\"ok\",\"maxPeers\":\"x\",\"videoCodec\":\"y\"}", "Expected maxPeers to be a number, got: x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRoomOptions")
    void invalidRoomOptionsGetTheExactMessage(String body, String message) {
        assertError(server.postJson("/room", body), 400, message);
        assertEquals(0, server.engine.listRooms().size());
    }

    @Test
    void zeroMaxPeersIsAccepted() {
        createRoom("{\"maxPeers\":0}");
    }

    @Test
    void aDuplicateRoomIdIsRefusedAfterValidation() {
        createRoom("{\"roomId\":\"dup\"}");
        assertError(server.postJson("/room", "{\"roomId\":\"dup\"}"), 400,
                "Cannot add room with id \"dup\" - room already exists");
        assertError(server.postJson("/room", "{\"roomId\":\"dup\",\"maxPeers\":\"x\"}"), 400,
                "Expected maxPeers to be a number, got: x");
    }

    @Test
    void listGetAndDelete() {
        assertEquals("{\"data\":[]}", server.get("/room").body());
        String id = createRoom("{}");
        JsonNode list = json(server.get("/room"));
        assertEquals(1, list.get("data").size());
        assertEquals(id, list.at("/data/0/id").textValue());
        assertEquals(id, json(server.get("/room/" + id)).at("/data/id").textValue());

        var deleted = server.delete("/room/" + id);
        assertEquals(204, deleted.statusCode());
        assertEquals("", deleted.body());
        assertError(server.get("/room/" + id), 404, "Room " + id + " does not exist");
        assertError(server.delete("/room/invalid_room"), 404, "Room invalid_room does not exist");
    }

    @Test
    void trailingSlashesAndEmptySegmentsAreIgnored() {
        assertEquals(200, server.get("/room/").statusCode());
        String id = createRoom("{}");
        assertEquals(200, server.get("//room//" + id + "/").statusCode());
    }

    @Test
    void encodedSlashesStayInsideTheRoomId() {
        assertError(server.get("/room/a%2Fb"), 404, "Room a/b does not exist");
    }

    @Test
    void malformedJsonIsAFrameworkBadRequest() {
        var response = server.postJson("/room", "{\"maxPeers\":");
        assertEquals(400, response.statusCode());
        assertEquals("{\"errors\":{\"detail\":\"Bad Request\"}}", response.body());
    }

    @Test
    void anUnsupportedContentTypeIs415() {
        var response = server.send(server.authed("/room").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("maxPeers 10")));
        assertEquals(415, response.statusCode());
        assertEquals("{\"errors\":{\"detail\":\"Unsupported Media Type\"}}", response.body());
    }

    @Test
    void formBodiesCarryStrings() {
        var response = server.send(server.authed("/room").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("maxPeers=10")));
        assertError(response, 400, "Expected maxPeers to be a number, got: 10");
        var ok = server.send(server.authed("/room").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("roomId=form-room&videoCodec=vp8")));
        assertEquals(201, ok.statusCode());
        assertEquals("vp8", json(ok).at("/data/room/config/videoCodec").textValue());
    }

    @Test
    void aBodyOverTheCapIs413() {
        String big = "{\"roomId\":\"" + "a".repeat((1 << 20) + 10) + "\"}";
        var response = server.postJson("/room", big);
        assertEquals(413, response.statusCode());
        assertEquals("{\"errors\":{\"detail\":\"Payload Too Large\"}}", response.body());
        assertEquals(0, server.engine.listRooms().size());
    }

    // ---- peers --------------------------------------------------------------------------------

    @Test
    void addingAPeer() {
        String id = createRoom("{\"maxPeers\":1}");
        var response = server.postJson("/room/" + id + "/peer", "{\"type\":\"webrtc\"}");
        assertEquals(201, response.statusCode(), response.body());
        JsonNode data = json(response).get("data");
        String peerId = data.at("/peer/id").textValue();
        assertEquals("{\"id\":\"" + peerId + "\",\"type\":\"webrtc\",\"status\":\"disconnected\",\"tracks\":[],"
                + "\"metadata\":null}", data.get("peer").toString());
        assertEquals("127.0.0.1:5002/socket/peer/websocket", data.get("peer_websocket_url").textValue());
        var identity = server.engine.verifyPeerToken(data.get("token").textValue());
        assertEquals(id, identity.roomId());
        assertEquals(peerId, identity.peerId());

        JsonNode room = json(server.get("/room/" + id)).get("data");
        assertEquals("disconnected", room.at("/peers/0/status").textValue());

        assertError(server.postJson("/room/" + id + "/peer", "{\"type\":\"webrtc\"}"), 503,
                "Reached peer limit in room " + id);
        assertEquals(204, server.delete("/room/" + id + "/peer/" + peerId).statusCode());
        assertEquals("[]", json(server.get("/room/" + id)).at("/data/peers").toString());
    }

    @Test
    void peerErrorsInTheSpecOrder() {
        String id = createRoom("{\"maxPeers\":0}");
        assertError(server.postJson("/room/" + id + "/peer", "{\"invalid_param\":\"webrtc\"}"), 400,
                "Invalid request body structure");
        assertError(server.postJson("/room/invalid_room/peer", "{\"type\":\"invalid_type\"}"), 400, "Invalid peer type");
        assertError(server.postJson("/room/invalid_room/peer", "{\"type\":null}"), 400, "Invalid peer type");
        assertError(server.postJson("/room/invalid_room/peer", "{\"type\":\"webrtc\"}"), 404,
                "Room invalid_room does not exist");
        assertError(server.postJson("/room/" + id + "/peer", "{\"type\":\"webrtc\",\"options\":\"x\"}"), 503,
                "Reached peer limit in room " + id);
        String open = createRoom("{}");
        assertError(server.postJson("/room/" + open + "/peer", "{\"type\":\"webrtc\",\"options\":\"x\"}"), 400,
                "Invalid request body structure");
        assertError(server.postJson("/room/" + open + "/peer",
                "{\"type\":\"webrtc\",\"options\":{\"enableSimulcast\":\"yes\"}}"), 400, "Invalid request body structure");
        assertEquals(201, server.postJson("/room/" + open + "/peer",
                "{\"type\":\"webrtc\",\"options\":null}").statusCode());
        assertError(server.delete("/room/" + open + "/peer/invalid_peer"), 404, "Peer invalid_peer does not exist");
        assertError(server.delete("/room/invalid_room/peer/x"), 404, "Room invalid_room does not exist");
    }

    // ---- components (no media pipeline yet) -----------------------------------------------

    @Test
    void componentRoutesAnswerClearErrorsAndLeaveTheRoomAlone() {
        String id = createRoom("{}");
        assertError(server.postJson("/room/" + id + "/component", "{}"), 400, "Invalid request body structure");
        assertError(server.postJson("/room/" + id + "/component", "{\"type\":\"invalid_type\"}"), 400,
                "Invalid component type");
        assertError(server.postJson("/room/abc/component", "{\"type\":\"hls\"}"), 404, "Room abc does not exist");
        assertError(server.postJson("/room/" + id + "/component", "{\"type\":\"hls\"}"), 400,
                "Incompatible video codec enforced in room " + id);
        assertError(server.postJson("/room/" + id + "/component", "{\"type\":\"file\",\"options\":{\"filePath\":\"a.h264\"}}"),
                400, "Components of type file are not available on this server");
        assertError(server.delete("/room/" + id + "/component/test123"), 404, "Component test123 does not exist");
        assertError(server.delete("/room/abc/component/x"), 404, "Room abc does not exist");
        assertError(server.postJson("/room/" + id + "/component/c1/subscribe/", "{}"), 400, "Invalid request body structure");
        assertError(server.postJson("/room/invalid_room_id/component/c1/subscribe/", "{\"origins\":[]}"), 404,
                "Room invalid_room_id does not exist");
        assertError(server.postJson("/room/" + id + "/component/invalid_component_id/subscribe", "{\"origins\":[]}"), 400,
                "Component invalid_component_id does not exist");
        assertError(server.postJson("/sip/" + id + "/c1/call", "{\"phoneNumber\":\"+123\"}"), 400,
                "Component c1 does not exist");
        assertError(server.delete("/sip/invalid_room_id/c1/call"), 404, "Room invalid_room_id does not exist");
        assertEquals(200, server.get("/room/" + id).statusCode());
    }

    // ---- health, OpenAPI, CORS ------------------------------------------------------------

    @Test
    void healthReportsAStandaloneNode() {
        JsonNode data = json(server.get("/health")).get("data");
        assertEquals("UP", data.get("status").textValue());
        assertTrue(data.get("uptime").isIntegralNumber());
        assertEquals("{\"enabled\":false,\"nodeStatus\":\"DOWN\",\"nodesInCluster\":0}", data.get("distribution").toString());
        assertEquals("0.5.0", data.get("version").textValue());
        assertEquals("dev", data.get("gitCommit").textValue());
        assertError(server.send(HttpRequest.newBuilder(server.uri("/health")).GET()), 401, "Missing token");
    }

    @Test
    void theOpenApiDocumentIsPublic() {
        var response = server.send(HttpRequest.newBuilder(server.uri("/openapi.json")).GET());
        assertEquals(200, response.statusCode());
        assertEquals("0.5.0", json(response).at("/info/version").textValue());
        assertTrue(json(response).at("/paths").has("/room/{room_id}/peer"));
    }

    @Test
    void corsPreflightIs204() {
        var response = server.send(HttpRequest.newBuilder(server.uri("/room"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://app.example").header("Access-Control-Request-Method", "POST"));
        assertEquals(204, response.statusCode());
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(response.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
        assertEquals("*", server.get("/room").headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    void everyApiRequestIsCountedForTheTrafficMetrics() {
        int before = server.metrics.requests.size();
        server.get("/room");
        server.send(HttpRequest.newBuilder(server.uri("/room")).GET());
        // Counted when the response completes, which the client may observe a moment earlier.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (server.metrics.requests.size() < before + 2 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        // At least: a request of the previous test may still be counted after `before` was read.
        assertTrue(server.metrics.requests.size() >= before + 2, "counted " + (server.metrics.requests.size() - before));
        long[] last = server.metrics.requests.get(server.metrics.requests.size() - 1);
        assertTrue(last[0] > 14 && last[1] > 79, "ingress " + last[0] + " egress " + last[1]);
        assertTrue(server.metrics.runQueues.contains("io"));
    }

    // ---- recordings and HLS ------------------------------------------------------------------

    @Test
    void recordingsAreDirectoriesUnderTheResourcesPath() throws Exception {
        assertEquals("{\"data\":[]}", server.get("/recording").body());
        Path recording = resources.resolve("recordings/rec-1");
        Files.createDirectories(recording);
        Files.writeString(recording.resolve("index.m3u8"), "#EXTM3U\n");
        assertEquals("{\"data\":[\"rec-1\"]}", server.get("/recording").body());

        var file = server.send(HttpRequest.newBuilder(server.uri("/recording/rec-1/index.m3u8")).GET());
        assertEquals(200, file.statusCode());
        assertEquals("#EXTM3U\n", file.body());
        assertEquals("application/vnd.apple.mpegurl", file.headers().firstValue("Content-Type").orElse(""));

        assertError(server.send(HttpRequest.newBuilder(server.uri("/recording/rec-1/missing.m3u8")).GET()), 404, "File not found");
        assertError(server.send(HttpRequest.newBuilder(server.uri("/recording/rec-1/..%2Foutside_manifest.m3u8")).GET()),
                400, "Invalid filename, got: ../outside_manifest.m3u8");
        assertError(server.send(HttpRequest.newBuilder(server.uri("/recording/..%2Foutside_file/manifest.m3u8")).GET()),
                400, "Invalid recording, got: ../outside_file");
        assertError(server.delete("/recording/."), 400, "Invalid recording id, got: .");
        assertError(server.delete("/recording/..%2Foutside_file"), 400, "Invalid recording id, got: ../outside_file");

        assertEquals(204, server.delete("/recording/rec-1").statusCode());
        assertFalse(Files.exists(recording));
        assertError(server.delete("/recording/rec-1"), 404, "Recording not found");
    }

    @Test
    void hlsContentIsNotFoundWithoutAnHlsComponent() {
        assertError(server.send(HttpRequest.newBuilder(server.uri("/hls/room/index.m3u8")).GET()), 404, "File not found");
    }
}
