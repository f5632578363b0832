package io.jellyfish.api.spi;

import io.jellyfish.api.media.MediaPlane;

/**
 * Provides the WebRTC media plane. Started before the room engine, and only when
 * {@code JF_WEBRTC_USED} is not {@code false}; the engine finds it as {@link MediaPlane}.
 */
public interface MediaPlaneProvider {
    /** Starts the media plane; {@link RunningMediaPlane#close()} releases every socket it holds. */
    RunningMediaPlane start(ServerContext context);

    /** A media plane the launcher can stop. */
    interface RunningMediaPlane extends MediaPlane, AutoCloseable {
        @Override
        void close();
    }
}
