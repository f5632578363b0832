package io.jellyfish.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.LogManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void resetLogging() {
        LogManager.getLogManager().reset();
    }

    private int run(Map<String, String> environment, Path plugins) {
        return Main.run(environment, plugins, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBadVariableIsOneLineOnStderrAndStatusOne() {
        int status = run(Map.of("JF_PORT", "8080abc"), work.resolve("plugins"));

        assertEquals(1, status);
        assertEquals("jellyfish: Bad JF_PORT environment variable value. Expected valid port number, got: 8080abc"
                + System.lineSeparator(), stderr());
    }

    @Test
    void aBrokenPluginIsOneLineOnStderrAndStatusOne() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.writeString(plugins.resolve("garbage.jar"), "garbage");

        int status = run(Map.of("JF_SERVER_API_TOKEN", "t"), plugins);

        assertEquals(1, status);
        assertEquals("jellyfish: cannot load plugin " + plugins.toAbsolutePath().resolve("garbage.jar")
                + ": not a readable jar file (zip END header not found)" + System.lineSeparator(), stderr());
    }

    @Test
    void aBadPluginHostIsOneLineOnStderrAndStatusOne() {
        int status = run(Map.of("JF_SERVER_API_TOKEN", "t", "JF_PLUGIN_HOST", "osgi"), work.resolve("plugins"));

        assertEquals(1, status);
        assertEquals("jellyfish: Bad JF_PLUGIN_HOST environment variable value. Expected layer or felix, got: osgi"
                + System.lineSeparator(), stderr());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withFelixABrokenPluginIsOneLineNamingTheJar() throws Exception {
        // jellyfish-osgi-host and Felix are on this module's test class path (optional dependency).
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.writeString(plugins.resolve("garbage.jar"), "garbage");

        int status = run(Map.of("JF_SERVER_API_TOKEN", "t", "JF_PLUGIN_HOST", "felix"), plugins);

        assertEquals(1, status);
        List<String> errors = stderr().lines().toList();
        assertEquals(1, errors.size(), stderr());
        assertTrue(errors.get(0).startsWith("jellyfish: plugin garbage.jar cannot be hosted by Felix: "), stderr());
        assertTrue(errors.get(0).endsWith(": zip END header not found"), stderr());
    }

    @Test
    void withFelixAndNoPluginsTheServerStillLooksForItsServicesInLib() {
        int status = run(Map.of("JF_SERVER_API_TOKEN", "t", "JF_PLUGIN_HOST", "felix"), work.resolve("plugins"));

        assertEquals(1, status);
        assertEquals("jellyfish: cannot start: no io.jellyfish.api.spi.RoomEngineProvider found;"
                + " exactly one is needed (its jar belongs in lib/)" + System.lineSeparator(), stderr());
    }

    @Test
    void missingServicesAreOneLineOnStderrAndStatusOne() {
        // Run from the class path of this module: no engine, metrics or HTTP module is present.
        int status = run(Map.of("JF_SERVER_API_TOKEN", "t"), work.resolve("plugins"));

        assertEquals(1, status);
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.lines().findFirst().orElseThrow().endsWith("[info] Main: Starting Jellyfish v0.5.0 (dev)"), log);
        assertTrue(log.contains("[info] Main: Configuration: listening=127.0.0.1:8080 "), log);
        assertFalse(log.contains("generated a random API token"), log);
        assertEquals("jellyfish: cannot start: no io.jellyfish.api.spi.RoomEngineProvider found;"
                + " exactly one is needed (its jar belongs in lib/)" + System.lineSeparator(), stderr());
    }

    @Test
    void aGeneratedTokenIsLoggedOnceAsAWarning() {
        run(Map.of("JF_STRUCTURED_LOGGING", "true"), work.resolve("plugins"));

        String log = out.toString(StandardCharsets.UTF_8);
        List<String> warnings = log.lines().filter(l -> l.contains("\"severity\":\"warning\"")).toList();
        assertEquals(1, warnings.size(), log);
        assertTrue(warnings.get(0).matches("\\{\"time\":\"[^\"]+\",\"severity\":\"warning\",\"message\":"
                + "\"JF_SERVER_API_TOKEN is not set: generated a random API token for this run: [A-Za-z0-9_-]{43}"
                + " \\(set JF_SERVER_API_TOKEN to choose one\\)\",\"metadata\":\\{\"logger\":\"io.jellyfish.launcher.Main\"}}"),
                warnings.get(0));
    }

    @Test
    void theListeningOriginDropsTheRootPath() {
        assertEquals("http://127.0.0.1:8080", Main.origin(URI.create("http://127.0.0.1:8080/")));
        assertEquals("http://[::1]:8080", Main.origin(URI.create("http://[::1]:8080/")));
        assertEquals("https://127.0.0.1:8443", Main.origin(URI.create("https://127.0.0.1:8443")));
    }
}
