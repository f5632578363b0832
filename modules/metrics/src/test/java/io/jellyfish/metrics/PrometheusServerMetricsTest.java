package io.jellyfish.metrics;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.event.RoomEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.jellyfish.metrics.ScrapeAssertions.assertAbsent;
import static io.jellyfish.metrics.ScrapeAssertions.assertBlock;
import static io.jellyfish.metrics.ScrapeAssertions.assertHasLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service end to end: a real listener on a free port, ticks fired by hand. */
class PrometheusServerMetricsTest {

    private static final Duration TICK = Duration.ofSeconds(10);

    private final FakeRoomService roomService = new FakeRoomService();
    private final ManualTickScheduler scheduler = new ManualTickScheduler();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeMediaPlane mediaPlane = new FakeMediaPlane();
    private final PrometheusServerMetrics metrics = new PrometheusServerMetrics(
            "127.0.0.1", 0, TICK, roomService, scheduler, JellyfishMetrics.DEFAULT_RETAINED_ENDED_ROOMS, mediaPlane);

    @AfterEach
    void close() {
        metrics.close();
        http.close();
    }

    @Test
    void servesTheScrapeAsPrometheusText() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(metrics.endpoint(), response.uri().toString());
    }

    @Test
    void exposesTheSeededWebRtcCountersAndNoRoomMetricsBeforeTheFirstTick() throws Exception {
        String scrape = scrape();

        assertBlock(scrape, "jellyfish_traffic_ingress_webrtc_total_bytes", "Total WebRTC traffic received (bytes)",
                "counter", "jellyfish_traffic_ingress_webrtc_total_bytes 0");
        assertBlock(scrape, "jellyfish_traffic_egress_webrtc_total_bytes", "Total WebRTC traffic sent (bytes)",
                "counter", "jellyfish_traffic_egress_webrtc_total_bytes 0");
        for (String unobserved : List.of("jellyfish_rooms", "jellyfish_room_peers", "jellyfish_room_peer_time_total_seconds",
                "jellyfish_room_duration_seconds", "jellyfish_room_peer_connects_total",
                "jellyfish_room_peer_disconnects_total", "jellyfish_room_peer_crashes_total",
                "jellyfish_traffic_ingress_http_total_bytes", "jellyfish_traffic_egress_http_total_bytes")) {
            assertAbsent(scrape, unobserved);
        }
    }

    @Test
    void firstTickIsScheduledOneIntervalAfterStart() {
        assertEquals(TICK, scheduler.interval());
    }

    @Test
    void aTickSamplesRoomsPeersPeerTimeAndDuration() throws Exception {
        roomService.addRoom("room-1");
        roomService.addPeer("room-1", "peer-1");

        scheduler.fire();

        String scrape = scrape();
        assertBlock(scrape, "jellyfish_rooms", "Number of rooms currently present in Jellyfish", "gauge",
                "jellyfish_rooms 1");
        assertBlock(scrape, "jellyfish_room_peers", "Number of peers currently present in a given room", "gauge",
                "jellyfish_room_peers{room_id=\"room-1\"} 1");
        assertBlock(scrape, "jellyfish_room_peer_time_total_seconds",
                "Total peer time accumulated for a given room (seconds)", "counter",
                "jellyfish_room_peer_time_total_seconds{room_id=\"room-1\"} 10");
        assertBlock(scrape, "jellyfish_room_duration_seconds", "Duration of a given room (seconds)", "counter",
                "jellyfish_room_duration_seconds{room_id=\"room-1\"} 10");

        scheduler.fire();

        scrape = scrape();
        assertHasLine(scrape, "jellyfish_room_peer_time_total_seconds{room_id=\"room-1\"} 20");
        assertHasLine(scrape, "jellyfish_room_duration_seconds{room_id=\"room-1\"} 20");
    }

    @Test
    void deletingARoomZeroesItsPeersAtOnceAndKeepsItsCounters() throws Exception {
        roomService.addRoom("room-1");
        roomService.addPeer("room-1", "peer-1");
        scheduler.fire();

        roomService.deleteRoom("room-1");

        String scrape = scrape();
        assertHasLine(scrape, "jellyfish_room_peers{room_id=\"room-1\"} 0");
        assertHasLine(scrape, "jellyfish_room_peer_time_total_seconds{room_id=\"room-1\"} 10");
        assertHasLine(scrape, "jellyfish_room_duration_seconds{room_id=\"room-1\"} 10");
        assertHasLine(scrape, "jellyfish_rooms 1"); // until the next tick

        scheduler.fire();

        scrape = scrape();
        assertHasLine(scrape, "jellyfish_rooms 0");
        assertHasLine(scrape, "jellyfish_room_peers{room_id=\"room-1\"} 0");
        assertHasLine(scrape, "jellyfish_room_peer_time_total_seconds{room_id=\"room-1\"} 10");
        assertHasLine(scrape, "jellyfish_room_duration_seconds{room_id=\"room-1\"} 10");
    }

    @Test
    void aCrashedRoomEndsLikeADeletedOne() throws Exception {
        roomService.addRoom("room-1");
        roomService.addPeer("room-1", "peer-1");
        scheduler.fire();

        roomService.emit(new RoomEvent.RoomCrashed("room-1"));

        assertHasLine(scrape(), "jellyfish_room_peers{room_id=\"room-1\"} 0");
    }

    @Test
    void countsPeerLifecycleEventsPerRoom() throws Exception {
        roomService.emit(new RoomEvent.PeerConnected("room-1", "peer-1"));
        roomService.emit(new RoomEvent.PeerConnected("room-1", "peer-2"));
        roomService.emit(new RoomEvent.PeerConnected("room-2", "peer-3"));
        roomService.emit(new RoomEvent.PeerDisconnected("room-1", "peer-1"));
        roomService.emit(new RoomEvent.PeerCrashed("room-1", "peer-2", "ICE failed"));
        roomService.emit(new RoomEvent.PeerAdded("room-1", "peer-4"));

        String scrape = scrape();
        assertBlock(scrape, "jellyfish_room_peer_connects_total",
                "Number of PeerConnected events emitted during the lifetime of a given room", "counter",
                "jellyfish_room_peer_connects_total{room_id=\"room-1\"} 2",
                "jellyfish_room_peer_connects_total{room_id=\"room-2\"} 1");
        assertBlock(scrape, "jellyfish_room_peer_disconnects_total",
                "Number of PeerDisconnected events emitted during the lifetime of a given room", "counter",
                "jellyfish_room_peer_disconnects_total{room_id=\"room-1\"} 1");
        assertBlock(scrape, "jellyfish_room_peer_crashes_total",
                "Number of PeerCrashed events emitted during the lifetime of a given room", "counter",
                "jellyfish_room_peer_crashes_total{room_id=\"room-1\"} 1");
        assertAbsent(scrape, "jellyfish_room_peers"); // sampled by the tick only
    }

    @Test
    void webRtcCountersFollowTheMediaPlaneTotalsAtEachScrape() throws Exception {
        mediaPlane.ingress = 1500;
        mediaPlane.egress = 4200;
        String scrape = scrape();
        assertHasLine(scrape, "jellyfish_traffic_ingress_webrtc_total_bytes 1500");
        assertHasLine(scrape, "jellyfish_traffic_egress_webrtc_total_bytes 4200");

        mediaPlane.ingress = 2000;
        scrape = scrape();
        assertHasLine(scrape, "jellyfish_traffic_ingress_webrtc_total_bytes 2000");
        assertHasLine(scrape, "jellyfish_traffic_egress_webrtc_total_bytes 4200");
    }

    @Test
    void httpTrafficCountersAppearWithTheFirstRequestAndAccumulate() throws Exception {
        assertAbsent(scrape(), "jellyfish_traffic_ingress_http_total_bytes");

        metrics.httpRequest(120, 345);
        metrics.httpRequest(80, 55);

        String scrape = scrape();
        assertBlock(scrape, "jellyfish_traffic_ingress_http_total_bytes", "Total HTTP traffic received (bytes)",
                "counter", "jellyfish_traffic_ingress_http_total_bytes 200");
        assertBlock(scrape, "jellyfish_traffic_egress_http_total_bytes", "Total HTTP traffic sent (bytes)",
                "counter", "jellyfish_traffic_egress_http_total_bytes 400");
    }

    @Test
    void escapesRoomIdsInLabelValues() throws Exception {
        roomService.emit(new RoomEvent.PeerConnected("a\"b\\c\nd", "peer-1"));

        assertHasLine(scrape(), "jellyfish_room_peer_connects_total{room_id=\"a\\\"b\\\\c\\nd\"} 1");
    }

    @Test
    void exposesTheVmGaugesWithRunQueuesSummedByKind() throws Exception {
        String scrape = scrape();
        assertHasLine(scrape, "vm_total_run_queue_lengths_total 0");
        assertHasLine(scrape, "vm_total_run_queue_lengths_cpu 0");
        assertHasLine(scrape, "vm_total_run_queue_lengths_io 0");
        assertHasLine(scrape, "# TYPE vm_memory_total_bytes gauge");
        long memory = Long.parseLong(scrape.lines().filter(line -> line.startsWith("vm_memory_total_bytes "))
                .findFirst().orElseThrow().substring("vm_memory_total_bytes ".length()));
        assertTrue(memory > 0, "vm_memory_total_bytes " + memory);

        metrics.registerRunQueue("cpu", () -> 3);
        metrics.registerRunQueue("cpu", () -> 1);
        metrics.registerRunQueue("io", () -> 5);

        scrape = scrape();
        assertHasLine(scrape, "vm_total_run_queue_lengths_total 9");
        assertHasLine(scrape, "vm_total_run_queue_lengths_cpu 4");
        assertHasLine(scrape, "vm_total_run_queue_lengths_io 5");
        assertThrows(IllegalArgumentException.class, () -> metrics.registerRunQueue("gpu", () -> 0));
    }

    @Test
    void exposesMicrometerJvmMetricsAfterTheCatalogue() throws Exception {
        String scrape = scrape();

        assertTrue(scrape.startsWith("# HELP jellyfish_traffic_ingress_webrtc_total_bytes "), scrape);
        assertTrue(scrape.indexOf("# TYPE jvm_memory_used_bytes gauge") > scrape.indexOf("vm_total_run_queue_lengths_io"),
                scrape);
        assertTrue(scrape.contains("# TYPE jvm_threads_live_threads gauge"), scrape);
        assertTrue(scrape.contains("# TYPE process_uptime_seconds gauge"), scrape);
    }

    @Test
    void answersEveryOtherPathAndMethodWithNotFound() throws Exception {
        for (HttpResponse<String> response : List.of(get("/anything"), get("/"), get("/metrics/extra"),
                send(HttpRequest.newBuilder(uri("/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build()),
                send(HttpRequest.newBuilder(uri("/metrics")).DELETE().build()))) {
            assertEquals(404, response.statusCode(), response.uri().toString());
            assertEquals("Not Found", response.body());
        }
    }

    @Test
    void endpointNamesTheBoundAddress() {
        assertTrue(metrics.endpoint().matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/metrics"), metrics.endpoint());
    }

    @Test
    void logsWhereItListens() {
        List<String> messages = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(PrometheusServerMetrics.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try (PrometheusServerMetrics another = new PrometheusServerMetrics(
                "127.0.0.1", 0, TICK, roomService, new ManualTickScheduler(), 10, null)) {
            String address = another.endpoint().substring(0, another.endpoint().length() - "/metrics".length());
            assertEquals(List.of("INFO Starting prometheus metrics endpoint at: " + address), messages);
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void failsWithTheVariablesToFixWhenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            ConfigurationException failure = assertThrows(ConfigurationException.class, () -> new PrometheusServerMetrics(
                    "127.0.0.1", port, TICK, roomService, new ManualTickScheduler(), 10, null));

            assertTrue(failure.getMessage().startsWith(
                    "Cannot listen for metrics on 127.0.0.1:" + port + " (JF_METRICS_IP/JF_METRICS_PORT): "),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("Address already in use"), failure.getMessage());
        }
    }

    @Test
    void closeStopsTheTickAndTheListener() {
        metrics.close();

        assertTrue(scheduler.cancelled());
        assertThrows(IOException.class, () -> get("/metrics"));
    }

    private String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(metrics.endpoint()).resolve(path);
    }
}
