package io.jellyfish.engine;

import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.media.EndpointContext;
import io.jellyfish.api.media.MediaEndpoint;
import io.jellyfish.api.media.MediaPlane;
import io.jellyfish.api.media.PublishedTrack;
import io.jellyfish.api.room.PeerCreated;
import io.jellyfish.api.room.PeerOptions;
import io.jellyfish.api.room.PeerSession;
import io.jellyfish.api.room.PeerStatus;
import io.jellyfish.api.room.RoomConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The room's side of the media-event protocol once a media plane exists (webrtc.md 2-3): which
 * media events each endpoint is sent, in which order, and what the media plane is asked to do.
 * The media plane here records the calls; the real one is exercised by the browser tests.
 */
class MediaSignalingTest {

    record Published(String id, String endpointId, String kind, String metadata, boolean simulcast,
                     List<String> encodings) implements PublishedTrack {}

    /** One endpoint's calls from the room, and its handle on the room. */
    static final class RecordingEndpoint implements MediaEndpoint {
        final EndpointContext context;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Set<String> negotiated = Collections.synchronizedSet(new HashSet<>());
        volatile boolean closed;

        RecordingEndpoint(EndpointContext context) {
            this.context = context;
        }

        @Override
        public void customEvent(String type, String dataJson) {
            calls.add("custom " + type + " " + dataJson);
        }

        @Override
        public void subscribe(Collection<PublishedTrack> tracks) {
            calls.add("subscribe " + tracks.stream().map(PublishedTrack::id).toList());
        }

        @Override
        public Set<String> negotiatedTrackIds(Collection<String> trackIds) {
            Set<String> known = new HashSet<>(trackIds);
            known.retainAll(negotiated);
            return known;
        }

        @Override
        public void unsubscribe(Collection<String> trackIds) {
            calls.add("unsubscribe " + List.copyOf(trackIds));
        }

        @Override
        public void encodingEnabled(String trackId, String encoding, boolean enabled) {
            calls.add((enabled ? "enable " : "disable ") + trackId + " " + encoding);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<RecordingEndpoint> endpoints = new CopyOnWriteArrayList<>();
    private final List<RoomEvent> events = Collections.synchronizedList(new ArrayList<>());
    private RoomEngine engine;

    @BeforeEach
    void setUp() {
        MediaPlane plane = new MediaPlane() {
            @Override
            public MediaEndpoint openEndpoint(EndpointContext context) {
                RecordingEndpoint endpoint = new RecordingEndpoint(context);
                endpoints.add(endpoint);
                return endpoint;
            }

            @Override
            public long ingressBytes() {
                return 0;
            }

            @Override
            public long egressBytes() {
                return 0;
            }
        };
        engine = new RoomEngine("127.0.0.1:5002", "secret-key-base", new ManualScheduler(), Clock.systemUTC(), () -> { }, plane);
        engine.subscribe(events::add);
        engine.createRoom(new RoomConfig("room", null, null, null, null, null));
    }

    private record Connected(String id, RecordingLink link, PeerSession session, RecordingEndpoint endpoint) {}

    private Connected join(String name) {
        PeerCreated created = engine.addPeer("room", new PeerOptions(true));
        RecordingLink link = new RecordingLink();
        PeerSession session = engine.connectPeer("room", created.peer().id(), link);
        int before = endpoints.size();
        session.onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":{\"name\":\"" + name + "\"}}}");
        assertEquals(before + 1, endpoints.size(), "the endpoint opens when the peer sends connect");
        RecordingEndpoint endpoint = endpoints.get(endpoints.size() - 1);
        assertEquals(created.peer().id(), endpoint.context.peerId());
        return new Connected(created.peer().id(), link, session, endpoint);
    }

    private static PublishedTrack video(String endpointId, String suffix) {
        return new Published(endpointId + ":" + suffix, endpointId, "video", "{\"type\":\"camera\"}", false, List.of("h"));
    }

    @Test
    void customEventsGoToTheEndpointUnwrapped() {
        Connected alice = join("alice");
        alice.session().onMediaEvent("{\"type\":\"custom\",\"data\":{\"type\":\"renegotiateTracks\"}}");
        alice.session().onMediaEvent("{\"type\":\"custom\",\"data\":{\"type\":\"sdpOffer\",\"data\":{\"sdpOffer\":{\"type\":\"offer\"}}}}");
        assertEquals(List.of("custom renegotiateTracks null", "custom sdpOffer {\"sdpOffer\":{\"type\":\"offer\"}}"),
                alice.endpoint().calls);
    }

