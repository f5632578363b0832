/**
 * The contract between the launcher, the core services and plugins: service interfaces
 * (found with {@link java.util.ServiceLoader}) and the immutable value types they exchange.
 * It depends on nothing but the JDK, so a third-party plugin needs only this jar.
 */
module io.jellyfish.api {
    exports io.jellyfish.api.cluster;
    exports io.jellyfish.api.config;
    exports io.jellyfish.api.event;
    exports io.jellyfish.api.media;
    exports io.jellyfish.api.room;
    exports io.jellyfish.api.spi;
}
