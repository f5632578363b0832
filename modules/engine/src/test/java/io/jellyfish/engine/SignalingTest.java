package io.jellyfish.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.room.PeerOptions;
import io.jellyfish.api.room.PeerSession;
import io.jellyfish.api.room.RoomConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The media events that need no media plane (webrtc.md 2.2, 2.3) and their room events. */
class SignalingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RoomEngine engine;
    private final List<RoomEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        engine = new RoomEngine("127.0.0.1:5002", "secret-key-base", new ManualScheduler(), Clock.systemUTC(), () -> { });
        engine.createRoom(new RoomConfig("r", null, null, null, null, null));
        engine.subscribe(events::add);
    }

    private record Connected(String peerId, RecordingLink link, PeerSession session) {}

    private Connected connectedPeer() {
        String peerId = engine.addPeer("r", PeerOptions.DEFAULT).peer().id();
        RecordingLink link = new RecordingLink();
        return new Connected(peerId, link, engine.connectPeer("r", peerId, link));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private String restMetadata(String peerId) {
        return engine.findRoom("r").orElseThrow().peers().stream()
                .filter(peer -> peer.id().equals(peerId)).findFirst().orElseThrow().metadata();
    }

    @Test
    void connectIsAnsweredWithConnectedAndEmitsPeerMetadataUpdated() {
        Connected a = connectedPeer();
        events.clear();

        a.session().onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":null}}");

        assertEquals(1, a.link().mediaEvents.size());
        assertEquals(json("{\"type\":\"connected\",\"data\":{\"id\":\"" + a.peerId() + "\",\"otherEndpoints\":[]}}"),
                json(a.link().mediaEvents.get(0)));
        assertEquals(List.of(new RoomEvent.PeerMetadataUpdated("r", a.peerId(), "null")), events);
        assertNull(restMetadata(a.peerId()));
    }

    @Test
    void aSecondEndpointLearnsTheFirstAndTheFirstLearnsIt() {
        Connected a = connectedPeer();
        a.session().onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":{\"name\":\"alice\"}}}");
        Connected b = connectedPeer();
        events.clear();

        b.session().onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":{\"name\":\"bob\"}}}");

        assertEquals(json("{\"type\":\"connected\",\"data\":{\"id\":\"" + b.peerId() + "\",\"otherEndpoints\":[{\"id\":\""
                        + a.peerId() + "\",\"type\":\"webrtc\",\"metadata\":{\"name\":\"alice\"},\"trackIdToMetadata\":{},\"tracks\":{}}]}}"),
                json(b.link().mediaEvents.get(0)));
        // endpointAdded carries exactly id, type and metadata (webrtc.md 2.3).
        assertEquals(List.of(json("{\"type\":\"endpointAdded\",\"data\":{\"id\":\"" + b.peerId()
                        + "\",\"type\":\"webrtc\",\"metadata\":{\"name\":\"bob\"}}}")),
                a.link().mediaEvents.subList(1, a.link().mediaEvents.size()).stream().map(SignalingTest::json).toList());
        assertEquals(List.of(new RoomEvent.PeerMetadataUpdated("r", b.peerId(), "{\"name\":\"bob\"}")), events);
        assertEquals("{\"name\":\"bob\"}", restMetadata(b.peerId()));
    }

    @Test
    void anEndpointThatHasNotSentConnectIsNeitherListedNorTold() {
        Connected waiting = connectedPeer();
        Connected a = connectedPeer();
        a.session().onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":1}}");
        assertEquals(json("[]"), json(a.link().mediaEvents.get(0)).at("/data/otherEndpoints"));
        assertEquals(List.of(), waiting.link().mediaEvents);
    }

    @Test
    void metadataUpdatesAreAnnouncedOnlyWhenTheValueChanges() {
        Connected a = connectedPeer();
        Connected b = connectedPeer();
        a.session().onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":{\"n\":1.10}}}");
        b.session().onMediaEvent("{\"type\":\"connect\"}");
        a.link().mediaEvents.clear();
        b.link().mediaEvents.clear();
        events.clear();

        a.session().onMediaEvent("{\"type\":\"updateEndpointMetadata\",\"data\":{\"metadata\":{\"n\":1.10}}}");
        assertEquals(List.of(), events);
        assertEquals(List.of(), b.link().mediaEvents);

        a.session().onMediaEvent("{\"type\":\"updateEndpointMetadata\",\"data\":{\"metadata\":{\"n\":2.50}}}");
        String expected = "{\"type\":\"endpointUpdated\",\"data\":{\"id\":\"" + a.peerId() + "\",\"metadata\":{\"n\":2.50}}}";
        // To every ready endpoint, the sender included; the number is echoed verbatim.
        assertEquals(List.of(expected), a.link().mediaEvents);
        assertEquals(List.of(expected), b.link().mediaEvents);
        assertEquals(List.of(new RoomEvent.PeerMetadataUpdated("r", a.peerId(), "{\"n\":2.50}")), events);
        assertEquals("{\"n\":2.50}", restMetadata(a.peerId()));
    }

    @Test
    void missingMetadataIsNullAndBrokenEventsAreIgnored() {
        Connected a = connectedPeer();
        events.clear();
        for (String broken : List.of("not json", "[]", "{\"type\":3}", "{\"data\":{}}", "{\"type\":\"connect\",\"data\":5}",
                "{\"type\":\"nope\"}", "{\"type\":\"custom\",\"data\":{\"type\":\"renegotiateTracks\"}}", "{} {}")) {
            a.session().onMediaEvent(broken);
        }
        assertEquals(List.of(), a.link().mediaEvents);
        assertEquals(List.of(), events);

        a.session().onMediaEvent("{\"type\":\"connect\",\"data\":{}}");
        assertEquals(List.of(new RoomEvent.PeerMetadataUpdated("r", a.peerId(), "null")), events);
        // A second connect on the same socket changes nothing.
        a.session().onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":2}}");
        assertEquals(1, events.size());
        assertEquals(1, a.link().mediaEvents.size());
    }

    @Test
    void theOthersAreToldWhenAnEndpointLeavesClosesItsSocketOrIsDeleted() {
        Connected a = connectedPeer();
        Connected b = connectedPeer();
        Connected c = connectedPeer();
        for (Connected each : List.of(a, b, c)) {
            each.session().onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":null}}");
        }
        a.link().mediaEvents.clear();

        b.session().onMediaEvent("{\"type\":\"disconnect\"}");
        c.session().disconnected();
        String d = engine.addPeer("r", PeerOptions.DEFAULT).peer().id();
        RecordingLink dLink = new RecordingLink();
        engine.connectPeer("r", d, dLink).onMediaEvent("{\"type\":\"connect\"}");
        engine.deletePeer("r", d);

        assertEquals(List.of(
                "{\"type\":\"endpointRemoved\",\"data\":{\"id\":\"" + b.peerId() + "\"}}",
                "{\"type\":\"endpointRemoved\",\"data\":{\"id\":\"" + c.peerId() + "\"}}",
                "{\"type\":\"endpointAdded\",\"data\":{\"id\":\"" + d + "\",\"type\":\"webrtc\",\"metadata\":null}}",
                "{\"type\":\"endpointRemoved\",\"data\":{\"id\":\"" + d + "\"}}"), a.link().mediaEvents);
        // b left the signalling but keeps its socket: it hears nothing more, and may connect again.
        int before = b.link().mediaEvents.size();
        b.session().onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":null}}");
        assertEquals(before + 1, b.link().mediaEvents.size());
        assertEquals("connected", json(b.link().mediaEvents.get(before)).get("type").textValue());
    }

    @Test
    void eventsOfAStaleSocketAreDropped() {
        Connected a = connectedPeer();
        a.session().disconnected();
        RecordingLink fresh = new RecordingLink();
        engine.connectPeer("r", a.peerId(), fresh);
        events.clear();

        a.session().onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":null}}");

        assertEquals(List.of(), a.link().mediaEvents);
        assertEquals(List.of(), fresh.mediaEvents);
        assertEquals(List.of(), events);
    }

    @Test
    void roomStopSendsNoSignalling() {
        Connected a = connectedPeer();
        Connected b = connectedPeer();
        a.session().onMediaEvent("{\"type\":\"connect\"}");
        b.session().onMediaEvent("{\"type\":\"connect\"}");
        a.link().mediaEvents.clear();
        b.link().mediaEvents.clear();

        engine.deleteRoom("r");

        assertEquals(List.of(), a.link().mediaEvents);
        assertEquals(List.of(), b.link().mediaEvents);
        assertEquals("Room stopped", a.link().closeReason);
    }
}
