package io.jellyfish.http;

import io.jellyfish.api.cluster.ClusterMembership;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.media.MediaPlane;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.spi.HttpApiProvider.RunningHttpApi;
import io.jellyfish.api.spi.ServerMetrics;
import io.jellyfish.http.rest.JellyfishApplication;
import io.jellyfish.http.socket.SocketSettings;
import io.jellyfish.http.socket.SocketsHandler;
import io.jellyfish.notifications.NotificationHub;
import io.jellyfish.notifications.WebhookDispatcher;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;

/**
 * The API listener on JF_IP:JF_PORT: Jetty with the peer and server sockets, the front handler and
 * the Jersey application. It owns this node's notification hub (server socket subscriptions and
 * metrics reports) and the webhooks of the rooms it hosts.
 */
public final class JellyfishHttpServer implements RunningHttpApi {

    /**
     * @param sockets               limits and timers of the sockets
     * @param metricsReportInterval how often a metrics report goes to subscribed server sockets (1 s)
     * @param webhooks              timeouts, retries and queue bound of the webhooks
     */
    record Options(SocketSettings sockets, Duration metricsReportInterval, WebhookDispatcher.Settings webhooks) {
        static final Options DEFAULTS = new Options(SocketSettings.DEFAULTS, Duration.ofSeconds(1),
                WebhookDispatcher.Settings.DEFAULTS);
    }

    /**
     * Paths must reach the router as sent: an encoded slash stays inside its segment and a lone
     * {@code .} segment is a parameter value (http-api.md 1.4), so Jetty must not reject or fold them.
     */
    private static final UriCompliance URI_COMPLIANCE = UriCompliance.DEFAULT.with("jellyfish",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING);

    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;
    private final NotificationHub notifications;
    private final WebhookDispatcher webhooks;

    public JellyfishHttpServer(JellyfishConfig config, RoomService rooms, ServerMetrics metrics,
                               ClusterMembership cluster) {
        this(config, rooms, metrics, cluster, Options.DEFAULTS);
    }

    JellyfishHttpServer(JellyfishConfig config, RoomService rooms, ServerMetrics metrics,
                        ClusterMembership cluster, Options options) {
        long startedAt = System.nanoTime();
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("jellyfish-http");
        server = new Server(threads);
        server.setStopTimeout(Duration.ofSeconds(10).toMillis());

        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(URI_COMPLIANCE);
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        tls = config.tls().isPresent();
        ConnectionFactory[] factories;
        if (tls) {
            http.addCustomizer(new SecureRequestCustomizer());
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            JellyfishConfig.Tls files = config.tls().get();
            ssl.setKeyStore(PemKeyStore.load(files.keyPath(), files.certPath()));
            ssl.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            HttpConnectionFactory httpFactory = new HttpConnectionFactory(http);
            factories = new ConnectionFactory[]{new SslConnectionFactory(ssl, httpFactory.getProtocol()), httpFactory};
        } else {
            factories = new ConnectionFactory[]{new HttpConnectionFactory(http)};
        }
        connector = new ServerConnector(server, factories);
        connector.setHost(config.ip());
        connector.setPort(config.port());
        server.addConnector(connector);

        JettyHttpContainer jersey = ContainerFactory.createContainer(JettyHttpContainer.class,
                new JellyfishApplication(config, rooms, cluster, startedAt));
        notifications = new NotificationHub(options.metricsReportInterval());
        webhooks = new WebhookDispatcher(options.webhooks());
        notifications.addListener(webhooks);
        // The room events of the rooms this node hosts (a cluster's room service gives the local ones).
        rooms.subscribe(notifications::onRoomEvent);
        SocketsHandler sockets = new SocketsHandler(new FrontHandler(jersey, metrics, config.maxRequestBodyBytes()),
                config, rooms, notifications, options.sockets());
        server.setHandler(new GracefulHandler(sockets));
        server.setErrorHandler(new JsonErrorHandler());
        metrics.registerRunQueue("io", threads::getQueueSize);
    }

    /** In a cluster: server sockets here also get every other member's notifications and reports. */
    public JellyfishHttpServer joinCluster(io.jellyfish.api.cluster.ClusterBus bus) {
        notifications.joinCluster(bus);
        return this;
    }

    /** The metrics report carries the media plane's per-endpoint figures (metrics.md 4). */
    public JellyfishHttpServer reportMediaFrom(MediaPlane plane) {
        notifications.reportMediaFrom(plane);
        return this;
    }

    /** Binds and starts serving; fails with a message naming JF_IP/JF_PORT when it cannot bind. */
    public JellyfishHttpServer start() {
        try {
            server.start();
            notifications.start();
        } catch (java.io.IOException e) {
            stopQuietly();
            throw new IllegalStateException("cannot listen on " + connector.getHost() + ":" + connector.getPort()
                    + " (JF_IP/JF_PORT): " + e.getMessage(), e);
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException("cannot start the HTTP API: " + e.getMessage(), e);
        }
        return this;
    }

    @Override
    public URI uri() {
        String host = connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + connector.getLocalPort() + "/");
    }

    @Override
    public void stop(Duration grace) {
        server.setStopTimeout(grace.toMillis());
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the HTTP API failed: " + e.getMessage(), e);
        } finally {
            notifications.close();
            webhooks.close();
        }
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already failing to start: the start failure is what gets reported
        } finally {
            notifications.close();
            webhooks.close();
        }
    }
}
