package io.jellyfish.api.room;

/**
 * A published track.
 *
 * @param id       opaque track id
 * @param type     {@code audio} or {@code video}
 * @param metadata the track's metadata as JSON text, or null
 */
public record TrackSnapshot(String id, String type, String metadata) {}
