/**
 * The room engine: rooms, peers, their purge timers, peer tokens, room events, and the signalling
 * of the media events that needs no media plane (connect, endpoint metadata, disconnect).
 * It knows nothing of HTTP or sockets; the launcher finds it as a {@code RoomEngineProvider}.
 */
module io.jellyfish.engine {
    requires io.jellyfish.api;
    // The media events of the peer socket are JSON (webrtc.md 2); only the tree model is used.
    requires com.fasterxml.jackson.databind;

    provides io.jellyfish.api.spi.RoomEngineProvider with io.jellyfish.engine.RoomEngineProviderImpl;
}
