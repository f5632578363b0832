package io.jellyfish.api.room;

/**
 * The figures cluster placement compares: fewest forwarded tracks first, then fewest rooms.
 *
 * @param forwardedTracks media tracks this node forwards right now
 * @param rooms           rooms this node hosts right now
 */
public record NodeLoad(long forwardedTracks, long rooms) {}
