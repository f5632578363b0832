package io.jellyfish.metrics;

import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.room.RoomSnapshot;

import java.util.List;
import java.util.function.Supplier;

/**
 * The Jellyfish metric catalogue (metrics.md 2.1) and its update rules (3.1 to 3.5).
 *
 * <p>The catalogue is rendered by {@link TextFormat} rather than registered with Micrometer: its
 * Prometheus naming convention appends {@code _total} to every counter and strips it from gauges,
 * which would rename metrics such as {@code jellyfish_traffic_ingress_webrtc_total_bytes} and
 * {@code jellyfish_room_duration_seconds} that dashboards query by their exact names.
 *
 * <p>Per-room series are never deleted while the room's id is in use, as in Jellyfish. To bound
 * memory on a long-running node, the series of at most {@code retainedEndedRooms} ended rooms
 * are kept (10,000 in production); when one more room ends, the series of the room that ended
 * longest ago are deleted.
 */
final class JellyfishMetrics {

    /** How many ended rooms keep their series in production. */
    static final int DEFAULT_RETAINED_ENDED_ROOMS = 10_000;

    private static final String ROOM_ID = "room_id";

    private final CounterFamily webrtcIngress = CounterFamily.unlabelled(
            "jellyfish_traffic_ingress_webrtc_total_bytes", "Total WebRTC traffic received (bytes)");
    private final CounterFamily webrtcEgress = CounterFamily.unlabelled(
            "jellyfish_traffic_egress_webrtc_total_bytes", "Total WebRTC traffic sent (bytes)");
    private final CounterFamily httpIngress = CounterFamily.unlabelled(
            "jellyfish_traffic_ingress_http_total_bytes", "Total HTTP traffic received (bytes)");
    private final CounterFamily httpEgress = CounterFamily.unlabelled(
            "jellyfish_traffic_egress_http_total_bytes", "Total HTTP traffic sent (bytes)");
    private final GaugeFamily rooms = GaugeFamily.unlabelled(
            "jellyfish_rooms", "Number of rooms currently present in Jellyfish");
    private final GaugeFamily roomPeers = GaugeFamily.labelled(
            "jellyfish_room_peers", "Number of peers currently present in a given room", ROOM_ID);
    private final CounterFamily roomPeerTime = CounterFamily.labelled(
            "jellyfish_room_peer_time_total_seconds",
            "Total peer time accumulated for a given room (seconds)", ROOM_ID);
    private final CounterFamily roomDuration = CounterFamily.labelled(
            "jellyfish_room_duration_seconds", "Duration of a given room (seconds)", ROOM_ID);
    private final CounterFamily peerConnects = CounterFamily.labelled(
            "jellyfish_room_peer_connects_total",
            "Number of PeerConnected events emitted during the lifetime of a given room", ROOM_ID);
    private final CounterFamily peerDisconnects = CounterFamily.labelled(
            "jellyfish_room_peer_disconnects_total",
            "Number of PeerDisconnected events emitted during the lifetime of a given room", ROOM_ID);
    private final CounterFamily peerCrashes = CounterFamily.labelled(
            "jellyfish_room_peer_crashes_total",
            "Number of PeerCrashed events emitted during the lifetime of a given room", ROOM_ID);

    /** Exposition order: the order of the catalogue table. */
    private final List<MetricFamily<?>> catalogue = List.of(webrtcIngress, webrtcEgress, httpIngress, httpEgress,
            rooms, roomPeers, roomPeerTime, roomDuration, peerConnects, peerDisconnects, peerCrashes);
    private final List<MetricFamily<?>> perRoom = List.of(
            roomPeers, roomPeerTime, roomDuration, peerConnects, peerDisconnects, peerCrashes);

    /**
     * Orders room ends against ticks, so that a tick working from a listing taken before a room
     * ended cannot set that room's peers gauge back above 0.
     */
    private final Object roomLifecycleLock = new Object();
    /** Guarded by {@link #roomLifecycleLock}. */
    private final EndedRooms endedRooms;

