package io.jellyfish.launcher;

import io.jellyfish.api.cluster.ClusterBus;
import io.jellyfish.api.cluster.ClusterMembership;
import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.api.cluster.DiscoveryStrategyProvider;
import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.spi.ClusterProvider;
import io.jellyfish.api.spi.ClusterProvider.RunningCluster;
import io.jellyfish.api.spi.HttpApiProvider;
import io.jellyfish.api.spi.HttpApiProvider.RunningHttpApi;
import io.jellyfish.api.media.MediaPlane;
import io.jellyfish.api.spi.MediaPlaneProvider;
import io.jellyfish.api.spi.MediaPlaneProvider.RunningMediaPlane;
import io.jellyfish.api.spi.MetricsProvider;
import io.jellyfish.api.spi.RoomEngineProvider;
import io.jellyfish.api.spi.RoomEngineProvider.ManagedRoomService;
import io.jellyfish.api.spi.ServerMetrics;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The running services, started in the fixed order of {@link io.jellyfish.api.spi.ServerContext}
 * (media plane unless JF_WEBRTC_USED=false, room engine, metrics, cluster when JF_DIST_ENABLED,
 * HTTP API) and stopped in the reverse order.
 */
final class Server {
    private static final System.Logger LOG = System.getLogger(Server.class.getName());

    /** How long in-flight requests may take to finish once a stop is asked for. */
    static final Duration HTTP_GRACE = Duration.ofSeconds(10);

    private final RunningMediaPlane media;
    private final ManagedRoomService engine;
    private final ServerMetrics metrics;
    private final StartedCluster cluster;
    private final RunningHttpApi http;

    private Server(RunningMediaPlane media, ManagedRoomService engine, ServerMetrics metrics, StartedCluster cluster,
                   RunningHttpApi http) {
        this.media = media;
        this.engine = engine;
        this.metrics = metrics;
        this.cluster = cluster;
        this.http = http;
    }

    /** The cluster layer and the discovery strategy feeding it; both absent on a stand-alone node. */
    record Clustering(ClusterProvider provider, DiscoveryStrategyProvider strategy) {}

    RunningHttpApi http() {
        return http;
    }

    ServerMetrics metrics() {
        return metrics;
    }

    /**
     * Finds exactly one provider of each core service in {@code server} (lib/, and its parents)
     * and, on a cluster node, the discovery strategy among the {@code plugins}; then starts them.
     * When one fails to start, those already started are stopped again.
     */
    static Server start(JellyfishConfig config, ModuleLayer server, PluginHost plugins) throws StartupException {
        // Every provider is found before anything starts: a missing one must not leave a port bound.
        RoomEngineProvider engineProvider = one(RoomEngineProvider.class, server);
        MetricsProvider metricsProvider = one(MetricsProvider.class, server);
        HttpApiProvider httpProvider = one(HttpApiProvider.class, server);
        MediaPlaneProvider mediaProvider = config.webrtc().used() ? one(MediaPlaneProvider.class, server) : null;
        Clustering clustering = config.distribution().enabled()
                ? new Clustering(one(ClusterProvider.class, server), strategy(config, plugins))
                : null;
        return start(config, mediaProvider, engineProvider, metricsProvider, clustering, httpProvider);
    }

    static Server start(JellyfishConfig config, RoomEngineProvider engineProvider, MetricsProvider metricsProvider,
                        HttpApiProvider httpProvider) throws StartupException {
        return start(config, null, engineProvider, metricsProvider, null, httpProvider);
    }

    static Server start(JellyfishConfig config, RoomEngineProvider engineProvider, MetricsProvider metricsProvider,
                        Clustering clustering, HttpApiProvider httpProvider) throws StartupException {
        return start(config, null, engineProvider, metricsProvider, clustering, httpProvider);
    }

