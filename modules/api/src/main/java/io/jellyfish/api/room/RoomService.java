package io.jellyfish.api.room;

import io.jellyfish.api.event.RoomEvent;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The rooms hosted by this node. Every method is safe to call from any thread; failures a client
 * caused are {@link RoomException}s carrying the exact message the client sees.
 */
public interface RoomService {

    /**
     * Creates a room, on this node or (in a cluster) on the least-loaded member; fails with
     * "room already exists" when the id is taken.
     */
    PlacedRoom createRoom(RoomConfig config);

    List<RoomSnapshot> listRooms();

    Optional<RoomSnapshot> findRoom(String roomId);

    /** Deletes a room as {@code DELETE /room/{id}} does; it is gone when this returns. */
    void deleteRoom(String roomId);

    /** Adds a {@code webrtc} peer; fails with "Room .. does not exist" or "Reached peer limit in room ..". */
    PeerCreated addPeer(String roomId, PeerOptions options);

    void deletePeer(String roomId, String peerId);

    /**
     * Binds an authenticated socket to a peer, making it connected. Fails with the peer socket's
     * close reasons: "room not found", "peer not found", "peer already connected".
     */
    PeerSession connectPeer(String roomId, String peerId, PeerLink link);

    /** Verifies a peer token; returns {@code [roomId, peerId]} or fails with "invalid token"/"expired token". */
    PeerIdentity verifyPeerToken(String token);

    /** The figures cluster placement compares. */
    NodeLoad load();

    /**
     * Registers a listener for every room event of this node, called in event order per room.
     * Listeners run while the room is locked: they must be quick and must not call back into the
     * room service (hand such work to another thread).
     */
    void subscribe(Consumer<RoomEvent> listener);

    /** The room and peer named by a verified peer token. */
    record PeerIdentity(String roomId, String peerId) {}
}
