package io.jellyfish.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jellyfish.api.config.ConfigurationException;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The plain-HTTP scrape listener: {@code GET /metrics} answers the scrape, every other path or
 * method {@code 404 Not Found}. Built on the JDK's own HTTP server so this module needs no web
 * server dependency; a scrape every few seconds is all the load it has to carry.
 */
final class MetricsEndpoint {

    static final String PATH = "/metrics";

    private static final System.Logger LOG = System.getLogger(MetricsEndpoint.class.getName());
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";
    private static final int HANDLER_THREADS = 2;
    private static final int QUEUED_REQUESTS = 32;
    private static final int STOP_GRACE_SECONDS = 1;

    private final HttpServer server;
    private final ThreadPoolExecutor handlers;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
        AtomicInteger threadNumber = new AtomicInteger();
        // Bounded on both sides. When the queue is full the server's dispatcher thread runs the
        // request itself, which stops it accepting more: back-pressure instead of unbounded memory.
        this.handlers = new ThreadPoolExecutor(HANDLER_THREADS, HANDLER_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), runnable -> {
                    Thread thread = new Thread(runnable, "jellyfish-metrics-http-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /**
     * Binds the listening socket without serving yet, so a taken port fails start-up first.
     *
     * @throws ConfigurationException naming JF_METRICS_IP/JF_METRICS_PORT when the address cannot be bound
     */
    static MetricsEndpoint bind(String ip, int port) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(ip), port);
            return new MetricsEndpoint(HttpServer.create(address, 0));
        } catch (IOException e) {
            throw new ConfigurationException("Cannot listen for metrics on " + ip + ":" + port
                    + " (JF_METRICS_IP/JF_METRICS_PORT): " + e.getMessage());
        }
    }

    /** The bound port; differs from the requested one only when that was 0. */
    int port() {
        return server.getAddress().getPort();
    }

    /** Starts serving; {@code scrape} renders the whole response body of each scrape. */
    void start(Supplier<String> scrape) {
        server.createContext("/", exchange -> handle(exchange, scrape));
        server.setExecutor(handlers);
        server.start();
    }

    /** Stops accepting, lets a scrape in progress finish (briefly), and ends the handler threads. */
    void stop() {
        server.stop(STOP_GRACE_SECONDS);
        handlers.shutdownNow();
    }

    private static void handle(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        try (exchange) {
            boolean isScrape = "GET".equals(exchange.getRequestMethod())
                    && PATH.equals(exchange.getRequestURI().getPath());
            if (!isScrape) {
                respond(exchange, 404, PLAIN_TEXT, "Not Found");
                return;
            }
            String body;
            try {
                body = scrape.get();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Rendering the metrics scrape failed", e);
                respond(exchange, 500, PLAIN_TEXT, "Internal Server Error");
                return;
            }
            respond(exchange, 200, TextFormat.CONTENT_TYPE, body);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
