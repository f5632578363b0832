/**
 * The room engine: rooms, peers, their purge timers, peer tokens and room events.
 * It knows nothing of HTTP or sockets; the launcher finds it as a {@code RoomEngineProvider}.
 */
module io.jellyfish.engine {
    requires io.jellyfish.api;

    provides io.jellyfish.api.spi.RoomEngineProvider with io.jellyfish.engine.RoomEngineProviderImpl;
}
