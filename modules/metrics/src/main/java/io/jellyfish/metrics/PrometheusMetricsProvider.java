package io.jellyfish.metrics;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.media.MediaPlane;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.spi.MetricsProvider;
import io.jellyfish.api.spi.ServerContext;
import io.jellyfish.api.spi.ServerMetrics;

import java.time.Duration;

/** Starts the Prometheus endpoint on JF_METRICS_IP:JF_METRICS_PORT, fed by the room engine. */
public final class PrometheusMetricsProvider implements MetricsProvider {

    /** The room tick of Jellyfish when JF_METRICS_ROOM_TICK_MS is not configured. */
    static final Duration DEFAULT_ROOM_TICK = Duration.ofSeconds(10);

    public PrometheusMetricsProvider() {
        // Instantiated by ServiceLoader.
    }

    @Override
    public ServerMetrics start(ServerContext context) {
        JellyfishConfig config = context.config();
        RoomService roomService = context.require(RoomService.class);
        return new PrometheusServerMetrics(config.metricsIp(), config.metricsPort(), roomTick(config), roomService,
                new DaemonTickScheduler("jellyfish-metrics-room-tick"), JellyfishMetrics.DEFAULT_RETAINED_ENDED_ROOMS,
                context.find(MediaPlane.class).orElse(null));
    }

    private static Duration roomTick(JellyfishConfig config) {
        Duration tick = config.roomMetricsTick();
        if (tick == null) {
            return DEFAULT_ROOM_TICK;
        }
        if (tick.isNegative() || tick.isZero()) {
            throw new ConfigurationException("JF_METRICS_ROOM_TICK_MS must be a positive number of milliseconds, got "
                    + tick.toMillis());
        }
        return tick;
    }
}
