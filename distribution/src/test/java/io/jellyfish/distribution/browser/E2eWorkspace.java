package io.jellyfish.distribution.browser;

import io.jellyfish.distribution.harness.Shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The Node.js side of the browser tests, made ready once per JVM in {@code target/e2e}: the sources
 * of {@code src/test/e2e} copied there, {@code npm ci} from the committed lock file (only when the
 * lock file changed), and the SDK bundled for the page with esbuild.
 */
final class E2eWorkspace {
    static final Path SOURCES = Path.of("src/test/e2e");
    static final Path WORKSPACE = Path.of("target/e2e").toAbsolutePath();
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "page-entry.js", "driver.mjs", "chromium-flags.mjs", "www/index.html");
    private static boolean ready;

    private E2eWorkspace() {
    }

    /** Why the browser tests cannot run here, or null when they can. */
    static String missingPrerequisite() {
        if (!Shell.available("node") || !Shell.available("npm")) {
            return "node and npm are not installed (apt-get install nodejs npm)";
        }
        if (!Files.isExecutable(CHROMIUM)) {
            return CHROMIUM + " is missing (apt-get install chromium)";
        }
        return null;
    }

    static synchronized Path prepare() {
        if (ready) {
            return WORKSPACE;
        }
        try {
            Files.createDirectories(WORKSPACE.resolve("www"));
            Path stamp = WORKSPACE.resolve("node_modules/.installed-lock.json");
            boolean lockChanged = !Files.exists(stamp)
                    || Files.mismatch(stamp, SOURCES.resolve("package-lock.json")) != -1;
            for (String file : FILES) {
                Files.copy(SOURCES.resolve(file), WORKSPACE.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            if (lockChanged) {
                run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
                Files.copy(SOURCES.resolve("package-lock.json"), stamp, StandardCopyOption.REPLACE_EXISTING);
            }
            run(WORKSPACE.resolve("node_modules/.bin/esbuild").toString(), "page-entry.js", "--bundle",
                    "--platform=browser", "--format=iife", "--target=chrome110", "--log-level=warning",
                    "--outfile=www/sdk-bundle.js");
            ready = true;
            return WORKSPACE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(WORKSPACE.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed in " + WORKSPACE + ":\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
