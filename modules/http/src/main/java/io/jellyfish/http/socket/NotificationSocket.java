package io.jellyfish.http.socket;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jellyfish.notifications.NotificationHub;
import io.jellyfish.protocol.ServerNotifications.ServerMessage;
import io.jellyfish.protocol.ServerNotifications.ServerMessage.EventType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The server socket, {@code /socket/server/websocket} (websockets-and-notifications.md 3): the
 * first binary frame authenticates with the server API token; afterwards the client subscribes to
 * notifications and metrics. Close codes and reasons are those of section 3.5, except where
 * decision 2 of the spec index applies (malformed protobuf, unknown event type: 1003).
 */
final class NotificationSocket extends Connection {

    static final byte[] AUTHENTICATED = ServerMessage.newBuilder()
            .setAuthenticated(ServerMessage.Authenticated.getDefaultInstance()).build().toByteArray();
    static final String NOT_ALLOWED = "operation not allowed";

    private final NotificationHub hub;
    private final byte[] apiToken;
    private final Map<EventType, NotificationHub.Subscription> subscriptions = new ConcurrentHashMap<>();
    private boolean authenticated;

    NotificationSocket(NotificationHub hub, String apiToken, SocketSettings settings, SendScheduler sends,
                       ScheduledExecutorService timers, Consumer<Connection> onEnd) {
        super(settings, sends, timers, onEnd);
        this.hub = hub;
        this.apiToken = apiToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void onBinaryMessage(byte[] data) {
        ServerMessage message;
        try {
            message = ServerMessage.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            // Decision 2: a malformed frame closes only this socket (0.5.0 crashed: 1011).
            closeWith(UNSUPPORTED_DATA, "malformed protobuf");
            return;
        }
        if (!authenticated) {
            if (message.getContentCase() != ServerMessage.ContentCase.AUTH_REQUEST) {
                closeWith(NORMAL, "invalid auth request");
            } else if (!MessageDigest.isEqual(apiToken,
                    message.getAuthRequest().getToken().getBytes(StandardCharsets.UTF_8))) {
                // Constant time: the time taken must not tell how much of a guessed token was right.
                closeWith(NORMAL, "invalid token");
            } else {
                authenticated = true;
                send(AUTHENTICATED);
                startPings();
            }
            return;
        }
        if (message.getContentCase() != ServerMessage.ContentCase.SUBSCRIBE_REQUEST) {
            closeWith(UNSUPPORTED_DATA, NOT_ALLOWED);
            return;
        }
        EventType type = message.getSubscribeRequest().getEventType();
        if (type != EventType.EVENT_TYPE_SERVER_NOTIFICATION && type != EventType.EVENT_TYPE_METRICS) {
            // 0.5.0 crashed (1011); section 6.4 and decision 2: refuse it plainly.
            closeWith(UNSUPPORTED_DATA, NOT_ALLOWED);
            return;
        }
        // Section 3.4: the response precedes everything the subscription delivers, and the
        // subscription is in place before the client can read the response (a room it creates
        // right after must not be missed). Both happen under the outgoing lock: a notification
        // fanned out meanwhile waits for it and is queued after the response. Subscribing again to
        // a type already held is answered but changes nothing.
        byte[] response = ServerMessage.newBuilder()
                .setSubscribeResponse(ServerMessage.SubscribeResponse.newBuilder().setEventType(type))
                .build().toByteArray();
        atomically(() -> {
            subscriptions.computeIfAbsent(type, held -> hub.subscribe(held, this::send));
            send(response);
        });
        if (isClosing()) {
            // Closed meanwhile (e.g. too slow): make sure the subscription does not outlive the socket.
            onClosing();
        }
    }

    /**
     * Notifications are fanned out under the publishing room's lock to every subscribed socket:
     * handing each frame straight to Jetty (non-blocking) spares a thread hand-off per socket and
     * event. Safe: {@link #onClosing} only cancels subscriptions, it never calls a room.
     */
    @Override
    protected boolean sendsOnCallersThread() {
        return true;
    }

    @Override
    protected void onTextMessage() {
        closeWith(UNSUPPORTED_DATA, NOT_ALLOWED);
    }

    @Override
    protected void onClosing() {
        subscriptions.values().forEach(NotificationHub.Subscription::cancel);
        subscriptions.clear();
    }
}
