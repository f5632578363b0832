package io.jellyfish.api.room;

/**
 * A room just created, and where it lives.
 *
 * @param room    the new room
 * @param address the JF_HOST of the node that hosts it: clients send everything about the room there
 */
public record PlacedRoom(RoomSnapshot room, String address) {}
