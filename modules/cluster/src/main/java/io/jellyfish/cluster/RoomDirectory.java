package io.jellyfish.cluster;

import org.jgroups.Address;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which member hosts which room, as every member sees it: fed by the owners' announcements,
 * trimmed when members leave. On the coordinator it also holds the reservations of rooms being
 * created, so placement counts them and a custom room id cannot be taken twice.
 */
final class RoomDirectory {

    private record Reservation(Address member, long expiresAtNanos) {}

    private final Map<String, Address> owners = new HashMap<>();
    private final Map<Address, Integer> roomCounts = new HashMap<>();
    private final Map<String, Reservation> reservations = new HashMap<>();
    private final Map<Address, Long> forwardedTracks = new HashMap<>();

    synchronized Address owner(String roomId) {
        return owners.get(roomId);
    }

    synchronized boolean isTaken(String roomId, long nowNanos) {
        Reservation reservation = reservations.get(roomId);
        if (reservation != null && reservation.expiresAtNanos < nowNanos) {
            release(roomId);
            reservation = null;
        }
        return owners.containsKey(roomId) || reservation != null;
    }

    synchronized void reserve(String roomId, Address member, long expiresAtNanos) {
        reservations.put(roomId, new Reservation(member, expiresAtNanos));
    }

    synchronized void release(String roomId) {
        reservations.remove(roomId);
    }

    /** Rooms a member hosts or is about to host. */
    synchronized long rooms(Address member) {
        long reserved = reservations.values().stream().filter(r -> r.member.equals(member)).count();
        return roomCounts.getOrDefault(member, 0) + reserved;
    }

    synchronized long forwardedTracks(Address member) {
        return forwardedTracks.getOrDefault(member, 0L);
    }

    synchronized void reportTracks(Address member, long tracks) {
        forwardedTracks.put(member, tracks);
    }

    synchronized void added(Address owner, Collection<String> roomIds) {
        for (String roomId : roomIds) {
            reservations.remove(roomId);
            Address previous = owners.put(roomId, owner);
            if (previous != null) {
                roomCounts.merge(previous, -1, Integer::sum);
            }
            roomCounts.merge(owner, 1, Integer::sum);
        }
    }

    synchronized void removed(Address owner, Collection<String> roomIds) {
        for (String roomId : roomIds) {
            if (owners.remove(roomId, owner)) {
                roomCounts.merge(owner, -1, Integer::sum);
            }
        }
    }

    /** A member's complete room list: replaces whatever was known about it. */
    synchronized void replace(Address owner, Collection<String> roomIds) {
        owners.values().removeIf(owner::equals);
        roomCounts.remove(owner);
        added(owner, roomIds);
    }

    /** Forgets members that are no longer in the view: their rooms are gone with them. */
    synchronized void retain(List<Address> members) {
        Set<Address> alive = new HashSet<>(members);
        owners.values().removeIf(owner -> !alive.contains(owner));
        roomCounts.keySet().retainAll(alive);
        forwardedTracks.keySet().retainAll(alive);
        reservations.values().removeIf(r -> !alive.contains(r.member));
    }

    synchronized int size() {
        return owners.size();
    }
}
