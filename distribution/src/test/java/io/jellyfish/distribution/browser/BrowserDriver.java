package io.jellyfish.distribution.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jellyfish.distribution.harness.Http;
import io.jellyfish.distribution.harness.Janitor;
import io.jellyfish.distribution.harness.Poll;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Headless Chromium with the real browser SDK, driven through {@code driver.mjs}: pages are opened
 * by name, SDK calls are made in them, and every SDK event a page sees is recorded as a
 * {@link Report} that tests wait for with a deadline.
 */
final class BrowserDriver implements AutoCloseable {
    static final Duration EVENT_DEADLINE = Duration.ofSeconds(20);

    /** One line the driver wrote: an SDK event of a page, or a driver event (page null). */
    record Report(String page, String event, JsonNode data, long at) {
        @Override
        public String toString() {
            return at + " ms " + (page == null ? "" : page + ": ") + event + (data == null || data.isNull() ? "" : " " + data);
        }
    }

    private final Process process;
    private final OutputStream commands;
    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final java.util.concurrent.atomic.AtomicInteger statsRequests = new java.util.concurrent.atomic.AtomicInteger();

    BrowserDriver() {
        Path workspace = E2eWorkspace.prepare();
        try {
            ProcessBuilder builder = new ProcessBuilder("node", "driver.mjs", "www").directory(workspace.toFile());
            builder.environment().put("CHROMIUM", E2eWorkspace.CHROMIUM.toString());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Janitor.track(process);
        commands = process.getOutputStream();
        Thread.ofVirtual().name("browser-driver-stdout").start(() -> readReports(process));
        Thread.ofVirtual().name("browser-driver-stderr").start(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the driver exited
            }
        });
        await(null, "ready", r -> true);
    }

    private void readReports(Process driver) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                JsonNode json = Http.parse(line);
                String page = json.path("page").isTextual() ? json.path("page").asText() : null;
                reports.add(new Report(page, json.path("event").asText(), json.path("data"), json.path("at").asLong()));
            }
        } catch (IOException ignored) {
            // the driver exited; close() or a failing await says why
        }
    }

    /** Opens a page that has loaded the SDK bundle. */
    void open(String page) {
        send(Http.JSON.createObjectNode().put("cmd", "open").put("page", page));
        await(page, "opened", r -> true);
    }

    /** Calls {@code window.jf[fn](arg)} in {@code page}: see page-entry.js. */
    void call(String page, String fn, JsonNode arg) {
        ObjectNode command = Http.JSON.createObjectNode().put("cmd", "call").put("page", page).put("fn", fn);
        command.set("arg", arg);
        send(command);
    }

    /** Connects the SDK in {@code page} to the server at {@code host} ("ip:port"). */
    void connect(String page, String host, String token, JsonNode metadata) {
        ObjectNode arg = Http.JSON.createObjectNode().put("token", token).put("host", host);
        arg.set("metadata", metadata);
        call(page, "connect", arg);
    }

    /** The page's current WebRTC statistics: {inbound: [...], outbound: [...], pair: {...}} (page-entry.js). */
    JsonNode stats(String page) {
        int tag = statsRequests.incrementAndGet();
        call(page, "stats", Http.JSON.createObjectNode().put("tag", tag));
        return await(page, "stats", r -> r.data().path("tag").asInt() == tag).data();
    }

    /** Waits for the first report of {@code event} on {@code page} that {@code matches}. */
    Report await(String page, String event, Predicate<Report> matches) {
        return Poll.until(EVENT_DEADLINE, (page == null ? "driver" : page) + " to report " + event, () -> {
            failOnDriverErrors();
            return first(page, event, matches);
        }, this::transcript, this::diagnostics);
    }

    Optional<Report> first(String page, String event, Predicate<Report> matches) {
        return reports.stream()
                .filter(r -> java.util.Objects.equals(page, r.page()) && r.event().equals(event) && matches.test(r))
                .findFirst();
    }

    List<Report> reports(String page) {
        return reports.stream().filter(r -> java.util.Objects.equals(page, r.page())).toList();
    }

    private void failOnDriverErrors() {
        Optional<Report> failure = reports.stream()
                .filter(r -> r.event().equals("commandFailed") || r.event().equals("pageError") || r.event().equals("callFailed"))
                .findFirst();
        if (failure.isPresent()) {
            fail("the browser reported " + failure.get() + "\n" + transcript() + diagnostics());
        }
        if (!process.isAlive()) {
            fail("the browser driver exited with status " + process.exitValue() + "\n" + diagnostics());
        }
    }

    String transcript() {
        return reports.stream().map(Report::toString).collect(Collectors.joining("\n  ", "browser reports:\n  ", "\n"));
    }

    private String diagnostics() {
        synchronized (stderr) {
            return stderr.isEmpty() ? "" : "driver stderr:\n" + stderr;
        }
    }

    private void send(JsonNode command) {
        try {
            commands.write((command.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        } catch (IOException e) {
            fail("the browser driver is gone: " + e.getMessage() + "\n" + diagnostics());
        }
    }

    /** Disconnects every SDK client, closes Chromium and waits for the driver to exit. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                send(Http.JSON.createObjectNode().put("cmd", "quit"));
                process.waitFor(20, TimeUnit.SECONDS);
            }
        } finally {
            Janitor.kill(process);
        }
    }
}
