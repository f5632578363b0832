package io.jellyfish.metrics;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.spi.ServerContext;
import io.jellyfish.api.spi.ServerMetrics;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up through the service-provider entry point, as the launcher does it. */
class PrometheusMetricsProviderTest {

    private final FakeRoomService roomService = new FakeRoomService();

    @Test
    void startsTheEndpointOnTheConfiguredAddress() throws Exception {
        try (ServerMetrics metrics = new PrometheusMetricsProvider().start(context(Duration.ofSeconds(10)));
             HttpClient http = HttpClient.newHttpClient()) {
            assertTrue(metrics.endpoint().matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/metrics"), metrics.endpoint());

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metrics.endpoint())).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("\njellyfish_traffic_egress_webrtc_total_bytes 0\n"), response.body());
        }
    }

    @Test
    void rejectsANonPositiveRoomTick() {
        ConfigurationException failure = assertThrows(ConfigurationException.class,
                () -> new PrometheusMetricsProvider().start(context(Duration.ZERO)));

        assertTrue(failure.getMessage().startsWith("JF_METRICS_ROOM_TICK_MS "), failure.getMessage());
    }

    private ServerContext context(Duration roomTick) {
        JellyfishConfig config = new JellyfishConfig(false, "127.0.0.1", 5002, "127.0.0.1:5002", null,
                "127.0.0.1", 0, roomTick, null, null, null, false, null, "test",
                new JellyfishConfig.Secret("api-token", false), new JellyfishConfig.Secret("secret-key-base", false),
                Optional.empty(), new JellyfishConfig.CheckOrigin.Disabled(), 1024 * 1024, Map.of());
        return new ServerContext() {
            @Override
            public JellyfishConfig config() {
                return config;
            }

            @Override
            public <T> Optional<T> find(Class<T> type) {
                return type == RoomService.class ? Optional.of(type.cast(roomService)) : Optional.empty();
            }
        };
    }
}
