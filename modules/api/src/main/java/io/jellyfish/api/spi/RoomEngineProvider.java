package io.jellyfish.api.spi;

import io.jellyfish.api.room.RoomService;

/** Provides the room engine. Exactly one must be installed. */
public interface RoomEngineProvider {
    /** Starts the engine; {@link ManagedRoomService#close()} stops every room and timer. */
    ManagedRoomService start(ServerContext context);

    /** A room service the launcher can stop. */
    interface ManagedRoomService extends RoomService, AutoCloseable {
        @Override
        void close();
    }
}
