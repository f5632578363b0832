package io.jellyfish.cluster;

import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.room.NodeLoad;
import io.jellyfish.api.room.PeerCreated;
import io.jellyfish.api.room.PeerLink;
import io.jellyfish.api.room.PeerOptions;
import io.jellyfish.api.room.PeerSession;
import io.jellyfish.api.room.PlacedRoom;
import io.jellyfish.api.room.RoomConfig;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.room.RoomSnapshot;
import io.jellyfish.cluster.ClusterNode.MemberUnavailable;
import io.jellyfish.cluster.wire.Wire;
import org.jgroups.Address;
import org.jgroups.util.Util;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The room service the HTTP API sees in a cluster. New rooms are placed by the coordinator, which
 * serialises placement decisions so that concurrent creations through different members spread
 * as the rule intends; room-scoped calls are served by the room's owner, wherever they arrive.
 */
final class ClusteredRoomService implements RoomService {

    private static final System.Logger LOG = System.getLogger("io.jellyfish.cluster");

    private final ClusterNode node;
    private final RoomService local;
    private final boolean clusterWideListing;
    private final Object placementLock = new Object();

    ClusteredRoomService(ClusterNode node, boolean clusterWideListing) {
        this.node = node;
        this.local = node.local;
        this.clusterWideListing = clusterWideListing;
    }

    // ---- creation and placement ---------------------------------------------------------------

    @Override
    public PlacedRoom createRoom(RoomConfig config) {
        String roomId = config.roomId();
        Set<Address> excluded = new LinkedHashSet<>();
        for (int attempt = 0; attempt <= node.members().size(); attempt++) {
            Address chosen = place(roomId, excluded);
            if (chosen == null) {
                break;
            }
            if (node.members().size() > 1) {
                LOG.log(Level.INFO, "Node with least used resources is \"{0}\"", ClusterNode.name(chosen));
            }
            try {
                PlacedRoom placed;
                if (chosen.equals(node.self())) {
                    placed = local.createRoom(config);
                } else {
                    placed = Wire.placed(ok(node.call(chosen, new Wire.Out().u8(Op.CREATE.ordinal()).config(config),
                            node.timeouts.create())));
                }
                confirm(roomId, chosen);
                return placed;
            } catch (RoomException e) {
                release(roomId);
                throw e;
            } catch (MemberUnavailable e) {
                LOG.log(Level.WARNING, "member {0} could not create room \"{1}\" ({2}); trying the next best member",
                        ClusterNode.name(chosen), roomId, e.getMessage());
                release(roomId);
                excluded.add(chosen);
            }
        }
        throw new RoomException(RoomException.Kind.UNAVAILABLE, "Cannot add room with id \"" + roomId
                + "\" - unable to communicate with designated Jellyfish instance");
    }

    /** The member to create the room on, reserved by the coordinator; null when none is left. */
    private Address place(String roomId, Set<Address> excluded) {
        Address coordinator = node.coordinator();
        if (coordinator.equals(node.self())) {
            return decide(roomId, node.self(), excluded);
        }
        Wire.Out request = new Wire.Out().u8(Op.PLACE.ordinal()).str(roomId);
        writeAddresses(request, node.self(), excluded);
        try {
            Wire.In reply = ok(node.call(coordinator, request, node.timeouts.rpc()));
            return reply.bool() ? readAddress(reply) : null;
        } catch (MemberUnavailable e) {
            // Never hang on a frozen coordinator: decide here, from this member's own directory.
            LOG.log(Level.WARNING, "the cluster coordinator {0} did not answer ({1}); placing room \"{2}\" from local knowledge",
                    ClusterNode.name(coordinator), e.getMessage(), roomId);
            excluded.add(coordinator);
            return decide(roomId, node.self(), excluded);
        }
    }

