package io.jellyfish.notifications;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jellyfish.api.cluster.ClusterBus;
import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.media.MediaPlane;
import io.jellyfish.protocol.ServerNotifications.ServerMessage;
import io.jellyfish.protocol.ServerNotifications.ServerMessage.EventType;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server notifications of one node (websockets-and-notifications.md 3.7 and 3.9): every room
 * event becomes one {@code ServerMessage}, encoded once, and its bytes go to every sink subscribed
 * to {@link EventType#EVENT_TYPE_SERVER_NOTIFICATION} and to every {@link Listener} (the
 * webhooks) with identical bytes. A metrics report goes to the sinks subscribed to
 * {@link EventType#EVENT_TYPE_METRICS} on its interval.
 *
 * <p>{@link #onRoomEvent} is a room-service listener: it runs under the publishing room's lock,
 * so notifications of one room reach each sink in the room's order. Sinks and listeners must
 * therefore only enqueue (never block, never call the room service).
 */
public final class NotificationHub implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NotificationHub.class.getName());
    private static final JsonFactory JSON = new JsonFactory();
    /** The counters that get a {@code <name>-per-second} rate in the report (metrics.md 4.2). */
    private static final Set<String> RATED = Set.of("inbound-rtp.packets", "inbound-rtp.bytes_received",
            "inbound-rtp.markers_received", "outbound-rtp.packets", "outbound-rtp.bytes", "outbound-rtp.markers_sent",
            "outbound-rtp.paddings_sent", "ice.bytes_received", "ice.bytes_sent", "ice.packets_received",
            "ice.packets_sent");

    /** Receives encoded {@code ServerMessage}s. Called under a room's lock or the report timer: must not block. */
    @FunctionalInterface
    public interface Sink {
        void deliver(byte[] message);
    }

    /** Sees every notification with the event it encodes (e.g. the webhooks). Same rules as a {@link Sink}. */
    @FunctionalInterface
    public interface Listener {
        void onNotification(RoomEvent event, byte[] message);
    }

    /** A registration; cancelling it stops deliveries (the sink's connection ended). Idempotent. */
    @FunctionalInterface
    public interface Subscription {
        void cancel();
    }

    private final Set<Sink> notificationSinks = ConcurrentHashMap.newKeySet();
    private final Set<Sink> metricsSinks = ConcurrentHashMap.newKeySet();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Room id -> ids of its peers that have a media endpoint (connected), for the metrics report. */
    private final Map<String, Set<String>> endpoints = new ConcurrentHashMap<>();
    /** Where the endpoints' figures come from; null without WebRTC (endpoints then report {@code {}}). */
    private volatile MediaPlane mediaPlane;
    /** Guarded by {@code this}: the rated counters of the previous report by path, and its time. */
    private Map<String, Double> previousCounters = Map.of();
    private long previousReportNanos;
    /** The other cluster members, when this node is in a cluster: they get this node's messages too. */
    private volatile ClusterBus cluster;
    private final Duration metricsInterval;
    private final ScheduledExecutorService timer;

    /** @param metricsInterval how often a metrics report is produced (1 s in Jellyfish 0.5.0) */
    public NotificationHub(Duration metricsInterval) {
        if (metricsInterval.isNegative() || metricsInterval.isZero()) {
            throw new IllegalArgumentException("metrics interval must be positive: " + metricsInterval);
        }
        this.metricsInterval = metricsInterval;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jellyfish-metrics-report");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the metrics report timer. */
    public NotificationHub start() {
        long period = metricsInterval.toNanos();
        timer.scheduleAtFixedRate(this::reportMetrics, period, period, TimeUnit.NANOSECONDS);
        return this;
    }

    /** The media plane whose per-endpoint figures fill the metrics report. */
    public void reportMediaFrom(MediaPlane plane) {
        this.mediaPlane = Objects.requireNonNull(plane);
    }

    /** Registers a listener of every notification (called in event order per room). */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Subscribes {@code sink} to one event type; it receives every message produced after this
     * returns. The caller must make its {@code SubscribeResponse} precede every message delivered
     * under the subscription (section 3.4), e.g. by subscribing and answering under its send lock.
     *
     * @throws IllegalArgumentException for {@code EVENT_TYPE_UNSPECIFIED} or an unknown type
     */
    public Subscription subscribe(EventType type, Sink sink) {
        Set<Sink> sinks = switch (type) {
            case EVENT_TYPE_SERVER_NOTIFICATION -> notificationSinks;
            case EVENT_TYPE_METRICS -> metricsSinks;
            default -> throw new IllegalArgumentException("not an event type one can subscribe to: " + type);
        };
        sinks.add(Objects.requireNonNull(sink));
        return () -> sinks.remove(sink);
    }

    /** A room event: one notification to every subscribed sink and every listener. */
    public void onRoomEvent(RoomEvent event) {
        trackEndpoints(event);
        byte[] message = Notifications.toServerMessage(event).toByteArray();
        for (Sink sink : notificationSinks) {
            deliver(sink, message);
        }
        for (Listener listener : listeners) {
            try {
                listener.onNotification(event, message);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "notification listener failed on " + event, e);
            }
        }
    }

    private void trackEndpoints(RoomEvent event) {
        switch (event) {
            case RoomEvent.PeerConnected e -> endpoints.computeIfAbsent(e.roomId(), id -> ConcurrentHashMap.newKeySet()).add(e.peerId());
            case RoomEvent.PeerDisconnected e -> removeEndpoint(e.roomId(), e.peerId());
            case RoomEvent.PeerDeleted e -> removeEndpoint(e.roomId(), e.peerId());
            case RoomEvent.PeerCrashed e -> removeEndpoint(e.roomId(), e.peerId());
            case RoomEvent.RoomDeleted e -> endpoints.remove(e.roomId());
            case RoomEvent.RoomCrashed e -> endpoints.remove(e.roomId());
            default -> {
            }
        }
    }

    private void removeEndpoint(String roomId, String peerId) {
        endpoints.computeIfPresent(roomId, (id, peers) -> {
            peers.remove(peerId);
            return peers.isEmpty() ? null : peers;
        });
    }

    /**
     * The metrics report of section 3.9: a JSON object keyed {@code room_id=<id>}, each holding one
     * object per media endpoint keyed {@code endpoint_id=<peer id>} with the media plane's figures
     * for it and the derived rates of metrics.md 4.2. Without a media plane an endpoint's object is
     * empty; with no endpoint at all the report is {@code {}}.
     */
    public synchronized String metricsReport() {
        Map<String, Set<String>> sorted = new TreeMap<>();
        endpoints.forEach((roomId, peers) -> {
            Set<String> copy = new TreeSet<>(peers);
            if (!copy.isEmpty()) {
                sorted.put(roomId, copy);
            }
        });
        MediaPlane plane = mediaPlane;
        long now = System.nanoTime();
        double elapsedMillis = previousReportNanos == 0 ? 0 : (now - previousReportNanos) / 1e6;
        Map<String, Double> counters = new HashMap<>();
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, Set<String>> room : sorted.entrySet()) {
                String roomKey = "room_id=" + room.getKey();
                json.writeObjectFieldStart(roomKey);
                for (String peerId : room.getValue()) {
                    String endpointKey = "endpoint_id=" + peerId;
                    json.writeObjectFieldStart(endpointKey);
                    if (plane != null) {
                        writeMetrics(json, roomKey + "/" + endpointKey, plane.endpointMetrics(peerId), counters,
                                elapsedMillis);
                    }
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        previousCounters = counters;
        previousReportNanos = now;
        return out.toString();
    }

    /**
     * Writes one level of an endpoint's figures: numbers and strings as they are, nested maps as
     * objects, and after each rated counter seen in the previous report its per-second rate.
     */
    private void writeMetrics(JsonGenerator json, String path, Map<String, Object> metrics,
                              Map<String, Double> counters, double elapsedMillis) throws IOException {
        for (Map.Entry<String, Object> metric : metrics.entrySet()) {
            String name = metric.getKey();
            switch (metric.getValue()) {
                case Map<?, ?> nested -> {
                    json.writeObjectFieldStart(name);
                    @SuppressWarnings("unchecked") // MediaPlane.endpointMetrics: nested levels are Map<String, Object>
                    Map<String, Object> level = (Map<String, Object>) nested;
                    writeMetrics(json, path + "/" + name, level, counters, elapsedMillis);
                    json.writeEndObject();
                }
                case Long value -> writeCounter(json, path, name, value, value.doubleValue(), counters, elapsedMillis);
                case Integer value -> writeCounter(json, path, name, value, value.doubleValue(), counters, elapsedMillis);
                case Number value -> json.writeNumberField(name, value.doubleValue());
                case null -> json.writeNullField(name);
                default -> json.writeStringField(name, metric.getValue().toString());
            }
        }
    }

    private void writeCounter(JsonGenerator json, String path, String name, long value, double asDouble,
                              Map<String, Double> counters, double elapsedMillis) throws IOException {
        json.writeNumberField(name, value);
        if (!RATED.contains(name)) {
            return;
        }
        String key = path + "/" + name;
        counters.put(key, asDouble);
        Double previous = previousCounters.get(key);
        if (previous != null && elapsedMillis > 0) {
            json.writeNumberField(name + "-per-second", (asDouble - previous) * 1000 / elapsedMillis);
        }
    }

    /**
     * Joins the cluster-wide bus (Jellyfish 0.5.0's event bus spans its nodes): this node's
     * notifications and metrics reports go to the other members, and theirs reach this node's
     * subscribed server sockets. Webhooks stay local: a room's owner alone sends them.
     */
    public void joinCluster(ClusterBus bus) {
        this.cluster = bus;
        addListener((event, message) -> bus.publish(ClusterBus.Kind.NOTIFICATION, message));
        bus.subscribe((kind, message) -> {
            Set<Sink> sinks = kind == ClusterBus.Kind.METRICS ? metricsSinks : notificationSinks;
            for (Sink sink : sinks) {
                deliver(sink, message);
            }
        });
    }

    private void reportMetrics() {
        try {
            ClusterBus bus = cluster;
            if (metricsSinks.isEmpty() && bus == null) {
                return;
            }
            byte[] message = ServerMessage.newBuilder()
                    .setMetricsReport(ServerMessage.MetricsReport.newBuilder().setMetrics(metricsReport()))
                    .build().toByteArray();
            for (Sink sink : metricsSinks) {
                deliver(sink, message);
            }
            if (bus != null) {
                bus.publish(ClusterBus.Kind.METRICS, message);
            }
        } catch (RuntimeException e) {
            // A failure must not cancel the periodic task.
            LOG.log(Level.ERROR, "metrics report failed", e);
        }
    }

    private static void deliver(Sink sink, byte[] message) {
        try {
            sink.deliver(message);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "notification sink failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        notificationSinks.clear();
        metricsSinks.clear();
    }
}
