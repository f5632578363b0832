package io.jellyfish.notifications;

import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.media.EndpointContext;
import io.jellyfish.api.media.MediaEndpoint;
import io.jellyfish.api.media.MediaPlane;
import io.jellyfish.api.room.TrackSnapshot;
import io.jellyfish.protocol.ServerNotifications.ServerMessage;
import io.jellyfish.protocol.ServerNotifications.ServerMessage.EventType;
import io.jellyfish.protocol.ServerNotifications.ServerMessage.TrackType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotificationHubTest {

    private final NotificationHub hub = new NotificationHub(Duration.ofMillis(20));

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void everyRoomEventBecomesItsNotification() {
        TrackSnapshot track = new TrackSnapshot("funny-cat-must-see", "video", "\"myvideo\"");
        assertEquals("52040a027231", hex(new RoomEvent.RoomCreated("r1", "http://x/y")));
        assertEquals("a201060a0172120170", hex(new RoomEvent.PeerAdded("r", "p")));
        assertEquals("aa01060a0172120170", hex(new RoomEvent.PeerDeleted("r", "p")));
        assertEquals("1a060a0172120170", hex(new RoomEvent.PeerDisconnected("r", "p")));
        assertEquals("22060a0172120170", hex(new RoomEvent.PeerCrashed("r", "p", null)));
        assertEquals("0a030a0172", hex(new RoomEvent.RoomCrashed("r")));
        assertEquals("2a060a0172120163", hex(new RoomEvent.ComponentCrashed("r", "c")));
        ServerMessage added = Notifications.toServerMessage(new RoomEvent.TrackAdded("r", "c", true, track));
        assertEquals("c", added.getTrackAdded().getComponentId());
        assertEquals(TrackType.TRACK_TYPE_VIDEO, added.getTrackAdded().getTrack().getType());
        assertEquals("\"myvideo\"", added.getTrackAdded().getTrack().getMetadata());
        ServerMessage removed = Notifications.toServerMessage(new RoomEvent.TrackRemoved("r", "p", false,
                new TrackSnapshot("t", "data", null)));
        assertEquals("p", removed.getTrackRemoved().getPeerId());
        assertEquals(TrackType.TRACK_TYPE_UNSPECIFIED, removed.getTrackRemoved().getTrack().getType());
        assertEquals("null", removed.getTrackRemoved().getTrack().getMetadata());
        assertEquals("null", Notifications.toServerMessage(new RoomEvent.PeerMetadataUpdated("r", "p", null))
                .getPeerMetadataUpdated().getMetadata());
        assertEquals(ServerMessage.ContentCase.TRACK_METADATA_UPDATED, Notifications.toServerMessage(
                new RoomEvent.TrackMetadataUpdated("r", "p", false, track)).getContentCase());
    }

    private static String hex(RoomEvent event) {
        return HexFormat.of().formatHex(Notifications.toServerMessage(event).toByteArray());
    }

    @Test
    void subscribersAndListenersGetIdenticalBytesInOrderUntilTheyCancel() {
        List<byte[]> socket = new CopyOnWriteArrayList<>();
        List<byte[]> webhook = new CopyOnWriteArrayList<>();
        List<RoomEvent> events = new CopyOnWriteArrayList<>();
        hub.addListener((event, message) -> {
            events.add(event);
            webhook.add(message);
        });
        hub.onRoomEvent(new RoomEvent.RoomCreated("before"));
        NotificationHub.Subscription subscription = hub.subscribe(EventType.EVENT_TYPE_SERVER_NOTIFICATION, socket::add);
        hub.onRoomEvent(new RoomEvent.RoomCreated("r"));
        hub.onRoomEvent(new RoomEvent.PeerAdded("r", "p"));
        subscription.cancel();
        hub.onRoomEvent(new RoomEvent.RoomDeleted("r"));

        assertEquals(2, socket.size());
        assertArrayEquals(webhook.get(1), socket.get(0));
        assertArrayEquals(webhook.get(2), socket.get(1));
        assertEquals(4, webhook.size());
        assertEquals(new RoomEvent.RoomDeleted("r"), events.get(3));
        assertThrows(IllegalArgumentException.class, () -> hub.subscribe(EventType.EVENT_TYPE_UNSPECIFIED, socket::add));
        assertThrows(IllegalArgumentException.class, () -> hub.subscribe(EventType.UNRECOGNIZED, socket::add));
    }

    @Test
    void theMetricsReportListsEndpointsOfConnectedPeers() throws Exception {
        assertEquals("{}", hub.metricsReport());
        hub.onRoomEvent(new RoomEvent.PeerConnected("r", "p1"));
        hub.onRoomEvent(new RoomEvent.PeerConnected("r", "p2"));
        hub.onRoomEvent(new RoomEvent.PeerConnected("s", "q"));
        hub.onRoomEvent(new RoomEvent.PeerDisconnected("r", "p2"));
        assertEquals("{\"room_id=r\":{\"endpoint_id=p1\":{}},\"room_id=s\":{\"endpoint_id=q\":{}}}", hub.metricsReport());
        hub.onRoomEvent(new RoomEvent.RoomDeleted("s"));
        hub.onRoomEvent(new RoomEvent.PeerDeleted("r", "p1"));
        assertEquals("{}", hub.metricsReport());

        List<byte[]> reports = new CopyOnWriteArrayList<>();
        hub.subscribe(EventType.EVENT_TYPE_METRICS, reports::add);
        hub.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (reports.size() < 2 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        assertTrue(reports.size() >= 2);
        assertEquals("{}", ServerMessage.parseFrom(reports.get(0)).getMetricsReport().getMetrics());
    }

    @Test
    void theMetricsReportCarriesTheMediaPlanesFiguresWithRatesFromTheSecondReportOn() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("ice.bytes_received", 1000L);
        figures.put("ice.protocol", "udp");
        Map<String, Object> track = new LinkedHashMap<>();
        track.put("inbound-rtp.packets", 10L);
        track.put("inbound-rtp.encoding", "OPUS");
        figures.put("track_id=t1", track);
        hub.reportMediaFrom(new MediaPlane() {
            @Override
            public MediaEndpoint openEndpoint(EndpointContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long ingressBytes() {
                return 0;
            }

            @Override
            public long egressBytes() {
                return 0;
            }

            @Override
            public Map<String, Object> endpointMetrics(String endpointId) {
                return endpointId.equals("p1") ? figures : Map.of();
            }
        });
        hub.onRoomEvent(new RoomEvent.PeerConnected("r", "p1"));

        assertEquals("{\"room_id=r\":{\"endpoint_id=p1\":{\"ice.bytes_received\":1000,\"ice.protocol\":\"udp\","
                + "\"track_id=t1\":{\"inbound-rtp.packets\":10,\"inbound-rtp.encoding\":\"OPUS\"}}}}", hub.metricsReport());

        figures.put("ice.bytes_received", 3000L);
        String second = hub.metricsReport();
        assertTrue(second.matches(".*\"ice.bytes_received\":3000,\"ice.bytes_received-per-second\":[0-9.E]+,.*"), second);
        assertTrue(second.matches(".*\"inbound-rtp.packets\":10,\"inbound-rtp.packets-per-second\":0\\.0,.*"), second);
    }

    /** The cluster's side of the bus, as the hub sees it: what it published, and a way to deliver. */
    private static final class RecordingBus implements io.jellyfish.api.cluster.ClusterBus {
        final List<String> published = new CopyOnWriteArrayList<>();
        volatile java.util.function.BiConsumer<Kind, byte[]> receiver;

        @Override
        public void publish(Kind kind, byte[] message) {
            published.add(kind + ":" + HexFormat.of().formatHex(message));
        }

        @Override
        public void subscribe(java.util.function.BiConsumer<Kind, byte[]> receiver) {
            this.receiver = receiver;
        }
    }

    @Test
    void inAClusterLocalNotificationsGoOutAndOtherMembersReachOnlyTheSockets() {
        RecordingBus bus = new RecordingBus();
        hub.joinCluster(bus);
        List<byte[]> socket = new CopyOnWriteArrayList<>();
        List<RoomEvent> webhooks = new CopyOnWriteArrayList<>();
        hub.subscribe(EventType.EVENT_TYPE_SERVER_NOTIFICATION, socket::add);
        hub.addListener((event, message) -> webhooks.add(event));

        hub.onRoomEvent(new RoomEvent.RoomCreated("r1", null));
        assertEquals(List.of("NOTIFICATION:52040a027231"), bus.published);

        // A room on another member: to this node's server sockets, never to its webhooks.
        byte[] remote = Notifications.toServerMessage(new RoomEvent.PeerAdded("r", "p")).toByteArray();
        bus.receiver.accept(io.jellyfish.api.cluster.ClusterBus.Kind.NOTIFICATION, remote);
        assertEquals(2, socket.size());
        assertArrayEquals(remote, socket.get(1));
        assertEquals(List.of(new RoomEvent.RoomCreated("r1", null)), webhooks);
        assertEquals(1, bus.published.size(), "a message from another member is not published again");
    }
}