    /** The placement decision itself, serialised on the deciding member. */
    private Address decide(String roomId, Address receiver, Set<Address> excluded) {
        synchronized (placementLock) {
            long now = System.nanoTime();
            if ((node.directory.isTaken(roomId, now) && stillTaken(roomId))
                    || (receiver.equals(node.self()) && local.findRoom(roomId).isPresent())) {
                throw RoomException.roomAlreadyExists(roomId);
            }
            List<Address> order = new ArrayList<>();
            order.add(receiver);
            for (Address member : node.members()) {
                if (!member.equals(receiver)) {
                    order.add(member);
                }
            }
            List<Placement.Candidate<Address>> candidates = new ArrayList<>();
            for (Address member : order) {
                if (!excluded.contains(member) && node.members().contains(member)) {
                    candidates.add(new Placement.Candidate<>(member, node.directory.forwardedTracks(member),
                            node.directory.rooms(member)));
                }
            }
            Placement.Candidate<Address> best = Placement.choose(candidates);
            if (best == null) {
                return null;
            }
            node.directory.reserve(roomId, best.member(), now + node.timeouts.reservation().toNanos());
            return best.member();
        }
    }

    /**
     * A room's removal reaches the directory by an asynchronous announcement, so right after a
     * DELETE the id may still look taken. Before refusing an id, ask its owner; only a reservation
     * in progress, or an owner that hosts it or cannot say, keeps it taken.
     */
    private boolean stillTaken(String roomId) {
        Address owner = node.directory.owner(roomId);
        if (owner == null) {
            return true; // reserved: a creation is in progress
        }
        boolean hosted;
        if (owner.equals(node.self())) {
            hosted = local.findRoom(roomId).isPresent();
        } else {
            try {
                hosted = ok(node.call(owner, new Wire.Out().u8(Op.WHO_HAS.ordinal()).str(roomId),
                        node.timeouts.rpc())).bool();
            } catch (MemberUnavailable | RoomException | IllegalArgumentException e) {
                return true;
            }
        }
        if (!hosted) {
            node.directory.removed(owner, List.of(roomId));
        }
        return hosted;
    }

