package io.jellyfish.distribution.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short commands (ip, kill, tar, tshark -r) run to completion. */
public final class Shell {
    /** Exit status and combined output. */
    public record Result(int status, String output) {
        public boolean ok() {
            return status == 0;
        }
    }

    private Shell() {
    }

    public static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Janitor.track(process);
            try {
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    Janitor.kill(process);
                    return new Result(-1, output + "\n(timed out)");
                }
                return new Result(process.exitValue(), output);
            } finally {
                Janitor.untrack(process);
            }
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }

    public static Result run(String... command) {
        return run(List.of(command));
    }

    /** Runs the command and throws when it fails. */
    public static String must(String... command) {
        Result result = run(command);
        if (!result.ok()) {
            throw new IllegalStateException(String.join(" ", command) + " failed with status " + result.status()
                    + ": " + result.output().strip());
        }
        return result.output();
    }

    /** Whether {@code program} can be found on the PATH (or is an executable path). */
    public static boolean available(String program) {
        return run("sh", "-c", "command -v " + program).ok();
    }

    public static boolean isRoot() {
        return run("id", "-u").output().strip().equals("0");
    }
}