    /** @param mediaProvider the media plane, or null for signalling without media */
    static Server start(JellyfishConfig config, MediaPlaneProvider mediaProvider, RoomEngineProvider engineProvider,
                        MetricsProvider metricsProvider, Clustering clustering, HttpApiProvider httpProvider)
            throws StartupException {
        Services context = new Services(config);
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            RunningMediaPlane media = null;
            if (mediaProvider != null) {
                media = mediaProvider.start(context);
                started.push(media);
                context.register(MediaPlane.class, media);
            }
            ManagedRoomService engine = engineProvider.start(context);
            started.push(engine);
            context.register(ManagedRoomService.class, engine);
            context.register(RoomService.class, engine);

            ServerMetrics metrics = metricsProvider.start(context);
            started.push(metrics);
            context.register(ServerMetrics.class, metrics);

            if (clustering != null) {
                DiscoveryStrategy discovery = clustering.strategy().start(new StrategyContext(config,
                        System.getLogger("io.jellyfish.strategy." + clustering.strategy().name())));
                started.push(discovery);
                RunningCluster cluster = clustering.provider().start(context, discovery);
                started.push(cluster);
                // From here on the HTTP API sees the cluster-wide room service; metrics keep the local one.
                context.replace(RoomService.class, cluster.rooms());
                context.register(ClusterMembership.class, cluster.membership());
                context.register(ClusterBus.class, cluster.bus());
            }

            RunningHttpApi http = httpProvider.start(context);
            started.push(http);
            context.register(RunningHttpApi.class, http);
            return new Server(media, engine, metrics, new StartedCluster(started), http);
        } catch (ConfigurationException e) {
            // A strategy's own variables are validated when it starts: same one-line error as the rest.
            closeAll(started, e);
            throw new StartupException(e.getMessage(), e);
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            // LinkageError: a provider whose own dependencies are missing from lib/.
            LOG.log(Level.DEBUG, "start-up failed", e);
            closeAll(started, e);
            throw new StartupException("cannot start: " + StartupException.describe(e), e);
        }
    }

    private static void closeAll(Deque<AutoCloseable> started, Throwable failure) {
        while (!started.isEmpty()) {
            AutoCloseable service = started.pop();
            try {
                service.close();
            } catch (Exception closeError) {
                failure.addSuppressed(closeError);
            }
        }
    }

    /**
     * The discovery strategy JF_DIST_STRATEGY_NAME names, among those installed in plugins/;
     * an unknown name stops start-up listing the installed ones.
     */
    static DiscoveryStrategyProvider strategy(JellyfishConfig config, PluginHost plugins) throws StartupException {
        String name = config.distribution().strategyName();
        List<DiscoveryStrategyProvider> installed = plugins.services(DiscoveryStrategyProvider.class);
        for (DiscoveryStrategyProvider provider : installed) {
            if (provider.name().equals(name)) {
                return provider;
            }
        }
        String available = installed.isEmpty() ? "none (put a strategy jar in plugins/)"
                : installed.stream().map(DiscoveryStrategyProvider::name).sorted().collect(Collectors.joining(" or "));
        throw new StartupException("JF_DIST_ENABLED has been set but unknown JF_DIST_STRATEGY_NAME was provided. "
                + "Available strategies are " + available + ", provided strategy name was: \"" + name + "\"");
    }

    /** What a strategy sees of the server. */
    private record StrategyContext(JellyfishConfig config, System.Logger logger)
            implements io.jellyfish.api.cluster.DiscoveryContext {
    }

    /**
     * The cluster layer and its strategy, stopped after the HTTP API (no request may still need
     * them) and before the engine. Holds the started services in start order.
     */
    private record StartedCluster(List<AutoCloseable> services) {
        StartedCluster(Deque<AutoCloseable> started) {
            this(started.stream().filter(s -> s instanceof RunningCluster || s instanceof DiscoveryStrategy).toList());
        }

        /** Leaves the cluster first, then stops discovery. */
        void close() throws Exception {
            for (AutoCloseable service : services) {
                service.close();
            }
        }
    }

    /**
     * Stops accepting requests and lets those in flight finish (at most {@link #HTTP_GRACE}),
     * then closes the metrics endpoint and the engine. Returns false when any of them failed
     * to stop; the others are still stopped.
     */
    boolean stop() {
        boolean clean = true;
        try {
            http.stop(HTTP_GRACE);
        } catch (RuntimeException e) {
            clean = false;
            LOG.log(Level.WARNING, "HTTP API did not stop cleanly: " + StartupException.describe(e), e);
        }
        try {
            cluster.close();
        } catch (Exception e) {
            clean = false;
            LOG.log(Level.WARNING, "cluster layer did not stop cleanly: " + StartupException.describe(e), e);
        }
        try {
            metrics.close();
        } catch (RuntimeException e) {
            clean = false;
            LOG.log(Level.WARNING, "metrics endpoint did not stop cleanly: " + StartupException.describe(e), e);
        }
        try {
            engine.close();
        } catch (RuntimeException e) {
            clean = false;
            LOG.log(Level.WARNING, "room engine did not stop cleanly: " + StartupException.describe(e), e);
        }
        if (media != null) {
            try {
                media.close();
            } catch (RuntimeException e) {
                clean = false;
                LOG.log(Level.WARNING, "media plane did not stop cleanly: " + StartupException.describe(e), e);
            }
        }
        return clean;
    }

    /** The single provider of {@code service}; none or several is a start-up error naming the service. */
    static <S> S one(Class<S> service, ModuleLayer layer) throws StartupException {
        List<ServiceLoader.Provider<S>> providers;
        try {
            providers = providers(service, layer);
        } catch (ServiceConfigurationError e) {
            throw new StartupException("cannot start: cannot load a " + service.getName() + ": "
                    + StartupException.describe(e), e);
        }
        if (providers.isEmpty()) {
            throw new StartupException("cannot start: no " + service.getName()
                    + " found; exactly one is needed (its jar belongs in lib/)");
        }
        if (providers.size() > 1) {
            throw new StartupException("cannot start: " + providers.size() + " providers of " + service.getName()
                    + " found (" + providers.stream().map(Server::describe).collect(Collectors.joining(", "))
                    + "); exactly one is needed: remove the others from lib/ or plugins/");
        }
        try {
            return providers.get(0).get();
        } catch (ServiceConfigurationError e) {
            throw new StartupException("cannot start: cannot create " + describe(providers.get(0)) + ": "
                    + StartupException.describe(e), e);
        }
    }

    /** The providers of {@code service} in {@code layer} and its parents (plus the class path's, run from there). */
    static <S> List<ServiceLoader.Provider<S>> providers(Class<S> service, ModuleLayer layer) {
        List<ServiceLoader.Provider<S>> providers = new ArrayList<>(ServiceLoader.load(layer, service).stream().toList());
        if (!Server.class.getModule().isNamed()) {
            // Run from the class path (tests, IDE): providers registered in META-INF/services.
            ServiceLoader.load(service, Server.class.getClassLoader()).stream()
                    .filter(p -> !p.type().getModule().isNamed())
                    .forEach(providers::add);
        }
        return providers;
    }

    private static String describe(ServiceLoader.Provider<?> provider) {
        Module module = provider.type().getModule();
        return provider.type().getName() + (module.isNamed() ? " in module " + module.getName() : "");
    }
}
