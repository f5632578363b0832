package io.jellyfish.notifications;

import io.jellyfish.api.event.RoomEvent;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The webhooks of websockets-and-notifications.md 4: each room's notifications, from
 * {@code RoomCreated} (which carries the URL) to {@code RoomDeleted}/{@code RoomCrashed}, are
 * POSTed to its {@code webhookUrl} as {@code application/x-protobuf}, one request per
 * notification, with the bytes the server socket sends.
 *
 * <p>Each room has its own sequential queue: its notifications leave in order, one request at a
 * time. Rooms share their receiver's <em>destination</em> (scheme, host and port): at most
 * {@link Settings#maxInFlightPerDestination} requests are in flight to one destination, and the
 * rooms waiting for one of those slots are served first come, first served (a room that has more
 * to send after a request goes to the back of the line). So a slow receiver gets a bounded number
 * of connections, reused (keep-alive), instead of one per room; it delays only the rooms that
 * post to it (never other destinations), and with a hanging receiver each slot frees within the
 * timeouts below.
 *
 * <p>Everything is asynchronous (Jetty's HTTP client), so no thread waits on a receiver, and
 * {@link #onNotification} (called under the room's lock) only enqueues: a request is started on
 * the client's executor, never on the caller's thread. Bounded everywhere: a connect and a
 * response timeout, a few attempts with exponential back-off for failures worth retrying
 * (connection errors, timeouts, 408, 429, 5xx; decision 7 of the spec index) during which the
 * room gives its slot up, and a queue limit per room past which notifications are dropped with a
 * warning.
 */
public final class WebhookDispatcher implements NotificationHub.Listener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());
    private static final String CONTENT_TYPE = "application/x-protobuf";

    /**
     * @param connectTimeout            how long to wait for a TCP (and TLS) connection
     * @param responseTimeout           how long to wait for the response once the request is sent
     * @param maxAttempts               attempts per notification, the first included
     * @param firstBackoff              the wait before the second attempt; it doubles for each later one
     * @param maxQueuedPerRoom          notifications one room may have waiting; more are dropped
     * @param maxInFlightPerDestination requests (and so connections) in flight at once to one
     *                                  scheme://host:port, over all the rooms posting there
     */
    public record Settings(Duration connectTimeout, Duration responseTimeout, int maxAttempts, Duration firstBackoff,
                           int maxQueuedPerRoom, int maxInFlightPerDestination) {
        public static final int DEFAULT_MAX_IN_FLIGHT_PER_DESTINATION = 32;
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), 3,
                Duration.ofMillis(250), 1000);

        public Settings {
            if (maxAttempts < 1 || maxQueuedPerRoom < 1 || maxInFlightPerDestination < 1) {
                throw new IllegalArgumentException("attempts, queue size and requests in flight must be positive");
            }
        }

        /** The default limit of requests in flight per destination. */
        public Settings(Duration connectTimeout, Duration responseTimeout, int maxAttempts, Duration firstBackoff,
                        int maxQueuedPerRoom) {
            this(connectTimeout, responseTimeout, maxAttempts, firstBackoff, maxQueuedPerRoom,
                    DEFAULT_MAX_IN_FLIGHT_PER_DESTINATION);
        }
    }

    private final Settings settings;
    private final Map<String, RoomQueue> rooms = new ConcurrentHashMap<>();
    /** Destinations with a request in flight or a room waiting for a slot; guarded by itself. */
    private final Map<String, Destination> destinations = new HashMap<>();
    private volatile HttpClient client;
    private volatile boolean closed;

    public WebhookDispatcher(Settings settings) {
        this.settings = settings;
    }

    /** The client, started on first use: a server whose rooms have no webhook never starts it. */
    private HttpClient client() {
        HttpClient started = client;
        if (started != null) {
            return started;
        }
        synchronized (this) {
            if (client == null && !closed) {
                client = startClient();
            }
            if (client == null) {
                throw new RejectedExecutionException("webhooks closed");
            }
            return client;
        }
    }

    private HttpClient startClient() {
        QueuedThreadPool threads = new QueuedThreadPool(16, 1);
        threads.setName("jellyfish-webhooks");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setExecutor(threads);
        connector.setConnectTimeout(settings.connectTimeout());
        connector.setIdleTimeout(Duration.ofSeconds(30));
        connector.setSslContextFactory(new SslContextFactory.Client());
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(threads);
        http.setFollowRedirects(false);
        http.setUserAgentField(null);
        // Our own limit keeps each destination below this; the client's queue is only a backstop.
        http.setMaxConnectionsPerDestination(settings.maxInFlightPerDestination());
        http.setMaxRequestsQueuedPerDestination(Math.max(1024, settings.maxInFlightPerDestination() * 4));
        http.setConnectTimeout(settings.connectTimeout().toMillis());
        http.setIdleTimeout(Duration.ofSeconds(30).toMillis());
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the webhook HTTP client: " + e.getMessage(), e);
        }
        return http;
    }

    @Override
    public void onNotification(RoomEvent event, byte[] message) {
        if (closed) {
            return;
        }
        if (event instanceof RoomEvent.RoomCreated created && created.webhookUrl() != null) {
            URI uri = webhookUri(created.webhookUrl());
            if (uri != null) {
                rooms.put(created.roomId(), new RoomQueue(created.roomId(), uri, destinationOf(uri)));
            }
        }
        RoomQueue queue = rooms.get(event.roomId());
        if (queue == null) {
            return;
        }
        queue.offer(message);
        if (Notifications.endsRoom(event)) {
            // The URL is forgotten; what is queued is still delivered.
            rooms.remove(event.roomId(), queue);
        }
    }

    /** Rooms with a webhook whose notifications are still flowing (for tests and diagnostics). */
    int activeRooms() {
        return rooms.size();
    }

    /** Requests in flight to {@code url}'s destination (for tests and diagnostics). */
    int inFlight(String url) {
        synchronized (destinations) {
            Destination destination = destinations.get(destinationOf(URI.create(url)));
            return destination == null ? 0 : destination.inFlight;
        }
    }

    private static URI webhookUri(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        LOG.log(Level.WARNING, "Not sending webhooks to \"{0}\": not an http(s) URL with a host", url);
        return null;
    }

    /** scheme://host:port, the unit the in-flight limit applies to (what the client pools connections by). */
    private static String destinationOf(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    // ---- the slots of a destination ---------------------------------------------------------------

    /** One destination's requests in flight and the rooms waiting for a slot, in arrival order. */
    private static final class Destination {
        int inFlight;
        final ArrayDeque<RoomQueue> ready = new ArrayDeque<>();
    }

    /**
     * {@code room} has something to send: it gets a slot now (true) or joins the back of the line
     * (false; it is started when a slot passes to it).
     */
    private boolean acquire(RoomQueue room) {
        synchronized (destinations) {
            Destination destination = destinations.computeIfAbsent(room.destination, key -> new Destination());
            if (destination.inFlight < settings.maxInFlightPerDestination()) {
                destination.inFlight++;
                return true;
            }
            destination.ready.add(room);
            return false;
        }
    }

    /**
     * {@code room} is done with its slot; when {@code again} it still has something to send and
     * goes to the back of the line. Returns the room the slot passes to ({@code room} itself when
     * nobody else waits), or null when the slot is free.
     */
    private RoomQueue release(RoomQueue room, boolean again) {
        synchronized (destinations) {
            Destination destination = destinations.get(room.destination);
            if (again) {
                destination.ready.add(room);
            }
            RoomQueue next = destination.ready.poll();
            if (next == null) {
                destination.inFlight--;
                if (destination.inFlight == 0) {
                    destinations.remove(room.destination);
                }
            }
            return next;
        }
    }

    // ---- one room's queue ---------------------------------------------------------------------------

    /**
     * One room's webhook: a FIFO sent one request at a time. While {@code active} the room is in
     * exactly one place: waiting for a slot, sending its head, or waiting out a back-off.
     */
    private final class RoomQueue {
        private final String roomId;
        private final URI uri;
        private final String destination;
        private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        private boolean active;
        /** The attempt the head is at (1 for its first); touched only by the room's current sender. */
        private int attempt = 1;
        private long dropped;

        RoomQueue(String roomId, URI uri, String destination) {
            this.roomId = roomId;
            this.uri = uri;
            this.destination = destination;
        }

        void offer(byte[] message) {
            synchronized (this) {
                if (pending.size() >= settings.maxQueuedPerRoom()) {
                    if (dropped++ % 100 == 0) {
                        LOG.log(Level.WARNING, "Webhook of room {0} is {1} notifications behind: dropping ({2} dropped so far)",
                                roomId, pending.size(), dropped);
                    }
                    return;
                }
                pending.add(message);
                if (active) {
                    return;
                }
                active = true;
            }
            if (acquire(this)) {
                // The caller holds the room's lock: the request starts on the client's thread.
                execute(this::send);
            }
        }

        /** Holding a slot: sends the head. */
        private void send() {
            byte[] message;
            synchronized (this) {
                message = pending.peek();
            }
            if (closed || message == null) {
                return;
            }
            int current = attempt;
            try {
                client().newRequest(uri)
                        .method(HttpMethod.POST)
                        .body(new BytesRequestContent(CONTENT_TYPE, message))
                        .timeout(settings.connectTimeout().plus(settings.responseTimeout()).toMillis(), TimeUnit.MILLISECONDS)
                        .send(result -> completed(result, current));
            } catch (RuntimeException e) {
                failed(current, e.getClass().getSimpleName() + ": " + e.getMessage(), true);
            }
        }

        private void completed(Result result, int current) {
            Throwable failure = result.getFailure();
            int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
            if (failure == null && status >= 200 && status < 300) {
                done();
                return;
            }
            String outcome = failure != null ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
                    : "status " + status;
            failed(current, outcome, failure != null || status == 408 || status == 429 || status >= 500);
        }

        private void failed(int current, String outcome, boolean retryable) {
            if (retryable && current < settings.maxAttempts() && !closed) {
                long backoff = settings.firstBackoff().toMillis() << (current - 1);
                LOG.log(Level.INFO, "Webhook of room {0} to {1} failed ({2}), attempt {3} of {4}; retrying in {5} ms",
                        roomId, uri, outcome, current, settings.maxAttempts(), backoff);
                attempt = current + 1;
                // The slot goes to the next room meanwhile; afterwards this one queues up again.
                RoomQueue next = release(this, false);
                if (next != null) {
                    next.send();
                }
                CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS).execute(() -> {
                    if (acquire(this)) {
                        send();
                    }
                });
            } else {
                LOG.log(Level.WARNING, "Webhook of room {0} to {1} failed ({2}) after {3} attempt(s): notification dropped",
                        roomId, uri, outcome, current);
                done();
            }
        }

        /** The head is done (delivered or given up): the slot goes to the next room in line, maybe this one. */
        private void done() {
            boolean more;
            synchronized (this) {
                pending.poll();
                attempt = 1;
                more = !pending.isEmpty() && !closed;
                if (!more) {
                    active = false;
                }
            }
            RoomQueue next = release(this, more);
            if (next != null) {
                next.send();
            }
        }
    }

    private void execute(Runnable task) {
        Executor executor;
        try {
            executor = client().getExecutor();
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "webhooks closed: request not sent");
        }
    }

    @Override
    public void close() {
        HttpClient started;
        synchronized (this) {
            closed = true;
            started = client;
        }
        rooms.clear();
        if (started != null) {
            try {
                started.stop();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "stopping the webhook HTTP client: {0}", e.toString());
            }
        }
    }
}
