package io.jellyfish.distribution.harness;

import io.jellyfish.protocol.ServerNotifications.ServerMessage;
import io.jellyfish.protocol.ServerNotifications.ServerMessage.EventType;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A backend's server socket on a node ({@code /socket/server/websocket}): authenticated with the
 * node's API token and subscribed to server notifications; every ServerMessage it receives is kept.
 */
public final class ServerSocketClient implements AutoCloseable {
    private final List<ServerMessage> messages = new CopyOnWriteArrayList<>();
    private final WebSocket socket;

    private ServerSocketClient(Node node) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + node.port() + "/socket/server/websocket"), new Collector())
                .get(10, TimeUnit.SECONDS);
    }

    /** Connects, authenticates and subscribes to server notifications, waiting for each answer. */
    public static ServerSocketClient subscribed(Node node) throws Exception {
        ServerSocketClient client = new ServerSocketClient(node);
        client.send(ServerMessage.newBuilder().setAuthRequest(ServerMessage.AuthRequest.newBuilder().setToken(node.token())).build());
        client.await("Authenticated", ServerMessage::hasAuthenticated);
        client.send(ServerMessage.newBuilder().setSubscribeRequest(ServerMessage.SubscribeRequest.newBuilder()
                .setEventType(EventType.EVENT_TYPE_SERVER_NOTIFICATION)).build());
        client.await("SubscribeResponse", ServerMessage::hasSubscribeResponse);
        return client;
    }

    public List<ServerMessage> messages() {
        return messages;
    }

    /** The first message that matches, waiting up to 20 s for it. */
    public ServerMessage await(String what, Predicate<ServerMessage> matches) {
        return Poll.until(Duration.ofSeconds(20), what, () -> messages.stream().filter(matches).findFirst(),
                () -> messages.toString(), () -> "");
    }

    public Optional<ServerMessage> first(Predicate<ServerMessage> matches) {
        return messages.stream().filter(matches).findFirst();
    }

    private void send(ServerMessage message) {
        socket.sendBinary(ByteBuffer.wrap(message.toByteArray()), true).join();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    /** Reassembles binary frames into ServerMessages. */
    private final class Collector implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                try {
                    messages.add(ServerMessage.parseFrom(partial.toByteArray()));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new AssertionError("not a ServerMessage", e);
                }
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }
    }
}
