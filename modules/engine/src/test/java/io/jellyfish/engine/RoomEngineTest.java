package io.jellyfish.engine;

import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.room.PeerCreated;
import io.jellyfish.api.room.PeerOptions;
import io.jellyfish.api.room.PeerSession;
import io.jellyfish.api.room.PeerStatus;
import io.jellyfish.api.room.RoomConfig;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomEngineTest {

    private ManualScheduler scheduler;
    private RoomEngine engine;
    private final List<RoomEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() {
        scheduler = new ManualScheduler();
        engine = new RoomEngine("127.0.0.1:5002", "secret-key-base", scheduler, Clock.systemUTC(), () -> { });
        engine.subscribe(events::add);
    }

    private static RoomConfig config(String id) {
        return new RoomConfig(id, null, null, null, null, null);
    }

    @Test
    void createsListsFindsAndDeletesRooms() {
        RoomSnapshot created = engine.createRoom(new RoomConfig("room-1", 10, null, null, 60, null)).room();
        assertEquals("room-1", created.id());
        assertEquals(10, created.config().maxPeers());
        assertEquals(List.of(), created.peers());
        assertEquals(1, engine.listRooms().size());
        assertTrue(engine.findRoom("room-1").isPresent());

        engine.deleteRoom("room-1");

        assertTrue(engine.findRoom("room-1").isEmpty());
        assertEquals(List.of(), engine.listRooms());
        assertEquals(List.of(new RoomEvent.RoomCreated("room-1"), new RoomEvent.RoomDeleted("room-1")), events);
    }

    @Test
    void refusesADuplicateRoomId() {
        engine.createRoom(config("same"));
        RoomException e = assertThrows(RoomException.class, () -> engine.createRoom(config("same")));
        assertEquals("Cannot add room with id \"same\" - room already exists", e.getMessage());
        assertEquals(RoomException.Kind.BAD_REQUEST, e.kind());
    }

    @Test
    void aRoomIdCanBeReusedAfterDeletion() {
        engine.createRoom(config("again"));
        engine.deleteRoom("again");
        assertEquals("again", engine.createRoom(config("again")).room().id());
    }

    @Test
    void concurrentCreationsOfOneIdLetExactlyOneWin() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    engine.createRoom(config("contested"));
                    return true;
                } catch (RoomException e) {
                    return false;
                }
            }));
        }
        start.countDown();
        int wins = 0;
        for (Future<Boolean> result : results) {
            wins += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, wins);
        assertEquals(1, events.stream().filter(RoomEvent.RoomCreated.class::isInstance).count());
    }

    @Test
    void missingRoomsAndPeersGiveTheSpecMessages() {
        assertEquals("Room nope does not exist",
                assertThrows(RoomException.class, () -> engine.deleteRoom("nope")).getMessage());
        assertEquals("Room nope does not exist",
                assertThrows(RoomException.class, () -> engine.addPeer("nope", PeerOptions.DEFAULT)).getMessage());
        engine.createRoom(config("r"));
        RoomException e = assertThrows(RoomException.class, () -> engine.deletePeer("r", "invalid_peer"));
        assertEquals("Peer invalid_peer does not exist", e.getMessage());
        assertEquals(RoomException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void maxPeersCountsEveryPeerAndZeroAdmitsNone() {
        engine.createRoom(new RoomConfig("one", 1, null, null, null, null));
        engine.addPeer("one", PeerOptions.DEFAULT);
        RoomException e = assertThrows(RoomException.class, () -> engine.addPeer("one", PeerOptions.DEFAULT));
        assertEquals("Reached peer limit in room one", e.getMessage());
        assertEquals(RoomException.Kind.UNAVAILABLE, e.kind());

        engine.createRoom(new RoomConfig("zero", 0, null, null, null, null));
        assertThrows(RoomException.class, () -> engine.addPeer("zero", PeerOptions.DEFAULT));
    }

    @Test
    void aNewPeerIsDisconnectedWithNoTracksAndNoMetadata() {
        engine.createRoom(config("r"));
        PeerCreated created = engine.addPeer("r", PeerOptions.DEFAULT);
        assertEquals(PeerStatus.DISCONNECTED, created.peer().status());
        assertEquals("webrtc", created.peer().type());
        assertEquals(null, created.peer().metadata());
        assertEquals(36, created.peer().id().length());
        assertEquals(new RoomEvent.PeerAdded("r", created.peer().id()), events.get(1));
    }

    // ---- peer sockets -----------------------------------------------------------------------

    @Test
    void tokensBindRoomAndPeerAndConnectMakesThePeerConnected() {
        engine.createRoom(config("r"));
        PeerCreated created = engine.addPeer("r", PeerOptions.DEFAULT);
        var identity = engine.verifyPeerToken(created.token());
        assertEquals("r", identity.roomId());
        assertEquals(created.peer().id(), identity.peerId());

        engine.connectPeer("r", created.peer().id(), new RecordingLink());

        assertEquals(PeerStatus.CONNECTED, engine.findRoom("r").orElseThrow().peers().get(0).status());
        assertEquals(new RoomEvent.PeerConnected("r", created.peer().id()), events.get(events.size() - 1));
    }

    @Test
    void connectFailsWithTheSocketCloseReasons() {
        engine.createRoom(config("r"));
        String peerId = engine.addPeer("r", PeerOptions.DEFAULT).peer().id();
        assertEquals("room not found", assertThrows(RoomException.class,
                () -> engine.connectPeer("other", peerId, new RecordingLink())).getMessage());
        assertEquals("peer not found", assertThrows(RoomException.class,
                () -> engine.connectPeer("r", "ghost", new RecordingLink())).getMessage());
        engine.connectPeer("r", peerId, new RecordingLink());
        assertEquals("peer already connected", assertThrows(RoomException.class,
                () -> engine.connectPeer("r", peerId, new RecordingLink())).getMessage());
    }

    @Test
    void aPeerReconnectsAfterItsSocketClosed() {
        engine.createRoom(config("r"));
        String peerId = engine.addPeer("r", PeerOptions.DEFAULT).peer().id();
        PeerSession first = engine.connectPeer("r", peerId, new RecordingLink());
        first.disconnected();
        assertEquals(PeerStatus.DISCONNECTED, engine.findRoom("r").orElseThrow().peers().get(0).status());

        engine.connectPeer("r", peerId, new RecordingLink());
        first.disconnected(); // a late close of the old socket must not disconnect the new one
        assertEquals(PeerStatus.CONNECTED, engine.findRoom("r").orElseThrow().peers().get(0).status());
    }

    @Test
    void deletingAConnectedPeerClosesItsSocketAndPublishesDisconnectedThenDeleted() {
        engine.createRoom(config("r"));
        String peerId = engine.addPeer("r", PeerOptions.DEFAULT).peer().id();
        RecordingLink link = new RecordingLink();
        engine.connectPeer("r", peerId, link);
        events.clear();

        engine.deletePeer("r", peerId);

        assertEquals(1000, link.closeCode);
        assertEquals("Peer removed", link.closeReason);
        assertEquals(List.of(new RoomEvent.PeerDisconnected("r", peerId), new RoomEvent.PeerDeleted("r", peerId)), events);
        assertEquals(List.of(), engine.findRoom("r").orElseThrow().peers());
    }

    @Test
    void deletingARoomClosesSocketsWithRoomStoppedAndDeletesPeersWithoutDisconnect() {
        engine.createRoom(config("r"));
        String peerId = engine.addPeer("r", PeerOptions.DEFAULT).peer().id();
        RecordingLink link = new RecordingLink();
        engine.connectPeer("r", peerId, link);
        events.clear();

        engine.deleteRoom("r");

        assertEquals("Room stopped", link.closeReason);
        assertEquals(List.of(new RoomEvent.PeerDeleted("r", peerId), new RoomEvent.RoomDeleted("r")), events);
        assertEquals("room not found", assertThrows(RoomException.class,
                () -> engine.connectPeer("r", peerId, new RecordingLink())).getMessage());
    }

    // ---- peerlessPurgeTimeout (http-api.md 5.4), T = 3 s -------------------------------------

    private static final long T = 3000;

    private RoomConfig purgeConfig(Integer peerless, Integer disconnected) {
        return new RoomConfig("purge", null, null, null, peerless, disconnected);
    }

    @Test
    void peerlessRoomWithANeverConnectedPeerIsPurged() {
        engine.createRoom(purgeConfig(3, null));
        engine.addPeer("purge", PeerOptions.DEFAULT);
        scheduler.advanceMillis(T - 10);
        assertTrue(engine.findRoom("purge").isPresent());
        scheduler.advanceMillis(20);
        assertTrue(engine.findRoom("purge").isEmpty());
        assertEquals(new RoomEvent.RoomDeleted("purge"), events.get(events.size() - 1));
    }

    @Test
    void connectedPeerKeepsTheRoomAndDeletingItRestartsTheCountdown() {
        engine.createRoom(purgeConfig(3, null));
        String peerId = engine.addPeer("purge", PeerOptions.DEFAULT).peer().id();
        engine.connectPeer("purge", peerId, new RecordingLink());
        scheduler.advanceMillis(T + 10);
        assertTrue(engine.findRoom("purge").isPresent());

        engine.deletePeer("purge", peerId);
        scheduler.advanceMillis(T - 10);
        assertTrue(engine.findRoom("purge").isPresent());
        scheduler.advanceMillis(20);
        assertTrue(engine.findRoom("purge").isEmpty());
    }

    @Test
    void socketCloseOfTheLastPeerRestartsTheCountdown() {
        engine.createRoom(purgeConfig(3, null));
        String peerId = engine.addPeer("purge", PeerOptions.DEFAULT).peer().id();
        PeerSession session = engine.connectPeer("purge", peerId, new RecordingLink());
        scheduler.advanceMillis(T + 10);
        session.disconnected();
        assertEquals(PeerStatus.DISCONNECTED, engine.findRoom("purge").orElseThrow().peers().get(0).status());
        scheduler.advanceMillis(T + 10);
        assertTrue(engine.findRoom("purge").isEmpty());
    }

    @Test
    void reconnectingWithinTheTimeoutKeepsTheRoom() {
        engine.createRoom(purgeConfig(3, null));
        String peerId = engine.addPeer("purge", PeerOptions.DEFAULT).peer().id();
        engine.connectPeer("purge", peerId, new RecordingLink()).disconnected();
        scheduler.advanceMillis(T / 2);
        engine.connectPeer("purge", peerId, new RecordingLink());
        scheduler.advanceMillis(T + 10);
        assertTrue(engine.findRoom("purge").isPresent());
    }

    @Test
    void addingAPeerRestartsTheCountdown() {
        engine.createRoom(purgeConfig(3, null));
        String first = engine.addPeer("purge", PeerOptions.DEFAULT).peer().id();
        engine.deletePeer("purge", first);
        scheduler.advanceMillis(T / 2);
        engine.addPeer("purge", PeerOptions.DEFAULT);
        scheduler.advanceMillis(T / 2 + 10);
        assertTrue(engine.findRoom("purge").isPresent());
        scheduler.advanceMillis(T / 2);
        assertTrue(engine.findRoom("purge").isEmpty());
    }

    @Test
    void withoutTheOptionARoomLivesOn() {
        engine.createRoom(purgeConfig(null, null));
        engine.addPeer("purge", PeerOptions.DEFAULT);
        scheduler.advanceMillis(10 * T);
        assertTrue(engine.findRoom("purge").isPresent());
    }

    // ---- peerDisconnectedTimeout (http-api.md 5.5) ---------------------------------------------

    @Test
    void aNeverConnectedPeerIsPurged() {
        engine.createRoom(purgeConfig(null, 3));
        String peerId = engine.addPeer("purge", PeerOptions.DEFAULT).peer().id();
        scheduler.advanceMillis(T + 10);
        assertEquals(List.of(), engine.findRoom("purge").orElseThrow().peers());
        assertEquals(new RoomEvent.PeerDeleted("purge", peerId), events.get(events.size() - 1));
    }

    @Test
    void aConnectedPeerSurvivesAndIsPurgedAfterItDisconnects() {
        engine.createRoom(purgeConfig(null, 3));
        String peerId = engine.addPeer("purge", PeerOptions.DEFAULT).peer().id();
        PeerSession session = engine.connectPeer("purge", peerId, new RecordingLink());
        scheduler.advanceMillis(T + 10);
        assertEquals(1, engine.findRoom("purge").orElseThrow().peers().size());
        session.disconnected();
        scheduler.advanceMillis(T - 10);
        assertEquals(1, engine.findRoom("purge").orElseThrow().peers().size());
        scheduler.advanceMillis(20);
        assertEquals(List.of(), engine.findRoom("purge").orElseThrow().peers());
    }

    @Test
    void aPeerThatReconnectsIsKept() {
        engine.createRoom(purgeConfig(null, 3));
        String peerId = engine.addPeer("purge", PeerOptions.DEFAULT).peer().id();
        engine.connectPeer("purge", peerId, new RecordingLink()).disconnected();
        scheduler.advanceMillis(T / 2);
        engine.connectPeer("purge", peerId, new RecordingLink());
        scheduler.advanceMillis(T + 10);
        assertEquals(1, engine.findRoom("purge").orElseThrow().peers().size());
    }

    @Test
    void withoutTheOptionAnUnconnectedPeerStays() {
        engine.createRoom(purgeConfig(null, null));
        engine.addPeer("purge", PeerOptions.DEFAULT);
        scheduler.advanceMillis(T + 10);
        assertEquals(1, engine.findRoom("purge").orElseThrow().peers().size());
    }

    @Test
    void peerPurgeRestartsThePeerlessCountdown() {
        engine.createRoom(purgeConfig(6, 3));
        engine.addPeer("purge", PeerOptions.DEFAULT);
        scheduler.advanceMillis(T + 10);
        assertEquals(List.of(), engine.findRoom("purge").orElseThrow().peers());
        scheduler.advanceMillis(2 * T - 20);
        assertTrue(engine.findRoom("purge").isPresent());
        scheduler.advanceMillis(30);
        assertTrue(engine.findRoom("purge").isEmpty());
    }

    @Test
    void loadCountsRooms() {
        engine.createRoom(config("a"));
        engine.createRoom(config("b"));
        assertEquals(2, engine.load().rooms());
        assertEquals(0, engine.load().forwardedTracks());
    }
}
