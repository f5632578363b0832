package io.jellyfish.launcher;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.config.ConfigReader;
import io.jellyfish.config.ConfigSummary;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the server: configuration, logging, plugins, services; then waits for SIGTERM or
 * SIGINT and stops them. Exit status 0 after a graceful stop; 1 when start-up fails, with one
 * line on stderr ({@code jellyfish: <reason>}) and no stack trace (that is logged at debug
 * level, see {@code -Djellyfish.log.level=debug}).
 *
 * <p>JF_PLUGIN_HOST, read here rather than with the server's configuration since only the
 * launcher uses it, picks where plugins run: {@code layer} (default) or {@code felix}; see
 * {@link PluginHost}.
 *
 * <p>System properties: {@code jellyfish.plugins}, the plugins directory (default
 * {@code plugins}, relative to the working directory; bin/jellyfish passes the one of the
 * installation); {@code jellyfish.log.level}, the root log level ({@code error},
 * {@code warning}, {@code info}, {@code debug}; default info).
 */
public final class Main {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {}

    public static void main(String[] args) {
        Path plugins = Path.of(System.getProperty("jellyfish.plugins", "plugins"));
        int status = run(System.getenv(), plugins, System.out, System.err);
        LogSetup.flushAll();
        System.out.flush();
        System.exit(status);
    }

    /** Runs the server until it is asked to stop; returns the exit status. */
    static int run(Map<String, String> environment, Path pluginsDirectory, PrintStream out, PrintStream err) {
        LogSetup logs = LogSetup.install(out, LogSetup.level(System.getProperty("jellyfish.log.level")));

        JellyfishConfig config;
        String pluginHost;
        try {
            config = ConfigReader.read(environment);
            pluginHost = PluginHost.choice(environment);
        } catch (ConfigurationException e) {
            logs.activate(false);
            return fail(out, err, StartupException.oneLine(e.getMessage()));
        }
        logs.activate(config.structuredLogging());
        Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                LOG.log(Level.ERROR, "uncaught exception in thread " + thread.getName(), error));

        LOG.log(Level.INFO, "Starting Jellyfish v" + JellyfishConfig.VERSION + " (" + config.gitCommit() + ")");
        LOG.log(Level.INFO, "Configuration: " + ConfigSummary.of(config));
        if (config.apiToken().generated()) {
            // The one place a secret is ever logged, by design: without it nobody could call the
            // API of a server started without JF_SERVER_API_TOKEN.
            LOG.log(Level.WARNING, "JF_SERVER_API_TOKEN is not set: generated a random API token for this run: "
                    + config.apiToken().value() + " (set JF_SERVER_API_TOKEN to choose one)");
        }

        // Before anything starts, so a SIGTERM during start-up still ends in a graceful stop.
        StopSignal stop;
        try {
            stop = StopSignal.install();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.log(Level.WARNING, "cannot handle SIGTERM/SIGINT (" + StartupException.describe(e)
                    + "): the server will not stop gracefully");
            stop = null;
        }

        PluginHost plugins;
        Server server;
        try {
            plugins = PluginHost.open(pluginHost, pluginsDirectory.toAbsolutePath());
        } catch (StartupException e) {
            return fail(out, err, e);
        }
        try {
            String loaded = plugins.description();
            if (!loaded.isEmpty()) {
                LOG.log(Level.INFO, "Loaded plugins from " + loaded);
            }
            server = Server.start(config, ModuleLayer.boot(), plugins);
        } catch (StartupException e) {
            close(plugins, e);
            return fail(out, err, e);
        }

        LOG.log(Level.INFO, "Jellyfish listening on " + origin(server.http().uri())
                + " (address for clients: " + config.host() + ")");

        if (stop == null) {
            return waitForever();
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean clean = server.stop();
        try {
            plugins.close();
        } catch (StartupException e) {
            clean = false;
            LOG.log(Level.WARNING, "plugins did not stop cleanly: " + e.getMessage(), e.getCause());
        }
        LOG.log(clean ? Level.INFO : Level.WARNING, clean ? "Jellyfish stopped" : "Jellyfish stopped, not cleanly");
        return clean ? 0 : 1;
    }

    /** {@code http://127.0.0.1:8080} from {@code http://127.0.0.1:8080/}. */
    static String origin(URI uri) {
        String text = uri.toString();
        return "/".equals(uri.getRawPath()) && text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static int fail(PrintStream out, PrintStream err, StartupException e) {
        if (e.getCause() != null) {
            LOG.log(Level.DEBUG, e.getMessage(), e.getCause());
        }
        return fail(out, err, e.getMessage());
    }

    /** Stops the plugins after a failed start; a problem doing so is kept with the failure. */
    private static void close(PluginHost plugins, StartupException failure) {
        try {
            plugins.close();
        } catch (StartupException e) {
            failure.addSuppressed(e);
        }
    }

    private static int fail(PrintStream out, PrintStream err, String message) {
        LogSetup.flushAll();
        out.flush();
        err.println("jellyfish: " + message);
        err.flush();
        return 1;
    }

    private static int waitForever() {
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 1;
    }
}
