package io.jellyfish.metrics;

import io.jellyfish.api.event.RoomEvent;
import org.junit.jupiter.api.Test;

import static io.jellyfish.metrics.ScrapeAssertions.assertAbsent;
import static io.jellyfish.metrics.ScrapeAssertions.assertBlock;
import static io.jellyfish.metrics.ScrapeAssertions.assertHasLine;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The catalogue's update rules, without the endpoint. */
class JellyfishMetricsTest {

    private final FakeRoomService roomService = new FakeRoomService();
    private final JellyfishMetrics metrics = new JellyfishMetrics(JellyfishMetrics.DEFAULT_RETAINED_ENDED_ROOMS);

    JellyfishMetricsTest() {
        roomService.subscribe(metrics::onRoomEvent);
    }

    @Test
    void aRoomEndingWhileTheTickListsRoomsKeepsItsPeersGaugeAtZero() {
        roomService.addRoom("room-1");
        roomService.addPeer("room-1", "peer-1");
        tick();
        // The listing already holds room-1 with its peer when the room is deleted.
        roomService.whileListing(() -> roomService.emit(new RoomEvent.RoomDeleted("room-1")));

        tick();

        String scrape = render();
        assertHasLine(scrape, "jellyfish_room_peers{room_id=\"room-1\"} 0");
        assertHasLine(scrape, "jellyfish_rooms 0");
        assertHasLine(scrape, "jellyfish_room_duration_seconds{room_id=\"room-1\"} 10");
    }

    @Test
    void aNewRoomReusingTheIdOfAnEndedRoomIsSampledAgain() {
        roomService.addRoom("room-1");
        tick();
        roomService.deleteRoom("room-1");
        roomService.addRoom("room-1");
        roomService.addPeer("room-1", "peer-1");

        tick();

        String scrape = render();
        assertHasLine(scrape, "jellyfish_rooms 1");
        assertHasLine(scrape, "jellyfish_room_peers{room_id=\"room-1\"} 1");
        assertHasLine(scrape, "jellyfish_room_duration_seconds{room_id=\"room-1\"} 20");
    }

    @Test
    void aRoomEndingBeforeAnyTickGetsAPeersSeriesAtZero() {
        roomService.emit(new RoomEvent.PeerConnected("short-lived", "peer-1"));
        roomService.emit(new RoomEvent.RoomCrashed("short-lived"));

        String scrape = render();
        assertHasLine(scrape, "jellyfish_room_peers{room_id=\"short-lived\"} 0");
        assertHasLine(scrape, "jellyfish_room_peer_connects_total{room_id=\"short-lived\"} 1");
        assertAbsent(scrape, "jellyfish_room_duration_seconds");
    }

    @Test
    void onlyTheNewestEndedRoomsKeepTheirSeries() {
        JellyfishMetrics capped = new JellyfishMetrics(2);
        for (String roomId : new String[] {"room-1", "room-2", "room-3"}) {
            capped.onRoomEvent(new RoomEvent.PeerConnected(roomId, "peer"));
            capped.onRoomEvent(new RoomEvent.RoomDeleted(roomId));
        }

        StringBuilder out = new StringBuilder();
        capped.writeTo(out);
        assertBlock(out.toString(), "jellyfish_room_peer_connects_total",
                "Number of PeerConnected events emitted during the lifetime of a given room", "counter",
                "jellyfish_room_peer_connects_total{room_id=\"room-2\"} 1",
                "jellyfish_room_peer_connects_total{room_id=\"room-3\"} 1");
        assertBlock(out.toString(), "jellyfish_room_peers", "Number of peers currently present in a given room", "gauge",
                "jellyfish_room_peers{room_id=\"room-2\"} 0",
                "jellyfish_room_peers{room_id=\"room-3\"} 0");
    }

    @Test
    void fractionalTicksAccumulateAsDecimals() {
        roomService.addRoom("room-1");
        roomService.addPeer("room-1", "peer-1");
        roomService.addPeer("room-1", "peer-2");

        metrics.recordRoomTick(roomService::listRooms, 1.5);

        String scrape = render();
        assertHasLine(scrape, "jellyfish_room_peer_time_total_seconds{room_id=\"room-1\"} 3");
        assertHasLine(scrape, "jellyfish_room_duration_seconds{room_id=\"room-1\"} 1.5");
    }

    @Test
    void httpTrafficCannotBeNegative() {
        assertThrows(IllegalArgumentException.class, () -> metrics.recordHttpRequest(-1, 10));
    }

    private void tick() {
        metrics.recordRoomTick(roomService::listRooms, 10);
    }

    @Test
    void webRtcCountersAddOnlyWhatTheMediaPlaneTotalsGrew() {
        metrics.recordWebRtcTotals(100, 10);
        metrics.recordWebRtcTotals(100, 25);
        metrics.recordWebRtcTotals(90, 25); // never moves a counter back

        String scrape = render();
        assertHasLine(scrape, "jellyfish_traffic_ingress_webrtc_total_bytes 100");
        assertHasLine(scrape, "jellyfish_traffic_egress_webrtc_total_bytes 25");
    }

    private String render() {
        StringBuilder out = new StringBuilder();
        metrics.writeTo(out);
        return out.toString();
    }
}
