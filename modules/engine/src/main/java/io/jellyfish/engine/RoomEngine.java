package io.jellyfish.engine;

import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.media.MediaPlane;
import io.jellyfish.api.room.NodeLoad;
import io.jellyfish.api.room.PeerCreated;
import io.jellyfish.api.room.PeerLink;
import io.jellyfish.api.room.PeerOptions;
import io.jellyfish.api.room.PeerSession;
import io.jellyfish.api.room.PlacedRoom;
import io.jellyfish.api.room.RoomConfig;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomSnapshot;
import io.jellyfish.api.spi.RoomEngineProvider.ManagedRoomService;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The rooms of this node. The registry is a concurrent map; each room guards its own state,
 * so requests for different rooms never wait for each other.
 */
public final class RoomEngine implements ManagedRoomService {

    private static final System.Logger LOG = System.getLogger(RoomEngine.class.getName());

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final List<Consumer<RoomEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Scheduler scheduler;
    private final PeerTokens tokens;
    private final AutoCloseable onClose;
    private final String address;
    private final MediaPlane mediaPlane;

    /**
     * @param address   this node's JF_HOST, returned with every room and peer it creates
     * @param scheduler the engine's time source and timers
     * @param clock     wall-clock time, for token issue and expiry
     * @param onClose   released when the engine closes (the real scheduler's thread)
     */
    public RoomEngine(String address, String secretKeyBase, Scheduler scheduler, Clock clock, AutoCloseable onClose) {
        this(address, secretKeyBase, scheduler, clock, onClose, null);
    }

    /** @param mediaPlane the WebRTC media plane, or null for signalling without media */
    public RoomEngine(String address, String secretKeyBase, Scheduler scheduler, Clock clock, AutoCloseable onClose,
                      MediaPlane mediaPlane) {
        this.address = address;
        this.mediaPlane = mediaPlane;
        this.scheduler = scheduler;
        this.tokens = new PeerTokens(secretKeyBase, clock);
        this.onClose = onClose;
    }

    @Override
    public PlacedRoom createRoom(RoomConfig config) {
        Room room = new Room(config, scheduler, this::publish, purged -> rooms.remove(purged.id, purged), mediaPlane);
        if (rooms.putIfAbsent(config.roomId(), room) != null) {
            throw RoomException.roomAlreadyExists(config.roomId());
        }
        room.start();
        LOG.log(Level.INFO, "Created room \"{0}\"", room.id);
        return new PlacedRoom(room.snapshot(), address);
    }

    @Override
    public List<RoomSnapshot> listRooms() {
        List<RoomSnapshot> result = new ArrayList<>(rooms.size());
        for (Room room : rooms.values()) {
            RoomSnapshot snapshot = room.snapshot();
            if (snapshot != null) {
                result.add(snapshot);
            }
        }
        return result;
    }

    @Override
    public Optional<RoomSnapshot> findRoom(String roomId) {
        Room room = rooms.get(roomId);
        return room == null ? Optional.empty() : Optional.ofNullable(room.snapshot());
    }

    @Override
    public void deleteRoom(String roomId) {
        Room room = rooms.remove(roomId);
        if (room == null) {
            throw RoomException.roomNotFound(roomId);
        }
        room.stop(Room.REASON_ROOM_STOPPED, new RoomEvent.RoomDeleted(roomId));
        LOG.log(Level.DEBUG, "room {0} deleted", roomId);
    }

    @Override
    public PeerCreated addPeer(String roomId, PeerOptions options) {
        Peer peer = room(roomId).addPeer(options.enableSimulcast());
        return new PeerCreated(peer.snapshot(), tokens.issue(roomId, peer.id), address);
    }

    @Override
    public void deletePeer(String roomId, String peerId) {
        room(roomId).removePeer(peerId);
    }

    @Override
    public PeerSession connectPeer(String roomId, String peerId, PeerLink link) {
        Room room = rooms.get(roomId);
        if (room == null) {
            throw new RoomException(RoomException.Kind.NOT_FOUND, "room not found");
        }
        room.connect(peerId, link);
        return new PeerSession() {
            @Override
            public String roomId() {
                return roomId;
            }

            @Override
            public String peerId() {
                return peerId;
            }

            @Override
            public void onMediaEvent(String json) {
                // Parsed here, on the socket's thread: the room's lock is held only to apply it.
                Signaling.Incoming event = Signaling.parse(json);
                if (event == null) {
                    LOG.log(Level.WARNING, "Ignoring a media event of peer {0} in room {1}: not a JSON object with a string \"type\"",
                            peerId, roomId);
                    return;
                }
                room.mediaEvent(peerId, link, event);
            }

            @Override
            public void disconnected() {
                room.disconnect(peerId, link);
            }
        };
    }

    @Override
    public PeerIdentity verifyPeerToken(String token) {
        return tokens.verify(token);
    }

    @Override
    public NodeLoad load() {
        long tracks = 0;
        for (Room room : rooms.values()) {
            tracks += room.forwardedTracks();
        }
        return new NodeLoad(tracks, rooms.size());
    }

    @Override
    public void subscribe(Consumer<RoomEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        for (String roomId : List.copyOf(rooms.keySet())) {
            Room room = rooms.remove(roomId);
            if (room != null) {
                room.stop(Room.REASON_ROOM_STOPPED, new RoomEvent.RoomDeleted(roomId));
            }
        }
        try {
            onClose.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing the room engine's scheduler failed", e);
        }
    }

    private Room room(String roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            throw RoomException.roomNotFound(roomId);
        }
        return room;
    }

    private void publish(RoomEvent event) {
        for (Consumer<RoomEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                // A faulty listener must not break the room that published the event.
                LOG.log(Level.ERROR, "room event listener failed on " + event, e);
            }
        }
    }
}
