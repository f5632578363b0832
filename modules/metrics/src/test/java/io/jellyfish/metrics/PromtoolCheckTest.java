package io.jellyfish.metrics;

import io.jellyfish.api.event.RoomEvent;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code promtool check metrics} (Debian package {@code prometheus}) on a real scrape in
 * which every metric has been observed: it must parse, and the only lint findings allowed are
 * those caused by names that are not ours to change.
 */
class PromtoolCheckTest {

    /** Lint findings caused by the metric names metrics.md mandates (kept for existing dashboards). */
    private static final Set<String> SPEC_NAME_FINDINGS = Set.of(
            "jellyfish_traffic_ingress_webrtc_total_bytes counter metrics should have \"_total\" suffix",
            "jellyfish_traffic_egress_webrtc_total_bytes counter metrics should have \"_total\" suffix",
            "jellyfish_traffic_ingress_http_total_bytes counter metrics should have \"_total\" suffix",
            "jellyfish_traffic_egress_http_total_bytes counter metrics should have \"_total\" suffix",
            "jellyfish_room_peer_time_total_seconds counter metrics should have \"_total\" suffix",
            "jellyfish_room_duration_seconds counter metrics should have \"_total\" suffix",
            "vm_total_run_queue_lengths_total non-counter metrics should not have \"_total\" suffix");

    /**
     * Lint findings caused by the standard names of Micrometer's JVM binders, kept so stock JVM
     * dashboards work. Whether they appear depends on the JVM (the process CPU time needs the
     * com.sun.management MXBean), so they are allowed, not required.
     */
    private static final Set<String> MICROMETER_NAME_FINDINGS = Set.of(
            "process_cpu_time_ns_total metric names should not contain abbreviated units",
            "system_cpu_count non-histogram and non-summary metrics should not have \"_count\" suffix");

    /** promtool's exit status when the input parsed but has lint findings. */
    private static final int LINT_FINDINGS_EXIT_STATUS = 3;

    @Test
    void theScrapeParsesAndHasOnlyTheKnownLintFindings() throws Exception {
        Optional<Path> promtool = findPromtool();
        assumeTrue(promtool.isPresent(),
                "promtool is not installed (apt-get install prometheus); skipping the exposition format check");

        List<String> output = promtoolCheckMetrics(promtool.get(), fullyObservedScrape());

        List<String> parseErrors = output.stream().filter(line -> line.startsWith("error")).toList();
        assertEquals(List.of(), parseErrors, "promtool could not parse the scrape");
        Set<String> findings = new HashSet<>(output);
        Set<String> unexpected = new HashSet<>(findings);
        unexpected.removeAll(SPEC_NAME_FINDINGS);
        unexpected.removeAll(MICROMETER_NAME_FINDINGS);
        assertEquals(Set.of(), unexpected, "lint findings beyond the known ones");
        assertTrue(findings.containsAll(SPEC_NAME_FINDINGS), "promtool did not lint every spec metric: " + findings);
    }

    /** A scrape with every catalogue metric observed, including a label value that needs escaping. */
    private static String fullyObservedScrape() throws IOException, InterruptedException {
        FakeRoomService roomService = new FakeRoomService();
        ManualTickScheduler scheduler = new ManualTickScheduler();
        try (PrometheusServerMetrics metrics = new PrometheusServerMetrics("127.0.0.1", 0, Duration.ofSeconds(10),
                roomService, scheduler, JellyfishMetrics.DEFAULT_RETAINED_ENDED_ROOMS, null);
             HttpClient http = HttpClient.newHttpClient()) {
            for (String roomId : List.of("room-1", "quote\"back\\slash\nnewline")) {
                roomService.addRoom(roomId);
                roomService.addPeer(roomId, "peer-1");
                roomService.emit(new RoomEvent.PeerConnected(roomId, "peer-1"));
                roomService.emit(new RoomEvent.PeerDisconnected(roomId, "peer-1"));
                roomService.emit(new RoomEvent.PeerCrashed(roomId, "peer-1", "crashed"));
            }
            scheduler.fire();
            roomService.deleteRoom("room-1");
            metrics.httpRequest(100, 200);
            metrics.registerRunQueue("cpu", () -> 1);
            metrics.registerRunQueue("io", () -> 2);

            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metrics.endpoint())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            return response.body();
        }
    }

    /** The lines promtool printed (findings and errors go to stderr, merged here). */
    private static List<String> promtoolCheckMetrics(Path promtool, String scrape)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        int status = process.exitValue();
        assertTrue(status == 0 || status == LINT_FINDINGS_EXIT_STATUS,
                "promtool exit status " + status + ":\n" + output + "\nscrape:\n" + scrape);
        return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static Optional<Path> findPromtool() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
