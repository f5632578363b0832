package io.jellyfish.api.media;

import io.jellyfish.api.room.VideoCodec;

import java.util.List;

/**
 * What a media endpoint sees of its peer and room. The callbacks that change the room
 * ({@link #published}, {@link #unpublished}, {@link #crashed}) take the room's lock themselves, so
 * an endpoint must call them from its own threads, never while holding a lock of its own that the
 * room's calls into the endpoint also take.
 */
public interface EndpointContext {
    String roomId();

    String peerId();

    /** The peer option {@code enableSimulcast} (webrtc.md 0). */
    boolean simulcastEnabled();

    /** The room's {@code videoCodec} filter; null accepts the first of opus, VP8, H264 offered. */
    VideoCodec videoCodec();

    /** Sends one media event (JSON text) to the peer, after every event sent before it. */
    void sendMediaEvent(String json);

    /** The peer's SDP offer announced new tracks: the room publishes them to the other endpoints. */
    void published(List<PublishedTrack> tracks);

    /** The peer stopped publishing these tracks (its offer dropped their mids, R6). */
    void unpublished(List<String> trackIds);

    /** The endpoint failed beyond repair: the room closes the peer's socket with 1011 and this reason. */
    void crashed(String reason);
}
