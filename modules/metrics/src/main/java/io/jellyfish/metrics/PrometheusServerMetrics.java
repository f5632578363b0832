package io.jellyfish.metrics;

import io.jellyfish.api.media.MediaPlane;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.spi.ServerMetrics;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * The running metrics service: the Jellyfish catalogue fed by room events, the room tick and the
 * HTTP module; the {@code vm_*} gauges; Micrometer's JVM metrics; and the endpoint serving them.
 */
final class PrometheusServerMetrics implements ServerMetrics {

    private static final System.Logger LOG = System.getLogger(PrometheusServerMetrics.class.getName());

    private final RoomService roomService;
    /** Null when WebRTC is disabled: the WebRTC counters then stay at their seeded 0. */
    private final MediaPlane mediaPlane;
    private final double tickSeconds;
    private final JellyfishMetrics jellyfish;
    private final RuntimeGauges runtime = new RuntimeGauges();
    private final MicrometerJvmMetrics jvm;
    private final MetricsEndpoint endpoint;
    private final TickScheduler.Cancellable ticking;
    private final String endpointUrl;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Binds {@code ip:port}, subscribes to the room events, schedules the room tick and starts serving.
     *
     * @param port               the port to bind; 0 picks a free one (tests)
     * @param tickInterval       the room tick interval, also the duration each tick adds
     * @param tickScheduler      runs the room tick; tests pass one they fire by hand
     * @param retainedEndedRooms how many ended rooms keep their series
     * @param mediaPlane         the source of the WebRTC byte totals, or null without WebRTC
     * @throws io.jellyfish.api.config.ConfigurationException when the address cannot be bound
     */
    PrometheusServerMetrics(String ip, int port, Duration tickInterval, RoomService roomService,
                            TickScheduler tickScheduler, int retainedEndedRooms, MediaPlane mediaPlane) {
        if (tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("room metrics tick must be positive: " + tickInterval);
        }
        this.roomService = roomService;
        this.mediaPlane = mediaPlane;
        this.tickSeconds = tickInterval.toNanos() / 1e9;
        this.jellyfish = new JellyfishMetrics(retainedEndedRooms);
        this.endpoint = MetricsEndpoint.bind(ip, port);
        try {
            this.jvm = new MicrometerJvmMetrics();
        } catch (RuntimeException e) {
            endpoint.stop();
            throw e;
        }
        roomService.subscribe(jellyfish::onRoomEvent);
        this.ticking = tickScheduler.schedule(tickInterval, this::tick);
        String address = "http://" + urlHost(ip) + ":" + endpoint.port();
        this.endpointUrl = address + MetricsEndpoint.PATH;
        LOG.log(Level.INFO, "Starting prometheus metrics endpoint at: " + address);
        endpoint.start(this::scrape);
    }

    /** One room tick; called by the tick scheduler. */
    void tick() {
        jellyfish.recordRoomTick(roomService::listRooms, tickSeconds);
    }

    /** The whole scrape body: the Jellyfish catalogue, the {@code vm_*} gauges, then the JVM metrics. */
    String scrape() {
        if (mediaPlane != null) {
            // Sampled here rather than on the room tick, so every scrape sees the current traffic.
            jellyfish.recordWebRtcTotals(mediaPlane.ingressBytes(), mediaPlane.egressBytes());
        }
        StringBuilder out = new StringBuilder(16 * 1024);
        jellyfish.writeTo(out);
        runtime.writeTo(out);
        return out.append(jvm.scrape()).toString();
    }

    @Override
    public void httpRequest(long ingressBytes, long egressBytes) {
        jellyfish.recordHttpRequest(ingressBytes, egressBytes);
    }

    @Override
    public void registerRunQueue(String kind, IntSupplier queuedTasks) {
        runtime.registerRunQueue(kind, queuedTasks);
    }

    @Override
    public String endpoint() {
        return endpointUrl;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ticking.cancel();
        endpoint.stop();
        jvm.close();
    }

    /** IPv6 literals are bracketed in URLs. */
    private static String urlHost(String ip) {
        return ip.indexOf(':') >= 0 && !ip.startsWith("[") ? "[" + ip + "]" : ip;
    }
}
