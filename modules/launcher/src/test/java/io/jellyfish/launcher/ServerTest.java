package io.jellyfish.launcher;

import io.jellyfish.api.cluster.DiscoveryContext;
import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.api.cluster.DiscoveryStrategyProvider;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.spi.HttpApiProvider;
import io.jellyfish.api.spi.HttpApiProvider.RunningHttpApi;
import io.jellyfish.api.spi.MetricsProvider;
import io.jellyfish.api.spi.RoomEngineProvider;
import io.jellyfish.api.spi.RoomEngineProvider.ManagedRoomService;
import io.jellyfish.api.spi.ServerMetrics;
import io.jellyfish.config.ConfigReader;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerTest {
    private static final JellyfishConfig CONFIG = ConfigReader.read(Map.of("JF_SERVER_API_TOKEN", "t"));

    private final List<String> events = new CopyOnWriteArrayList<>();

    /** A proxy of {@code type} that records close/stop calls and answers uri/endpoint. */
    private <T> T fake(Class<T> type, String name) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "close" -> {
                        events.add(name + ".close");
                        yield null;
                    }
                    case "stop" -> {
                        events.add(name + ".stop(" + args[0] + ")");
                        yield null;
                    }
                    case "uri" -> URI.create("http://127.0.0.1:8080/");
                    case "endpoint" -> "http://127.0.0.1:9568/metrics";
                    case "toString" -> name;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                }));
    }

    @Test
    void startsEngineThenMetricsThenHttpEachSeeingTheOnesBefore() throws Exception {
        ManagedRoomService engine = fake(ManagedRoomService.class, "engine");
        ServerMetrics metrics = fake(ServerMetrics.class, "metrics");
        RunningHttpApi http = fake(RunningHttpApi.class, "http");

        RoomEngineProvider engineProvider = context -> {
            assertSame(CONFIG, context.config());
            assertTrue(context.find(ServerMetrics.class).isEmpty());
            events.add("engine.start");
            return engine;
        };
        MetricsProvider metricsProvider = context -> {
            assertSame(engine, context.require(RoomService.class));
            assertSame(engine, context.require(ManagedRoomService.class));
            events.add("metrics.start");
            return metrics;
        };
        HttpApiProvider httpProvider = context -> {
            assertSame(engine, context.require(RoomService.class));
            assertSame(metrics, context.require(ServerMetrics.class));
            events.add("http.start");
            return http;
        };

        Server server = Server.start(CONFIG, engineProvider, metricsProvider, httpProvider);
        assertSame(http, server.http());
        assertTrue(server.stop());

        assertEquals(List.of("engine.start", "metrics.start", "http.start",
                "http.stop(" + Duration.ofSeconds(10) + ")", "metrics.close", "engine.close"), events);
    }

    @Test
    void aFailedStartStopsWhatWasStartedAndGivesOneLineNamingTheCause() {
        RoomEngineProvider engineProvider = context -> fake(ManagedRoomService.class, "engine");
        MetricsProvider metricsProvider = context -> fake(ServerMetrics.class, "metrics");
        HttpApiProvider httpProvider = context -> {
            throw new IllegalStateException("Failed to bind to /127.0.0.1:8080",
                    new BindException("Address already in use"));
        };

        StartupException e = assertThrows(StartupException.class,
                () -> Server.start(CONFIG, engineProvider, metricsProvider, httpProvider));

        assertEquals("cannot start: Failed to bind to /127.0.0.1:8080: Address already in use", e.getMessage());
        assertEquals(List.of("metrics.close", "engine.close"), events);
    }

    @Test
    void stopGoesOnWhenOneServiceFailsToStop() throws Exception {
        ServerMetrics metrics = (ServerMetrics) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServerMetrics.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("metrics stuck");
                });
        Server server = Server.start(CONFIG, context -> fake(ManagedRoomService.class, "engine"),
                context -> metrics, context -> fake(RunningHttpApi.class, "http"));

        assertEquals(false, server.stop());
        assertEquals(List.of("http.stop(PT10S)", "engine.close"), events);
    }

    /** A service nobody provides. */
    interface Unprovided {}

    /** A service with two providers registered in META-INF/services of the test resources. */
    public interface Greeting {}

    public static final class English implements Greeting {}

    public static final class French implements Greeting {}

    /** A service with one provider. */
    public interface Single {}

    public static final class OnlyOne implements Single {}

    @Test
    void exactlyOneProviderOfEachServiceIsExpected() throws Exception {
        StartupException none = assertThrows(StartupException.class, () -> Server.one(Unprovided.class, ModuleLayer.boot()));
        assertEquals("cannot start: no " + Unprovided.class.getName()
                + " found; exactly one is needed (its jar belongs in lib/)", none.getMessage());

        StartupException several = assertThrows(StartupException.class, () -> Server.one(Greeting.class, ModuleLayer.boot()));
        assertEquals("cannot start: 2 providers of " + Greeting.class.getName() + " found ("
                + English.class.getName() + ", " + French.class.getName()
                + "); exactly one is needed: remove the others from lib/ or plugins/", several.getMessage());

        assertTrue(Server.one(Single.class, ModuleLayer.boot()) instanceof OnlyOne);
    }

    /** A plugin host holding {@code strategies}. */
    private static PluginHost hosting(List<DiscoveryStrategyProvider> strategies) {
        return new PluginHost() {
            @Override
            public String description() {
                return "test";
            }

            @Override
            public <S> List<S> services(Class<S> type) {
                return strategies.stream().filter(type::isInstance).map(type::cast).toList();
            }

            @Override
            public void close() {
            }
        };
    }

    private static DiscoveryStrategyProvider strategyNamed(String name) {
        return new DiscoveryStrategyProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public DiscoveryStrategy start(DiscoveryContext context) {
                throw new UnsupportedOperationException("not started in this test");
            }
        };
    }

    @Test
    void theDiscoveryStrategyIsChosenByNameAmongThoseOfThePluginHost() throws Exception {
        JellyfishConfig dns = ConfigReader.read(Map.of("JF_SERVER_API_TOKEN", "t", "JF_DIST_ENABLED", "true",
                "JF_DIST_STRATEGY_NAME", "DNS", "JF_DIST_MODE", "name", "JF_DIST_NODE_NAME", "a@127.0.0.1"));
        DiscoveryStrategyProvider chosen = strategyNamed("DNS");

        assertSame(chosen, Server.strategy(dns, hosting(List.of(strategyNamed("NODES_LIST"), chosen))));

        StartupException unknown = assertThrows(StartupException.class,
                () -> Server.strategy(dns, hosting(List.of(strategyNamed("NODES_LIST")))));
        assertEquals("JF_DIST_ENABLED has been set but unknown JF_DIST_STRATEGY_NAME was provided. Available strategies"
                + " are NODES_LIST, provided strategy name was: \"DNS\"", unknown.getMessage());
    }

    @Test
    void describeJoinsTheCausesOnOneLine() {
        Exception e = new RuntimeException("java.io.IOException: disk\nfull",
                new java.io.IOException("disk\nfull", new NullPointerException()));
        assertEquals("java.io.IOException: disk full: NullPointerException", StartupException.describe(e));
        Error missing = new NoClassDefFoundError("jakarta/annotation/Priority");
        missing.initCause(new ClassNotFoundException("jakarta.annotation.Priority"));
        assertEquals("class jakarta.annotation.Priority not found", StartupException.describe(missing));
    }
}