    /**
     * Turns the coordinator's reservation into a directory entry before the client hears of the
     * room, so a DELETE followed by a re-create of the same id sees an owner to ask, not a
     * reservation in progress. Sent before the reply, in order with this member's later requests.
     */
    private void confirm(String roomId, Address owner) {
        Address coordinator = node.coordinator();
        if (coordinator.equals(node.self())) {
            node.directory.added(owner, List.of(roomId));
            return;
        }
        Wire.Out request = new Wire.Out().u8(Op.CONFIRM.ordinal()).str(roomId);
        writeAddress(request, owner);
        try {
            node.dispatcher.sendMessage(new org.jgroups.BytesMessage(coordinator, request.bytes()),
                    org.jgroups.blocks.RequestOptions.ASYNC());
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "confirming room " + roomId + " to the coordinator failed: " + e.getMessage());
        }
    }

    private void release(String roomId) {
        Address coordinator = node.coordinator();
        if (coordinator.equals(node.self())) {
            node.directory.release(roomId);
            return;
        }
        try {
            node.dispatcher.sendMessage(new org.jgroups.BytesMessage(coordinator,
                    new Wire.Out().u8(Op.RELEASE.ordinal()).str(roomId).bytes()), org.jgroups.blocks.RequestOptions.ASYNC());
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "releasing the reservation of " + roomId + " failed: " + e.getMessage());
        }
    }

    // ---- room-scoped calls, served by the owner -----------------------------------------------

    @Override
    public List<RoomSnapshot> listRooms() {
        if (!clusterWideListing) {
            return local.listRooms();
        }
        List<RoomSnapshot> all = new ArrayList<>(local.listRooms());
        for (Wire.In reply : node.callAll(new Wire.Out().u8(Op.LIST.ordinal()), node.timeouts.rpc()).values()) {
            try {
                Wire.In rooms = ok(reply);
                int count = rooms.count();
                for (int i = 0; i < count; i++) {
                    all.add(rooms.room());
                }
            } catch (RoomException | IllegalArgumentException e) {
                LOG.log(Level.WARNING, "a member's room list was unusable: " + e.getMessage());
            }
        }
        return all;
    }

    @Override
    public Optional<RoomSnapshot> findRoom(String roomId) {
        Address owner = owner(roomId);
        if (owner == null) {
            return Optional.empty();
        }
        if (owner.equals(node.self())) {
            return local.findRoom(roomId);
        }
        Wire.In reply = remote(owner, roomId, new Wire.Out().u8(Op.FIND.ordinal()).str(roomId));
        return reply == null ? Optional.empty() : Optional.of(reply.room());
    }

    @Override
    public void deleteRoom(String roomId) {
        Address owner = existingOwner(roomId);
        if (owner.equals(node.self())) {
            local.deleteRoom(roomId);
        } else {
            remote(owner, roomId, new Wire.Out().u8(Op.DELETE.ordinal()).str(roomId));
        }
        forget(roomId, owner);
    }

    /**
     * Tells the coordinator, and waits for it, that the room is gone: once DELETE has answered,
     * placement must neither count the room nor refuse its id. (Other members learn it from the
     * owner's announcement.) A coordinator that does not answer learns it from that too.
     */
    private void forget(String roomId, Address owner) {
        Address coordinator = node.coordinator();
        if (coordinator.equals(node.self())) {
            node.directory.removed(owner, List.of(roomId));
            return;
        }
        Wire.Out request = new Wire.Out().u8(Op.FORGET.ordinal()).str(roomId);
        writeAddress(request, owner);
        try {
            node.call(coordinator, request, node.timeouts.rpc());
        } catch (MemberUnavailable e) {
            LOG.log(Level.DEBUG, "the coordinator did not confirm the deletion of " + roomId + ": " + e.getMessage());
        }
    }

    @Override
    public PeerCreated addPeer(String roomId, PeerOptions options) {
        Address owner = existingOwner(roomId);
        if (owner.equals(node.self())) {
            return local.addPeer(roomId, options);
        }
        Wire.In reply = remote(owner, roomId,
                new Wire.Out().u8(Op.ADD_PEER.ordinal()).str(roomId).bool(options.enableSimulcast()));
        if (reply == null) {
            throw RoomException.roomNotFound(roomId);
        }
        return Wire.peerCreated(reply);
    }

    @Override
    public void deletePeer(String roomId, String peerId) {
        Address owner = existingOwner(roomId);
        if (owner.equals(node.self())) {
            local.deletePeer(roomId, peerId);
        } else {
            remote(owner, roomId, new Wire.Out().u8(Op.DELETE_PEER.ordinal()).str(roomId).str(peerId));
        }
    }

    /** Peer sockets connect to the owner itself (peer_websocket_url names it). */
    @Override
    public PeerSession connectPeer(String roomId, String peerId, PeerLink link) {
        return local.connectPeer(roomId, peerId, link);
    }

    @Override
    public PeerIdentity verifyPeerToken(String token) {
        return local.verifyPeerToken(token);
    }

    @Override
    public NodeLoad load() {
        return local.load();
    }

    @Override
    public void subscribe(Consumer<RoomEvent> listener) {
        local.subscribe(listener);
    }

    /** The owner per the directory; for a room it does not know yet, the members are asked. */
    private Address owner(String roomId) {
        Address owner = node.directory.owner(roomId);
        if (owner != null) {
            return owner;
        }
        if (local.findRoom(roomId).isPresent()) {
            return node.self();
        }
        for (var reply : node.callAll(new Wire.Out().u8(Op.WHO_HAS.ordinal()).str(roomId), node.timeouts.rpc()).entrySet()) {
            try {
                if (ok(reply.getValue()).bool()) {
                    return reply.getKey();
                }
            } catch (RoomException | IllegalArgumentException e) {
                // not this one
            }
        }
        return null;
    }

    private Address existingOwner(String roomId) {
        Address owner = owner(roomId);
        if (owner == null) {
            throw RoomException.roomNotFound(roomId);
        }
        return owner;
    }

    /** A call on behalf of the owner; its reply body (null for "none"), its error, or a 503. */
    private Wire.In remote(Address owner, String roomId, Wire.Out request) {
        try {
            Wire.In reply = node.call(owner, request, node.timeouts.rpc());
            int status = reply.u8();
            return switch (status) {
                case ClusterNode.OK -> reply;
                case ClusterNode.NONE -> null;
                case ClusterNode.ERROR -> throw reply.error();
                default -> throw new IllegalArgumentException("reply status " + status);
            };
        } catch (MemberUnavailable e) {
            throw new RoomException(RoomException.Kind.UNAVAILABLE,
                    "Unable to reach Jellyfish instance holding room " + roomId);
        }
    }

    private static Wire.In ok(Wire.In reply) {
        int status = reply.u8();
        if (status == ClusterNode.ERROR) {
            throw reply.error();
        }
        if (status != ClusterNode.OK) {
            throw new IllegalArgumentException("reply status " + status);
        }
        return reply;
    }

    // ---- serving other members ------------------------------------------------------------------

    byte[] serve(Op op, Wire.In in) {
        Wire.Out ok = new Wire.Out().u8(ClusterNode.OK);
        switch (op) {
            case PLACE -> {
                String roomId = in.str();
                Address receiver = readAddress(in);
                Set<Address> excluded = new LinkedHashSet<>(readAddressList(in));
                Address chosen = decide(roomId, receiver, excluded);
                ok.bool(chosen != null);
                if (chosen != null) {
                    writeAddress(ok, chosen);
                }
                return ok.bytes();
            }
            case RELEASE -> {
                node.directory.release(in.str());
                return null;
            }
            case CONFIRM -> {
                String roomId = in.str();
                node.directory.added(readAddress(in), List.of(roomId));
                return null;
            }
            case FORGET -> {
                String roomId = in.str();
                node.directory.removed(readAddress(in), List.of(roomId));
                return ok.bytes();
            }
            case CREATE -> {
                return Wire.placed(ok, local.createRoom(in.config())).bytes();
            }
            case FIND -> {
                Optional<RoomSnapshot> room = local.findRoom(in.str());
                return room.isPresent() ? ok.room(room.get()).bytes() : new Wire.Out().u8(ClusterNode.NONE).bytes();
            }
            case DELETE -> {
                local.deleteRoom(in.str());
                return ok.bytes();
            }
            case ADD_PEER -> {
                String roomId = in.str();
                return Wire.peerCreated(ok, local.addPeer(roomId, new PeerOptions(in.bool()))).bytes();
            }
            case DELETE_PEER -> {
                String roomId = in.str();
                local.deletePeer(roomId, in.str());
                return ok.bytes();
            }
            case LIST -> {
                List<RoomSnapshot> rooms = local.listRooms();
                ok.i64(rooms.size());
                rooms.forEach(ok::room);
                return ok.bytes();
            }
            case WHO_HAS -> {
                return ok.bool(local.findRoom(in.str()).isPresent()).bytes();
            }
            default -> throw new IllegalArgumentException("unexpected operation " + op);
        }
    }

    // ---- addresses on the wire --------------------------------------------------------------------

    private static void writeAddresses(Wire.Out out, Address receiver, Set<Address> excluded) {
        writeAddress(out, receiver);
        out.i64(excluded.size());
        excluded.forEach(address -> writeAddress(out, address));
    }

    private static void writeAddress(Wire.Out out, Address address) {
        try {
            Util.writeAddress(address, out.data());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Address readAddress(Wire.In in) {
        try {
            Address address = Util.readAddress(in.data());
            if (address == null) {
                throw new IllegalArgumentException("missing address");
            }
            return address;
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("malformed address", e);
        }
    }

    private static List<Address> readAddressList(Wire.In in) {
        int count = in.count();
        List<Address> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(readAddress(in));
        }
        return addresses;
    }
}
