package io.jellyfish.api.spi;

import java.net.URI;
import java.time.Duration;

/** Provides the REST API (and, later, the WebSockets) on JF_IP:JF_PORT. */
public interface HttpApiProvider {
    RunningHttpApi start(ServerContext context);

    /** The started listener. */
    interface RunningHttpApi extends AutoCloseable {
        /** Where it listens, e.g. {@code http://127.0.0.1:8080/}. */
        URI uri();

        /** Stops accepting connections and lets in-flight requests finish, waiting at most {@code grace}. */
        void stop(Duration grace);

        @Override
        default void close() {
            stop(Duration.ofSeconds(10));
        }
    }
}
