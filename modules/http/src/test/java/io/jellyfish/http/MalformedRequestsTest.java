package io.jellyfish.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several hundred malformed requests, sent as raw bytes: none may produce a 5xx or an HTML page,
 * and the server must serve normally afterwards.
 */
class MalformedRequestsTest {

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

    private static final String[] ROUTES = {
            "/room", "/room/r1", "/room/r1/peer", "/room/r1/peer/p1", "/room/r1/component", "/room/r1/component/c1",
            "/room/r1/component/c1/subscribe", "/sip/r1/c1/call", "/health", "/recording", "/recording/x",
            "/recording/x/y.m3u8", "/hls/r1/index.m3u8", "/openapi.json"};
    private static final String[] METHODS = {"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "TRACE", "FOO"};
    private static final String[] BODIES = {
            "", "{", "}", "[]", "null", "true", "12", "\"str\"", "{\"type\":", "{\"type\":null}", "{\"type\":[]}",
            "{\"type\":{}}", "{\"type\":\"webrtc\",\"options\":[]}", "{\"type\":\"webrtc\",\"options\":{\"enableSimulcast\":1}}",
            "{\"roomId\":{}}", "{\"roomId\":[1,2]}", "{\"maxPeers\":1e400}", "{\"maxPeers\":-0.0}",
            "{\"maxPeers\":99999999999999999999999}", "{\"webhookUrl\":\"http://[::1\"}", "{\"webhookUrl\":\"::::\"}",
            "{\"videoCodec\":\"\\u0000\"}", "{\"roomId\":\"\\ud800\"}", "{\"origins\":7}", "{\"phoneNumber\":null}",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "{\"a\":" + "1".repeat(500) + "}", "\u0000\u0001\u0002", "\u00ff\u00fe", "maxPeers=10&roomId=%zz"};
    private static final String[] CONTENT_TYPES = {
            "application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data",
            "application/json; charset=latin1", "garbage", "", "application/vnd.api+json"};

    @Test
    void noMalformedRequestCausesAServerError() {
        Random random = new Random(20261201);
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String method = METHODS[random.nextInt(METHODS.length)];
            String path = mutatePath(ROUTES[random.nextInt(ROUTES.length)], random);
            String body = BODIES[random.nextInt(BODIES.length)];
            String contentType = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
            byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\n");
            if (random.nextInt(4) != 0) {
                request.append("Authorization: Bearer ").append(TestServer.TOKEN).append("\r\n");
            }
            if (!contentType.isEmpty()) {
                request.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (random.nextInt(6) == 0) {
                request.append("Accept: text/html\r\n");
            }
            request.append("Content-Length: ").append(bodyBytes.length).append("\r\n\r\n").append(body);
            requests.add(request.toString());
        }
        // Broken at the protocol level.
        requests.add("GARBAGE\r\n\r\n");
        requests.add("GET /room%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        requests.add("GET /room/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        requests.add("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        requests.add("GET /room HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        requests.add("POST /room HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n");
        requests.add("POST /room HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        requests.add("POST /room HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer development\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
        requests.add("POST /room HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer development\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\nConnection: close\r\n\r\n{}");

        int answered = 0;
        for (String request : requests) {
            String response = RawHttp.exchange(server.http.uri().getPort(), request);
            int status = RawHttp.status(response);
            assertTrue(status < 500, () -> "5xx for:\n" + abbreviate(request) + "\n---\n" + abbreviate(response));
            if (status >= 400 && !request.startsWith("HEAD")) {
                answered++;
                assertTrue(response.contains("application/json"), () -> "not JSON for:\n" + abbreviate(request)
                        + "\n---\n" + abbreviate(response));
            }
        }
        // An unknown protocol version is the one client mistake HTTP itself answers with a 5xx (505).
        String version = RawHttp.exchange(server.http.uri().getPort(), "GET /room HTTP/9.9\r\nHost: x\r\n\r\n");
        assertEquals(505, RawHttp.status(version));
        assertTrue(version.endsWith("{\"errors\":{\"detail\":\"HTTP Version Not Supported\"}}"), version);

        assertTrue(answered > 300, "most malformed requests must be answered with a 4xx, got " + answered);

        assertEquals(200, server.get("/health").statusCode());
        assertEquals(201, server.postJson("/room", "{\"roomId\":\"after-fuzz\"}").statusCode());
        assertEquals(200, server.get("/room/after-fuzz").statusCode());
    }

    private static String mutatePath(String path, Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> path + "/";
            case 1 -> path.replace("r1", "a%2Fb");
            case 2 -> path.replace("r1", "%2e%2e");
            case 3 -> path.replace("r1", ".");
            case 4 -> path + "?x=%zz&_method=DELETE";
            case 5 -> path.replace("/", "//");
            case 6 -> path.replace("r1", "%C3%A9%F0%9F%98%80");
            default -> path;
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
