package io.jellyfish.http;

import io.jellyfish.api.room.RoomConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

/**
 * Clients that hang up before reading their response must not keep a graceful stop waiting: the
 * router abandons such a response without completing it, and the front handler completes it.
 */
class GracefulStopTest {

    @TempDir
    Path resources;

    @Test
    void clientsThatHangUpMidResponseDoNotBlockAGracefulStop() throws Exception {
        TestServer server = new TestServer(resources, c -> c);
        try {
            // A listing large enough that writing it to a socket that was reset fails half-way.
            for (int i = 0; i < 3000; i++) {
                server.engine.createRoom(new RoomConfig("room-" + i, null, null, null, null, null));
            }
            int port = server.http.uri().getPort();
            for (int i = 0; i < 20; i++) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port));
                    socket.setSoLinger(true, 0); // close with a reset, as a crashing client would
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET /room HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestServer.TOKEN
                            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    socket.getInputStream().read(); // the response has started
                }
            }
            assertDoesNotThrow(() -> server.http.stop(Duration.ofSeconds(5)));
        } finally {
            server.engine.close();
        }
    }
}
