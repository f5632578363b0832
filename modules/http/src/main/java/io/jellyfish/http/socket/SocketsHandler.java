package io.jellyfish.http.socket;

import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.http.json.Json;
import io.jellyfish.notifications.NotificationHub;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * The two WebSocket endpoints on the API listener (websockets-and-notifications.md 1):
 * {@code /socket/peer/websocket} and {@code /socket/server/websocket}, exactly those paths. The
 * Origin rule (JF_CHECK_ORIGIN) is applied before the upgrade (403); a request to either path that
 * is not a WebSocket upgrade gets 400. Everything else goes to the REST router.
 */
public final class SocketsHandler extends Handler.Wrapper implements Graceful {

    public static final String PEER_PATH = "/socket/peer/websocket";
    public static final String SERVER_PATH = "/socket/server/websocket";
    private static final System.Logger LOG = System.getLogger(SocketsHandler.class.getName());

    private final OriginCheck origins;
    private final RoomService rooms;
    private final NotificationHub hub;
    private final String apiToken;
    private final SocketSettings settings;
    private final WebSocketComponents components = new WebSocketComponents();
    private final WebSocketMappings mappings = new WebSocketMappings(components);
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final WebSocketNegotiator peerNegotiator;
    private final WebSocketNegotiator serverNegotiator;
    private volatile ScheduledExecutorService timers;
    private volatile SendScheduler sends;
    private volatile boolean shuttingDown;
    private final CompletableFuture<Void> allClosed = new CompletableFuture<>();

    public SocketsHandler(Handler next, JellyfishConfig config, RoomService rooms, NotificationHub hub,
                          SocketSettings settings) {
        super(next);
        this.origins = new OriginCheck(config);
        this.rooms = rooms;
        this.hub = hub;
        this.apiToken = config.apiToken().value();
        this.settings = settings;
        this.peerNegotiator = negotiator(() -> track(new PeerSocket(rooms, settings, sends, timers, this::ended)));
        this.serverNegotiator = negotiator(() -> track(new NotificationSocket(hub, apiToken, settings, sends, timers, this::ended)));
        addBean(components);
    }

    private WebSocketNegotiator negotiator(Supplier<FrameHandler> sockets) {
        WebSocketNegotiator.AbstractNegotiator negotiator = new WebSocketNegotiator.AbstractNegotiator() {
            @Override
            public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
                // Section 1: no subprotocol, no per-message compression.
                response.setExtensions(List.of());
                return sockets.get();
            }
        };
        // Our own receive-idle timer closes silent sockets (server pings are writes, which would
        // keep Jetty's idle timeout from firing); Jetty's is only the backstop for dead connections.
        negotiator.setIdleTimeout(settings.idleTimeout().plus(settings.pingInterval()).plus(Duration.ofSeconds(10)));
        negotiator.setWriteTimeout(settings.writeTimeout());
        negotiator.setMaxFrameSize((long) settings.maxMessageBytes());
        negotiator.setMaxBinaryMessageSize((long) settings.maxMessageBytes());
        negotiator.setMaxTextMessageSize((long) settings.maxMessageBytes());
        negotiator.setAutoFragment(false);
        return negotiator;
    }

    private Connection track(Connection connection) {
        open.add(connection);
        return connection;
    }

    private void ended(Connection connection) {
        open.remove(connection);
        if (shuttingDown && open.isEmpty()) {
            allClosed.complete(null);
        }
    }

    /**
     * Graceful stop (before the listener's own): every socket is closed with 1001 "going away",
     * after what was already queued for it; done when all of them have ended.
     */
    @Override
    public CompletableFuture<Void> shutdown() {
        shuttingDown = true;
        for (Connection connection : open) {
            connection.closeWith(Connection.GOING_AWAY, null);
        }
        if (open.isEmpty()) {
            allClosed.complete(null);
        }
        return allClosed;
    }

    @Override
    public boolean isShutdown() {
        return shuttingDown;
    }

    @Override
    protected void doStart() throws Exception {
        sends = new SendScheduler(getServer().getThreadPool());
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "jellyfish-socket-timers");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        timers = scheduler;
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        // Sockets still open (a stop without the graceful phase) go away now.
        for (Connection connection : open) {
            connection.closeWith(Connection.GOING_AWAY, null);
        }
        super.doStop();
        ScheduledExecutorService scheduler = timers;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Connections open right now (diagnostics and tests). */
    int openConnections() {
        return open.size();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        WebSocketNegotiator negotiator = PEER_PATH.equals(path) ? peerNegotiator
                : SERVER_PATH.equals(path) ? serverNegotiator : null;
        if (negotiator == null) {
            return super.handle(request, response, callback);
        }
        if (!origins.allows(request)) {
            LOG.log(Level.INFO, "WebSocket upgrade from origin {0} refused (JF_CHECK_ORIGIN)",
                    String.valueOf(request.getHeaders().get(HttpHeader.ORIGIN)));
            return reject(response, HttpStatus.FORBIDDEN_403, callback);
        }
        if (mappings.upgrade(negotiator, request, response, callback, null)) {
            return true;
        }
        // Not a WebSocket upgrade (section 1: 400 in the reference).
        return reject(response, HttpStatus.BAD_REQUEST_400, callback);
    }

    private static boolean reject(Response response, int status, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(Json.frameworkError(HttpStatus.getMessage(status))), callback);
        return true;
    }
}