    /** The media plane's totals already added to the WebRTC counters; guarded by {@link #webrtcTotalsLock}. */
    private final Object webrtcTotalsLock = new Object();
    private long webrtcIngressSeen;
    private long webrtcEgressSeen;

    JellyfishMetrics(int retainedEndedRooms) {
        this.endedRooms = new EndedRooms(retainedEndedRooms);
        // Seeded at boot so throughput queries have a series before the first peer joins.
        webrtcIngress.add(0);
        webrtcEgress.add(0);
    }

    /** One request through the REST pipeline, with its estimated sizes (metrics.md 3.5). */
    void recordHttpRequest(long ingressBytes, long egressBytes) {
        httpIngress.add(ingressBytes);
        httpEgress.add(egressBytes);
    }

    /**
     * Brings the WebRTC counters (metrics.md 3.4) up to the media plane's running totals: the plane
     * counts every payload on its packet threads, and only the difference since the last call is added.
     */
    void recordWebRtcTotals(long ingressTotal, long egressTotal) {
        synchronized (webrtcTotalsLock) {
            if (ingressTotal > webrtcIngressSeen) {
                webrtcIngress.add(ingressTotal - webrtcIngressSeen);
                webrtcIngressSeen = ingressTotal;
            }
            if (egressTotal > webrtcEgressSeen) {
                webrtcEgress.add(egressTotal - webrtcEgressSeen);
                webrtcEgressSeen = egressTotal;
            }
        }
    }

    /** Applies one room event: peer lifecycle counters, and the end of a room. */
    void onRoomEvent(RoomEvent event) {
        switch (event) {
            case RoomEvent.PeerConnected connected -> peerConnects.add(connected.roomId(), 1);
            // The engine emits it both when a connected peer's socket closes and when a connected
            // peer is deleted, which is exactly what the counter counts.
            case RoomEvent.PeerDisconnected disconnected -> peerDisconnects.add(disconnected.roomId(), 1);
            case RoomEvent.PeerCrashed crashed -> peerCrashes.add(crashed.roomId(), 1);
            case RoomEvent.RoomDeleted deleted -> roomEnded(deleted.roomId());
            case RoomEvent.RoomCrashed crashed -> roomEnded(crashed.roomId());
            default -> {
                // No other event moves a metric: peers and rooms are sampled by the tick.
            }
        }
    }

    /**
     * One room tick (metrics.md 3.1): samples the rooms hosted on this node.
     *
     * @param listRooms   lists the rooms; called without holding any lock of this class
     * @param tickSeconds the tick interval, added to each room's duration
     */
    void recordRoomTick(Supplier<List<RoomSnapshot>> listRooms, double tickSeconds) {
        long endsBeforeListing;
        synchronized (roomLifecycleLock) {
            endsBeforeListing = endedRooms.endCount();
        }
        List<RoomSnapshot> listed = listRooms.get();
        synchronized (roomLifecycleLock) {
            long hosted = 0;
            for (RoomSnapshot room : listed) {
                String roomId = room.id();
                if (endedRooms.endedAfter(roomId, endsBeforeListing)) {
                    continue; // it ended while we were listing: the listing is stale for this room
                }
                endedRooms.remove(roomId); // listed after it ended: a new room reuses the id
                hosted++;
                int peers = room.peers().size();
                roomPeers.set(roomId, peers);
                roomPeerTime.add(roomId, peers * tickSeconds);
                roomDuration.add(roomId, tickSeconds);
            }
            rooms.set(hosted);
        }
    }

    /** Appends every observed metric of the catalogue. */
    void writeTo(StringBuilder out) {
        for (MetricFamily<?> family : catalogue) {
            family.writeTo(out);
        }
    }

    /** Room end (metrics.md 3.3): peers drop to 0 at once; counters keep their values. */
    private void roomEnded(String roomId) {
        synchronized (roomLifecycleLock) {
            roomPeers.set(roomId, 0);
            endedRooms.add(roomId).ifPresent(this::deleteRoomSeries);
        }
    }

    private void deleteRoomSeries(String roomId) {
        for (MetricFamily<?> family : perRoom) {
            family.remove(roomId);
        }
    }
}
