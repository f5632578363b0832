package io.jellyfish.metrics;

import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.room.NodeLoad;
import io.jellyfish.api.room.PeerCreated;
import io.jellyfish.api.room.PeerLink;
import io.jellyfish.api.room.PeerOptions;
import io.jellyfish.api.room.PeerSession;
import io.jellyfish.api.room.PeerSnapshot;
import io.jellyfish.api.room.PeerStatus;
import io.jellyfish.api.room.PlacedRoom;
import io.jellyfish.api.room.RoomConfig;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.room.RoomSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The part of the room engine the metrics read: the room listing and the event stream. Rooms and
 * events are set up by hand; the rest of the service is not used by the metrics.
 */
final class FakeRoomService implements RoomService {

    private final Map<String, List<PeerSnapshot>> peersByRoom = new ConcurrentHashMap<>();
    private final List<Consumer<RoomEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile Runnable whileListing = () -> { };

    void addRoom(String roomId) {
        peersByRoom.put(roomId, new CopyOnWriteArrayList<>());
    }

    /** Adds a registered (not connected) peer. */
    void addPeer(String roomId, String peerId) {
        peersByRoom.get(roomId).add(new PeerSnapshot(peerId, "webrtc", PeerStatus.DISCONNECTED, List.of(), null));
    }

    /** Removes the room and emits RoomDeleted, as the engine does. */
    @Override
    public void deleteRoom(String roomId) {
        peersByRoom.remove(roomId);
        emit(new RoomEvent.RoomDeleted(roomId));
    }

    void emit(RoomEvent event) {
        listeners.forEach(listener -> listener.accept(event));
    }

    /** Runs {@code action} after the next listings have been taken, before they are returned. */
    void whileListing(Runnable action) {
        whileListing = action;
    }

    @Override
    public List<RoomSnapshot> listRooms() {
        List<RoomSnapshot> rooms = new ArrayList<>();
        peersByRoom.forEach((roomId, peers) -> rooms.add(
                new RoomSnapshot(roomId, new RoomConfig(roomId, null, null, null, null, null), List.of(), peers)));
        whileListing.run();
        return rooms;
    }

    @Override
    public void subscribe(Consumer<RoomEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public PlacedRoom createRoom(RoomConfig config) {
        throw notUsedByMetrics();
    }

    @Override
    public Optional<RoomSnapshot> findRoom(String roomId) {
        throw notUsedByMetrics();
    }

    @Override
    public PeerCreated addPeer(String roomId, PeerOptions options) {
        throw notUsedByMetrics();
    }

    @Override
    public void deletePeer(String roomId, String peerId) {
        throw notUsedByMetrics();
    }

    @Override
    public PeerSession connectPeer(String roomId, String peerId, PeerLink link) {
        throw notUsedByMetrics();
    }

    @Override
    public PeerIdentity verifyPeerToken(String token) {
        throw notUsedByMetrics();
    }

    @Override
    public NodeLoad load() {
        throw notUsedByMetrics();
    }

    private static UnsupportedOperationException notUsedByMetrics() {
        return new UnsupportedOperationException("the metrics module only lists rooms and subscribes to events");
    }
}
