/**
 * Reads and validates every JF_* environment variable, once, at start-up, into the
 * {@link io.jellyfish.api.config.JellyfishConfig} record the other modules receive.
 */
module io.jellyfish.config {
    requires transitive io.jellyfish.api;

    exports io.jellyfish.config;
}