    @Test
    void publishedTracksAreAnnouncedSubscribedAndNotified() {
        Connected alice = join("alice");
        Connected bob = join("bob");
        PublishedTrack camera = video(alice.id(), "cam");

        alice.endpoint().context.published(List.of(camera));

        String tracksAdded = bob.link().mediaEvents.get(bob.link().mediaEvents.size() - 1);
        assertEquals("{\"type\":\"tracksAdded\",\"data\":{\"endpointId\":\"" + alice.id() + "\",\"trackIdToMetadata\":{\""
                + camera.id() + "\":{\"type\":\"camera\"}},\"tracks\":{\"" + camera.id() + "\":{\"metadata\":{\"type\":\"camera\"},"
                + "\"simulcastConfig\":{\"enabled\":false,\"activeEncodings\":[\"h\"],\"disabledEncodings\":[]}}}}}", tracksAdded);
        assertEquals(List.of("subscribe [" + camera.id() + "]"), bob.endpoint().calls);
        assertTrue(alice.endpoint().calls.isEmpty(), "the publisher does not receive its own track");
        assertTrue(events.contains(new RoomEvent.TrackAdded("room", alice.id(), false,
                new io.jellyfish.api.room.TrackSnapshot(camera.id(), "video", "{\"type\":\"camera\"}"))));
        assertEquals(1, engine.load().forwardedTracks());

        // A late joiner gets connected (with the track), then tracksAdded, and subscribes.
        Connected carol = join("carol");
        assertTrue(carol.link().mediaEvents.get(0).contains("\"" + camera.id() + "\""), carol.link().mediaEvents.get(0));
        assertTrue(carol.link().mediaEvents.get(1).startsWith("{\"type\":\"tracksAdded\""));
        assertEquals(List.of("subscribe [" + camera.id() + "]"), carol.endpoint().calls);
    }

    @Test
    void aLeavingPublisherSendsTracksRemovedOnlyToReceiversThatNegotiatedThemThenEndpointRemoved() {
        Connected alice = join("alice");
        Connected bob = join("bob");
        Connected carol = join("carol");
        PublishedTrack camera = video(alice.id(), "cam");
        alice.endpoint().context.published(List.of(camera));
        bob.endpoint().negotiated.add(camera.id());
        int bobBefore = bob.link().mediaEvents.size();
        int carolBefore = carol.link().mediaEvents.size();

        alice.session().disconnected();

        List<String> toBob = bob.link().mediaEvents.subList(bobBefore, bob.link().mediaEvents.size());
        assertEquals(List.of("{\"type\":\"tracksRemoved\",\"data\":{\"endpointId\":\"" + alice.id() + "\",\"trackIds\":[\"" + camera.id() + "\"]}}",
                "{\"type\":\"endpointRemoved\",\"data\":{\"id\":\"" + alice.id() + "\"}}"), toBob);
        List<String> toCarol = carol.link().mediaEvents.subList(carolBefore, carol.link().mediaEvents.size());
        assertEquals(List.of("{\"type\":\"endpointRemoved\",\"data\":{\"id\":\"" + alice.id() + "\"}}"), toCarol,
                "R7: no tracksRemoved for a track carol never saw in an answer");
        assertTrue(bob.endpoint().calls.contains("unsubscribe [" + camera.id() + "]"));
        assertTrue(carol.endpoint().calls.contains("unsubscribe [" + camera.id() + "]"));
        assertTrue(alice.endpoint().closed);
        assertEquals(0, engine.load().forwardedTracks());
    }

