package io.jellyfish.distribution.cluster;

import io.jellyfish.distribution.harness.Harness;
import io.jellyfish.distribution.harness.Node;
import io.jellyfish.distribution.harness.Http;
import io.jellyfish.distribution.harness.Poll;
import io.jellyfish.distribution.harness.MachineLock;
import io.jellyfish.distribution.harness.ServerSocketClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.distribution.harness.Harness.PortRange;
import io.jellyfish.protocol.PeerNotifications.PeerMessage;
import io.jellyfish.protocol.ServerNotifications.ServerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server notifications are cluster-wide, as Jellyfish 0.5.0's event bus was: a server socket on
 * one member receives the notifications of rooms that live on another member, including the
 * PeerConnected/PeerDisconnected of a peer whose socket is open on that other member.
 */
@ExtendWith(MachineLock.class)
class ClusterNotificationsIT {
    private static final Harness.PortRanges CLUSTER_PORTS = new Harness.PortRanges(27500);

    @RegisterExtension
    final Harness harness = new Harness();

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        Poll.until(Duration.ofSeconds(10), what,
                () -> condition.getAsBoolean() ? java.util.Optional.of(true) : java.util.Optional.empty(),
                () -> "not yet", () -> "");
    }

    @Test
    void aServerSocketOnOneMemberSeesTheRoomsOfAnother() throws Exception {
        PortRange ports = CLUSTER_PORTS.next();
        Map<String, String> common = new HashMap<>(ports.environment());
        common.put("JF_DIST_ENABLED", "true");
        common.put("JF_DIST_COOKIE", Harness.COOKIE);
        common.put("JF_DIST_NODES", "app1@127.0.0.1 app2@127.0.0.1");
        Node n1 = harness.loopback("app1", common, Map.of("JF_DIST_NODE_NAME", "app1@127.0.0.1"));
        Node n2 = harness.loopback("app2", common, Map.of("JF_DIST_NODE_NAME", "app2@127.0.0.1"));
        Harness.startAll(n1, n2);
        harness.settle(2, n1, n2);

        ServerSocketClient listener = ServerSocketClient.subscribed(n1);

        // Both empty: the first room through node 1 goes to node 2 (the tie-break).
        JsonNode created = n1.createRoom("{}");
        assertEquals(n2.host(), created.path("jellyfish_address").asText());
        String roomId = created.path("room").path("id").asText();
        await("RoomCreated of the room on node 2", () -> listener.messages().stream()
                .anyMatch(m -> m.hasRoomCreated() && m.getRoomCreated().getRoomId().equals(roomId)));
        Http.Response added = n2.post("/room/" + roomId + "/peer", "{\"type\":\"webrtc\"}");
        assertEquals(201, added.status());
        await("PeerAdded of the room on node 2", () -> listener.messages().stream()
                .anyMatch(m -> m.hasPeerAdded() && m.getPeerAdded().getRoomId().equals(roomId)));

        // The peer's browser connects to the member that owns its room (node 2); node 1's server socket sees it.
        JsonNode peerData = added.json().path("data");
        String peerId = peerData.path("peer").path("id").asText();
        WebSocket peerSocket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + n2.port() + "/socket/peer/websocket"),
                        new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        peerSocket.sendBinary(ByteBuffer.wrap(PeerMessage.newBuilder().setAuthRequest(
                PeerMessage.AuthRequest.newBuilder().setToken(peerData.path("token").asText()))
                .build().toByteArray()), true).join();
        await("PeerConnected of the peer on node 2", () -> listener.messages().stream()
                .anyMatch(m -> m.hasPeerConnected() && m.getPeerConnected().getPeerId().equals(peerId)
                        && m.getPeerConnected().getRoomId().equals(roomId)));
        peerSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        await("PeerDisconnected of the peer on node 2", () -> listener.messages().stream()
                .anyMatch(m -> m.hasPeerDisconnected() && m.getPeerDisconnected().getPeerId().equals(peerId)));
        assertTrue(listener.messages().stream().noneMatch(ServerMessage::hasRoomDeleted));
        listener.close();
    }
}
