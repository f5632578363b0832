package io.jellyfish.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSetupTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @AfterEach
    void resetLogging() {
        LogManager.getLogManager().reset();
    }

    /** What has been written, once the handler's writer has caught up. */
    private String output() {
        LogSetup.flushAll();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void systemLoggersWriteThroughOurHandlerOnceTheFormatIsChosen() {
        LogSetup logs = LogSetup.install(out, Level.INFO);
        System.Logger logger = System.getLogger("io.jellyfish.config.EnvParsers");
        logger.log(System.Logger.Level.INFO, "logged while the configuration is read");
        assertEquals("", output(), "held until the format is known");

        logs.activate(true);
        System.getLogger("io.jellyfish.launcher.Main").log(System.Logger.Level.INFO, "Starting");

        String[] lines = output().split("\\R");
        assertEquals(2, lines.length, output());
        assertTrue(lines[0].contains("\"message\":\"logged while the configuration is read\""), lines[0]);
        assertTrue(lines[0].contains("\"logger\":\"io.jellyfish.config.EnvParsers\""), lines[0]);
        assertTrue(lines[1].matches("\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"severity\":\"info\","
                + "\"message\":\"Starting\",\"metadata\":\\{\"logger\":\"io.jellyfish.launcher.Main\"}}"), lines[1]);
    }

    @Test
    void debugIsOffByDefaultAndLibrariesAreQuietened() {
        LogSetup.install(out, LogSetup.level(null)).activate(false);
        System.getLogger("io.jellyfish.launcher.Main").log(System.Logger.Level.DEBUG, "hidden");
        System.getLogger("org.eclipse.jetty.server.Server").log(System.Logger.Level.INFO, "jetty-12 started");
        System.getLogger("org.glassfish.jersey.server.ApplicationHandler").log(System.Logger.Level.INFO, "Initiating Jersey");
        System.getLogger("org.eclipse.jetty.server.Server").log(System.Logger.Level.WARNING, "jetty warns");
        System.gc(); // the quietened levels must survive a collection of unreferenced loggers
        Logger.getLogger("org.eclipse.jetty.util.thread").info("still quiet after GC");

        String output = output();
        assertTrue(output.matches("\\d{4}-\\S+Z \\[warning] Server: jetty warns\\R"), output);
    }

    @Test
    void debugLevelCanBeAskedFor() {
        assertEquals(Level.FINE, LogSetup.level("DEBUG"));
        assertEquals(Level.WARNING, LogSetup.level("warning"));
        assertEquals(Level.SEVERE, LogSetup.level("error"));
        assertEquals(Level.INFO, LogSetup.level("nonsense"));
        LogSetup.install(out, LogSetup.level("debug")).activate(false);
        System.getLogger("io.jellyfish.launcher.Main").log(System.Logger.Level.DEBUG, "shown");
        assertTrue(output().contains("[debug] Main: shown"), output());
    }
}
