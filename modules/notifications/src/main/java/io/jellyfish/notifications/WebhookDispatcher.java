package io.jellyfish.notifications;

import io.jellyfish.api.event.RoomEvent;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The webhooks of websockets-and-notifications.md 4: each room's notifications, from
 * {@code RoomCreated} (which carries the URL) to {@code RoomDeleted}/{@code RoomCrashed}, are
 * POSTed to its {@code webhookUrl} as {@code application/x-protobuf}, one request per
 * notification, with the bytes the server socket sends.
 *
 * <p>Each room has its own sequential queue: its notifications leave in order, one request at a
 * time, and a slow or dead receiver delays only its own room. Everything is asynchronous (the
 * JDK client's {@code sendAsync}), so no thread waits on a receiver, and {@link #onNotification}
 * (called under the room's lock) only enqueues. Bounded everywhere: a connect and a response
 * timeout, a few attempts with exponential back-off for failures worth retrying (connection
 * errors, timeouts, 408, 429, 5xx; decision 7 of the spec index), and a queue limit per room past
 * which notifications are dropped with a warning.
 */
public final class WebhookDispatcher implements NotificationHub.Listener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());
    private static final String CONTENT_TYPE = "application/x-protobuf";

    /**
     * @param connectTimeout   how long to wait for a TCP (and TLS) connection
     * @param responseTimeout  how long to wait for the response once the request is sent
     * @param maxAttempts      attempts per notification, the first included
     * @param firstBackoff     the wait before the second attempt; it doubles for each later one
     * @param maxQueuedPerRoom notifications one room may have waiting; more are dropped
     */
    public record Settings(Duration connectTimeout, Duration responseTimeout, int maxAttempts, Duration firstBackoff,
                           int maxQueuedPerRoom) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), 3,
                Duration.ofMillis(250), 1000);

        public Settings {
            if (maxAttempts < 1 || maxQueuedPerRoom < 1) {
                throw new IllegalArgumentException("attempts and queue size must be positive");
            }
        }
    }

    private final Settings settings;
    private final HttpClient client;
    private final Map<String, RoomQueue> rooms = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public WebhookDispatcher(Settings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public void onNotification(RoomEvent event, byte[] message) {
        if (closed) {
            return;
        }
        if (event instanceof RoomEvent.RoomCreated created && created.webhookUrl() != null) {
            URI uri = webhookUri(created.webhookUrl());
            if (uri != null) {
                rooms.put(created.roomId(), new RoomQueue(created.roomId(), uri));
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

    /** One room's webhook: a FIFO sent one request at a time. */
    private final class RoomQueue {
        private final String roomId;
        private final URI uri;
        private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        private boolean sending;
        private long dropped;

        RoomQueue(String roomId, URI uri) {
            this.roomId = roomId;
            this.uri = uri;
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
                if (sending) {
                    return;
                }
                sending = true;
            }
            attempt(message, 1);
        }

        private void attempt(byte[] message, int attempt) {
            if (closed) {
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(settings.responseTimeout())
                    .header("Content-Type", CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(message))
                    .build();
            CompletableFuture<HttpResponse<Void>> response;
            try {
                response = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            response.whenComplete((answer, failure) -> {
                int status = answer == null ? 0 : answer.statusCode();
                if (failure == null && status >= 200 && status < 300) {
                    next();
                    return;
                }
                String outcome = failure != null ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
                        : "status " + status;
                boolean retry = attempt < settings.maxAttempts() && !closed
                        && (failure != null || status == 408 || status == 429 || status >= 500);
                if (retry) {
                    long backoff = settings.firstBackoff().toMillis() << (attempt - 1);
                    LOG.log(Level.INFO, "Webhook of room {0} to {1} failed ({2}), attempt {3} of {4}; retrying in {5} ms",
                            roomId, uri, outcome, attempt, settings.maxAttempts(), backoff);
                    CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS).execute(() -> attempt(message, attempt + 1));
                } else {
                    LOG.log(Level.WARNING, "Webhook of room {0} to {1} failed ({2}) after {3} attempt(s): notification dropped",
                            roomId, uri, outcome, attempt);
                    next();
                }
            });
        }

        /** The head is done (delivered or given up): send the next one, if any. */
        private void next() {
            byte[] message;
            synchronized (this) {
                pending.poll();
                message = pending.peek();
                if (message == null || closed) {
                    sending = false;
                    return;
                }
            }
            attempt(message, 1);
        }
    }

    @Override
    public void close() {
        closed = true;
        rooms.clear();
        client.shutdownNow();
    }
}
