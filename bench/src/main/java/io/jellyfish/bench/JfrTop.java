package io.jellyfish.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Summarises the execution samples of a JFR recording: the hottest methods by self samples (top
 * frame) and by total samples (anywhere on the stack), and the busiest threads. Also a command:
 * {@code java -cp jellyfish-bench-0.5.0.jar io.jellyfish.bench.JfrTop FILE.jfr [N]}.
 */
public final class JfrTop {

    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrTop FILE.jfr [N]");
            System.exit(2);
        }
        print(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 30, System.out);
    }

    public static void print(Path recording, int top, PrintStream out) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                if (!type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                String thread = event.getThread("sampledThread") == null ? "?"
                        : event.getThread("sampledThread").getJavaName();
                threads.merge(threadGroupName(thread), 1, Integer::sum);
                RecordedFrame first = stack.getFrames().get(0);
                String topName = name(first);
                self.merge(topName, 1, Integer::sum);
                packages.merge(packageOf(first), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : stack.getFrames()) {
                    String n = name(frame);
                    if (seen.add(n)) {
                        total.merge(n, 1, Integer::sum);
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "    %d execution samples in %s%n", samples, recording.getFileName());
        if (samples == 0) {
            return;
        }
        printTop(out, "threads (samples)", threads, samples, 10);
        printTop(out, "self time by package of the top frame", packages, samples, 15);
        printTop(out, "self time (top frame)", self, samples, top);
        printTop(out, "total time (on the stack)", total, samples, top);
    }

    private static void printTop(PrintStream out, String title, Map<String, Integer> counts, int samples, int top) {
        out.println("    -- " + title);
        counts.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                .limit(top)
                .forEach(e -> out.printf(Locale.ROOT, "    %6d %5.1f%%  %s%n", e.getValue(),
                        100.0 * e.getValue() / samples, e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        if (method == null) {
            return "?";
        }
        return method.getType().getName() + "." + method.getName();
    }

    private static String packageOf(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        if (method == null) {
            return "?";
        }
        String type = method.getType().getName();
        String[] parts = type.split("\\.");
        int keep = Math.min(parts.length - 1, type.startsWith("java.") || type.startsWith("jdk.")
                || type.startsWith("sun.") ? 2 : 3);
        return keep <= 0 ? type : String.join(".", java.util.Arrays.copyOf(parts, keep));
    }

    /** Pool threads differ only by a number: fold them. */
    private static String threadGroupName(String thread) {
        return thread.replaceAll("\\d+", "N");
    }
}
