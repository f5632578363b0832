package io.jellyfish.engine;

import io.jellyfish.api.media.MediaPlane;
import io.jellyfish.api.spi.RoomEngineProvider;
import io.jellyfish.api.spi.ServerContext;

import java.time.Clock;

/** The service the launcher finds: the room engine on the system clock, driving the media plane if one started. */
public final class RoomEngineProviderImpl implements RoomEngineProvider {
    @Override
    public ManagedRoomService start(ServerContext context) {
        SystemScheduler scheduler = new SystemScheduler();
        return new RoomEngine(context.config().host(), context.config().secretKeyBase().value(), scheduler, Clock.systemUTC(),
                scheduler, context.find(MediaPlane.class).orElse(null));
    }
}
