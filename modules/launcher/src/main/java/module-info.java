/**
 * The process entry point: reads the configuration, sets up logging, loads the jars of the
 * plugins directory into their own module layer (or, with JF_PLUGIN_HOST=felix, into the OSGi
 * host of module io.jellyfish.osgihost), starts the services it finds with
 * {@link java.util.ServiceLoader} in a fixed order, and stops them on SIGTERM or SIGINT.
 * It holds no feature logic and exports nothing.
 *
 * <p>The {@code uses} clauses matter beyond the code: when the JVM resolves the boot layer it
 * binds every provider of these services found on the module path ({@code lib/}), which is
 * how the engine, metrics and HTTP modules get into the process without anyone requiring them.
 */
module io.jellyfish.launcher {
    requires io.jellyfish.api;
    requires io.jellyfish.config;
    requires java.logging;
    // sun.misc.Signal: see StopSignal for why a shutdown hook is not enough.
    requires jdk.unsupported;
    // The OSGi plugin host and its SPI. Static: the launcher runs without the module, and so
    // without Felix, when its jar is not in lib/. When it is, the `uses` clause below binds it
    // into the boot layer (like the core services), and the launcher then reads it.
    requires static io.jellyfish.osgihost;

    uses io.jellyfish.api.spi.MediaPlaneProvider;
    uses io.jellyfish.api.spi.RoomEngineProvider;
    uses io.jellyfish.api.spi.MetricsProvider;
    uses io.jellyfish.api.spi.HttpApiProvider;
    uses io.jellyfish.api.spi.ClusterProvider;
    uses io.jellyfish.api.cluster.DiscoveryStrategyProvider;
    uses io.jellyfish.osgihost.PluginHostProvider;
}