    @Test
    void trackMetadataAndEncodingChangesAreRelayedOnlyWhenTheyChange() {
        Connected alice = join("alice");
        Connected bob = join("bob");
        PublishedTrack simulcast = new Published(alice.id() + ":sim", alice.id(), "video", null, true, List.of("l", "m", "h"));
        alice.endpoint().context.published(List.of(simulcast));
        int before = bob.link().mediaEvents.size();

        String disable = "{\"type\":\"disableTrackEncoding\",\"data\":{\"trackId\":\"" + simulcast.id() + "\",\"encoding\":\"h\"}}";
        alice.session().onMediaEvent(disable);
        alice.session().onMediaEvent(disable);
        alice.session().onMediaEvent("{\"type\":\"updateTrackMetadata\",\"data\":{\"trackId\":\"" + simulcast.id() + "\",\"trackMetadata\":{\"a\":1}}}");
        alice.session().onMediaEvent("{\"type\":\"updateTrackMetadata\",\"data\":{\"trackId\":\"" + simulcast.id() + "\",\"trackMetadata\":{\"a\":1}}}");

        assertEquals(List.of(
                "{\"type\":\"trackEncodingDisabled\",\"data\":{\"endpointId\":\"" + alice.id() + "\",\"trackId\":\"" + simulcast.id() + "\",\"encoding\":\"h\"}}",
                "{\"type\":\"trackUpdated\",\"data\":{\"endpointId\":\"" + alice.id() + "\",\"trackId\":\"" + simulcast.id() + "\",\"metadata\":{\"a\":1}}}"),
                bob.link().mediaEvents.subList(before, bob.link().mediaEvents.size()));
        assertEquals(List.of("disable " + simulcast.id() + " h"), alice.endpoint().calls);
        assertEquals(1, events.stream().filter(e -> e instanceof RoomEvent.TrackMetadataUpdated).count());
    }

    @Test
    void aCrashedEndpointClosesTheSocketWith1011AndRemovesThePeer() {
        Connected alice = join("alice");
        Connected bob = join("bob");
        alice.endpoint().context.published(List.of(video(alice.id(), "cam")));
        events.clear();

        alice.endpoint().context.crashed("DTLS handshake failed");

        assertEquals(1011, alice.link().closeCode);
        assertEquals("DTLS handshake failed", alice.link().closeReason);
        assertTrue(bob.link().mediaEvents.get(bob.link().mediaEvents.size() - 1).contains("endpointRemoved"));
        assertTrue(events.get(0) instanceof RoomEvent.TrackRemoved, events.toString());
        assertEquals(new RoomEvent.PeerCrashed("room", alice.id(), "DTLS handshake failed"), events.get(events.size() - 1));
        assertFalse(events.stream().anyMatch(e -> e instanceof RoomEvent.PeerDeleted || e instanceof RoomEvent.PeerDisconnected));
        assertEquals(1, engine.findRoom("room").orElseThrow().peers().size());
        // The stale context can no longer touch the room.
        alice.endpoint().context.published(List.of(video(alice.id(), "late")));
        assertEquals(0, engine.load().forwardedTracks());
    }

    @Test
    void theDisconnectEventClosesTheEndpointAndAReconnectOpensANewOne() {
        Connected alice = join("alice");
        alice.session().onMediaEvent("{\"type\":\"disconnect\"}");
        assertTrue(alice.endpoint().closed);
        alice.session().disconnected();
        PeerSession again = engine.connectPeer("room", alice.id(), new RecordingLink());
        assertNotNull(again);
        assertEquals(1, endpoints.size(), "an authenticated socket alone opens no endpoint");
        again.onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":null}}");
        assertEquals(2, endpoints.size());
        assertFalse(endpoints.get(1).closed);
        assertEquals(PeerStatus.CONNECTED, engine.findRoom("room").orElseThrow().peers().get(0).status());
    }

    @Test
    void aMediaEndpointThatCannotOpenClosesThePeersSocketWith1011() {
        RoomEngine failing = new RoomEngine("127.0.0.1:5002", "secret-key-base", new ManualScheduler(), Clock.systemUTC(),
                () -> { }, new MediaPlane() {
                    @Override
                    public MediaEndpoint openEndpoint(EndpointContext context) {
                        throw new IllegalStateException("no free UDP port in 50000-54999");
                    }

                    @Override
                    public long ingressBytes() {
                        return 0;
                    }

                    @Override
                    public long egressBytes() {
                        return 0;
                    }
                });
        failing.createRoom(new RoomConfig("room", null, null, null, null, null));
        PeerCreated created = failing.addPeer("room", new PeerOptions(false));
        RecordingLink link = new RecordingLink();
        PeerSession session = failing.connectPeer("room", created.peer().id(), link);
        session.onMediaEvent("{\"type\":\"connect\",\"data\":{\"metadata\":null}}");
        assertEquals(1011, link.closeCode);
        assertEquals("Internal server error", link.closeReason);
    }
}
