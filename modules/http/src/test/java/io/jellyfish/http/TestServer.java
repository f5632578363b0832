package io.jellyfish.http;

import io.jellyfish.api.cluster.ClusterMembership;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.spi.ServerMetrics;
import io.jellyfish.engine.RoomEngineProviderImpl;
import io.jellyfish.api.spi.RoomEngineProvider.ManagedRoomService;
import io.jellyfish.api.spi.ServerContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/** A real API listener on an ephemeral loopback port over the real room engine. */
final class TestServer implements AutoCloseable {

    static final String TOKEN = "development";

    final JellyfishConfig config;
    final ManagedRoomService engine;
    final JellyfishHttpServer http;
    final RecordedMetrics metrics = new RecordedMetrics();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(Path resources, UnaryOperator<JellyfishConfig> customize) {
        this(resources, customize, JellyfishHttpServer.Options.DEFAULTS);
    }

    TestServer(Path resources, UnaryOperator<JellyfishConfig> customize, JellyfishHttpServer.Options options) {
        JellyfishConfig base = config(resources);
        this.config = customize.apply(base);
        this.engine = new RoomEngineProviderImpl().start(new ServerContext() {
            @Override
            public JellyfishConfig config() {
                return config;
            }

            @Override
            public <T> Optional<T> find(Class<T> type) {
                return Optional.empty();
            }
        });
        this.http = new JellyfishHttpServer(config, engine, metrics,
                () -> ClusterMembership.DistributionStatus.STANDALONE, options).start();
    }

    static JellyfishConfig config(Path resources) {
        return new JellyfishConfig(false, "127.0.0.1", 0, "127.0.0.1:5002", resources,
                "127.0.0.1", 0, Duration.ofSeconds(10),
                new JellyfishConfig.Distribution(false, JellyfishConfig.Distribution.Mode.SNAME, "NODES_LIST",
                        "jellyfish_cookie", "jellyfish@localhost", Optional.empty(), Optional.empty()),
                new JellyfishConfig.WebRtc(true, "127.0.0.1", "127.0.0.1", 50000, 59999, Optional.empty()),
                new JellyfishConfig.Sip(false, Optional.empty()), true,
                new JellyfishConfig.S3(Optional.empty(), Optional.empty()), "dev",
                new JellyfishConfig.Secret(TOKEN, false), new JellyfishConfig.Secret("secret-key-base", false),
                Optional.empty(), new JellyfishConfig.CheckOrigin.Disabled(), 1 << 20, Map.of());
    }

    /** {@code ws://127.0.0.1:<port><rawPath>} */
    URI wsUri(String rawPath) {
        return URI.create(uri(rawPath).toString().replaceFirst("^http", "ws"));
    }

    URI uri(String rawPath) {
        return URI.create(http.uri().toString().replaceAll("/$", "") + rawPath);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder authed(String rawPath) {
        return HttpRequest.newBuilder(uri(rawPath)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> get(String rawPath) {
        return send(authed(rawPath).GET());
    }

    HttpResponse<String> delete(String rawPath) {
        return send(authed(rawPath).DELETE());
    }

    HttpResponse<String> postJson(String rawPath, String json) {
        return send(authed(rawPath).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Override
    public void close() {
        http.stop(Duration.ofSeconds(2));
        engine.close();
    }

    /** The metrics module's view of what the HTTP module reports. */
    static final class RecordedMetrics implements ServerMetrics {
        final List<long[]> requests = new CopyOnWriteArrayList<>();
        final List<String> runQueues = new CopyOnWriteArrayList<>();

        @Override
        public void httpRequest(long ingressBytes, long egressBytes) {
            requests.add(new long[]{ingressBytes, egressBytes});
        }

        @Override
        public void registerRunQueue(String kind, IntSupplier queuedTasks) {
            runQueues.add(kind);
        }

        @Override
        public String endpoint() {
            return "http://127.0.0.1:0/metrics";
        }

        @Override
        public void close() {
        }
    }
}
