package io.jellyfish.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jellyfish.bench.BenchSupport.BenchFailure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

import static io.jellyfish.bench.BenchSupport.fmt;
import static io.jellyfish.bench.BenchSupport.verdict;

/**
 * Issue #5, the forwarding benchmark: N synthetic publishers and M synthetic subscribers in one
 * room of the real tarball, through the real TURN / ICE-lite / DTLS / SRTP path
 * ({@link SyntheticPeer}); every subscriber receives all N streams, so the server forwards N x M
 * streams. A ramp of offered rates finds the highest forwarded rate the server sustains with at
 * most 1% loss (its capacity on this machine), with the server's CPU (from {@code /proc}), the
 * packets per second per core, and the one-way latency publisher to subscriber. In the same run,
 * a plain UDP relay ({@link PlainUdpRelay}, its own JVM) with the same N x M shape goes through the
 * same ramp with the same driver: the machine's limit for moving these datagrams at all.
 *
 * <p>Prints progress, then metric | measured | target | PASS/MISS. Exit status: 0 all targets met,
 * 1 one missed, 2 the benchmark could not run. See bench/README.md for what exactly is measured.
 */
public final class ForwardingBench {

    private static final String TOKEN = "bench-token";
    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper();

    // targets (issue #5)
    private static final double PER_CORE_TARGET = 60_000;
    private static final double BASELINE_RATIO_TARGET = 0.5;
    private static final double P99_TARGET_MS = 1.0;
    private static final double MAX_LOSS = 0.01;

    private final int publishers = Integer.getInteger("bench.publishers", 10);
    private final int subscribers = Integer.getInteger("bench.subscribers", 10);
    private final int payloadBytes = Integer.getInteger("bench.payload", 1100);
    private final int receiverThreads = Integer.getInteger("bench.receiverThreads", 1);
    private final int verifyEvery = Integer.getInteger("bench.verifyEvery", 16);
    private final int refine = Integer.getInteger("bench.refine", 2);
    private final Duration warmup = RestBench.duration("bench.warmup", "8s");
    private final Duration settle = RestBench.duration("bench.settle", "1s");
    private final Duration measure = RestBench.duration("bench.duration", "3s");
    private final double[] steps = parseSteps(System.getProperty("bench.steps",
            "10k,20k,40k,60k,80k,100k,120k,150k,180k,220k,260k,300k,350k,400k"));
    private final String profile = System.getProperty("bench.profile", "onMiss");
    private final boolean baseline = Boolean.parseBoolean(System.getProperty("bench.baseline", "true"));
    private final Path jdkHome = Path.of(System.getProperty("java.home"));

    private final BenchSupport.Table rows = new BenchSupport.Table(null);
    private final List<String> notes = new ArrayList<>();
    private final List<SyntheticPeer> peers = new ArrayList<>();
    private Path tmp;
    private ServerProcess server;
    private long serverPid = -1;
    private int port;
    private Process relay;
    private long relayPid = -1;
    private MediaLoad sfuLoad;
    private MediaLoad relayLoad;
    private final List<DatagramChannel> relayChannels = new ArrayList<>();
    private boolean keepTmp;

    /** One measured step of a ramp. */
    record Step(double target, double perStream, long sent, long expected, long received, double seconds,
                double forwarderCores, double driverCores, double othersCores, Histogram latency, long beyond,
                long corrupt, Map<String, Long> threadTicks) {
        double loss() {
            return expected == 0 ? 1 : Math.max(0, 1 - received / (double) expected);
        }

        double delivered() {
            return received / seconds;
        }

        double perCore() {
            return forwarderCores <= 0 ? 0 : delivered() / forwarderCores;
        }

        double offeredPublisherRate() {
            return sent / seconds;
        }

        boolean kept(int subscribers) {
            // the driver sent what the step asked for (within 3%), so loss is the forwarder's
            return sent / seconds >= 0.97 * target / subscribers;
        }

        boolean pass(int subscribers) {
            return loss() <= MAX_LOSS && kept(subscribers) && corrupt == 0;
        }

        double p(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
        }
    }

    record Ramp(String name, List<Step> steps, Step capacity) {
    }

    public static void main(String[] args) {
        ForwardingBench bench = new ForwardingBench();
        int status;
        try {
            status = bench.run(args);
        } catch (BenchFailure e) {
            System.err.println();
            System.err.println("BENCHMARK FAILED: " + e.getMessage());
            bench.printLogTail();
            status = 2;
        } catch (Exception e) {
            System.err.println();
            System.err.println("BENCHMARK FAILED: " + e);
            e.printStackTrace();
            bench.printLogTail();
            status = 2;
        } finally {
            bench.stopAll();
            bench.cleanUp(false);
        }
        System.exit(status);
    }

    private int run(String[] args) throws Exception {
        long started = System.nanoTime();
        Path tarball = BenchSupport.findTarball(args);
        Duration maxTime = RestBench.duration("bench.maxTime", "6m");
        BenchSupport.startWatchdog(maxTime, this::stopAll);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "bench-stop"));
        OUT.printf(Locale.ROOT, "Forwarding benchmark: %d publishers x %d subscribers in one room (%d forwarded"
                        + " streams), %d-byte RTP payloads, steps of %.1f s settle + %.1f s measured%n",
                publishers, subscribers, publishers * subscribers, payloadBytes, settle.toMillis() / 1e3,
                measure.toMillis() / 1e3);

        Duration quietWait = RestBench.duration("bench.quietWait", "0s");
        waitForQuiet(quietWait);

        step("unpacking " + tarball);
        tmp = Files.createTempDirectory("jellyfish-fwdbench-");
        Path home = BenchSupport.unpack(tarball, tmp);
        startServer(home);
        setUpPeers();

        // ---- SFU
        step("SFU: start the load and wait for every subscriber to get every stream");
        sfuLoad.start();
        sfuLoad.setRatePerStream(50);
        waitForAllStreams(sfuLoad, Duration.ofSeconds(20));
        double warmRate = 40_000.0 / (publishers * subscribers);
        step(fmt("SFU: warm-up %.0f s at %,.0f forwarded packets/s", warmup.toMillis() / 1e3, warmRate * publishers * subscribers));
        sfuLoad.setRatePerStream(warmRate);
        Thread.sleep(warmup.toMillis());
        checkServer();
        Ramp sfu = ramp("SFU", sfuLoad, this::serverCpuNanos, () -> serverPid);
        sfuLoad.setRatePerStream(0);
        long corruptSfu = sfuLoad.corrupt();
        long verifiedSfu = sfuLoad.verified();

        // ---- baseline
        Ramp plain = null;
        if (baseline) {
            startRelay();
            relayLoad.start();
            relayLoad.setRatePerStream(50);
            waitForAllStreams(relayLoad, Duration.ofSeconds(10));
            step("baseline: warm-up 3 s");
            relayLoad.setRatePerStream(warmRate);
            Thread.sleep(3000);
            plain = ramp("relay", relayLoad, this::relayCpuNanos, () -> relayPid);
            relayLoad.setRatePerStream(0);
            stopRelay();
        }

        // ---- the table
        Step cap = sfu.capacity();
        Step latencyStep = latencyStep(sfu);
        boolean perCoreOk = cap != null && cap.perCore() >= PER_CORE_TARGET;
        boolean latencyOk = latencyStep != null && latencyStep.p(99) < P99_TARGET_MS;
        Double ratio = plain == null || plain.capacity() == null || cap == null ? null
                : cap.delivered() / plain.capacity().delivered();
        boolean ratioOk = ratio != null && ratio >= BASELINE_RATIO_TARGET;

        String shape = publishers + " x " + subscribers;
        if (cap == null) {
            rows.add("SFU forwarded packets/s (" + shape + ", loss <= 1%)", "none: the first step failed", "-", "MISS");
        } else {
            rows.add("SFU forwarded packets/s at capacity (" + shape + ", loss <= 1%)",
                    fmt("%,.0f pkt/s (loss %.2f%%)", cap.delivered(), 100 * cap.loss()), "-", "info");
            rows.add("SFU server CPU at capacity", fmt("%.2f cores", cap.forwarderCores()), "-", "info");
            rows.add("SFU forwarded packets/s per server core", fmt("%,.0f pkt/s/core", cap.perCore()),
                    fmt(">= %,.0f", PER_CORE_TARGET), verdict(perCoreOk));
        }
        if (latencyStep != null) {
            rows.add(fmt("SFU p99 latency publisher->subscriber at %,.0f pkt/s", latencyStep.delivered()),
                    fmt("%.3f ms", latencyStep.p(99)), fmt("< %.0f ms", P99_TARGET_MS), verdict(latencyOk));
            rows.add("  same step: p50 / p99.9 / max (other processes' CPU)", fmt("%.3f / %.3f / %.3f ms (%.2f cores)",
                    latencyStep.p(50), latencyStep.p(99.9), latencyStep.latency().getMaxValue() / 1e6,
                    latencyStep.othersCores()), "-", "info");
            if (latencyStep.othersCores() > 0.2) {
                notes.add(fmt("other processes used %.2f cores during the latency step: on 2 cores its p99 is"
                        + " mostly theirs; re-run on a quiet machine (bench.quietWait=10m)", latencyStep.othersCores()));
            }
            Step twin = plain == null ? null : sameTarget(plain, latencyStep.target());
            if (twin != null) {
                rows.add(fmt("  relay at the same rate: p50 / p99 (SFU p99 minus relay p99)"),
                        fmt("%.3f / %.3f ms (%+.3f ms)", twin.p(50), twin.p(99), latencyStep.p(99) - twin.p(99)),
                        "-", "info");
            }
        } else {
            rows.add("SFU p99 latency publisher->subscriber", "no passing step", fmt("< %.0f ms", P99_TARGET_MS), "MISS");
        }
        if (cap != null) {
            rows.add("  at capacity: p50 / p99 latency", fmt("%.3f / %.3f ms", cap.p(50), cap.p(99)), "-", "info");
            rows.add("  at capacity: driver / other processes CPU", fmt("%.2f / %.2f cores", cap.driverCores(),
                    cap.othersCores()), "-", "info");
        }
        if (plain != null) {
            Step pc = plain.capacity();
            if (pc == null) {
                rows.add("plain UDP relay baseline (" + shape + ")", "none: the first step failed", "-", "MISS");
            } else {
                rows.add("plain UDP relay baseline at capacity (" + shape + ")",
                        fmt("%,.0f pkt/s on %.2f cores (%,.0f pkt/s/core)", pc.delivered(), pc.forwarderCores(),
                                pc.perCore()), "-", "info");
                rows.add("  relay at capacity: driver / other processes CPU", fmt("%.2f / %.2f cores",
                        pc.driverCores(), pc.othersCores()), "-", "info");
            }
            rows.add("SFU capacity / relay capacity", ratio == null ? "n/a" : fmt("%.0f%%", 100 * ratio),
                    fmt(">= %.0f%%", 100 * BASELINE_RATIO_TARGET), verdict(ratioOk));
        } else {
            notes.add("the plain relay baseline was skipped (bench.baseline=false): no ratio");
        }
        rows.add(fmt("SFU payloads checked (SRTP-decrypted, 1 in %d)", verifyEvery),
                fmt("%,d ok, %,d corrupt", verifiedSfu, corruptSfu), "0 corrupt", verdict(corruptSfu == 0 && verifiedSfu > 0));

        boolean always = "true".equalsIgnoreCase(profile);
        boolean onMiss = always || "onMiss".equalsIgnoreCase(profile);
        if (cap != null && (always || onMiss && (!perCoreOk || !ratioOk))) {
            profileSfu(cap, "capacity");
        }
        if (latencyStep != null && (always || onMiss && !latencyOk)) {
            profileSfu(latencyStep, "the latency step");
        }
        stopAll();
        printTable();
        OUT.printf(Locale.ROOT, "(%.0f s in all)%n", (System.nanoTime() - started) / 1e9);
        cleanUp(true);
        return rows.anyMiss() ? 1 : 0;
    }

    /** Prints how busy other processes keep the machine; waits up to {@code max} for a quiet 2 s. */
    private void waitForQuiet(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            double others = BenchSupport.othersNow(Duration.ofSeconds(2), () -> 0);
            OUT.printf(Locale.ROOT, "    other processes use %.2f of %d cores%n", others,
                    Runtime.getRuntime().availableProcessors());
            if (others < 0.2 || System.nanoTime() > deadline) {
                if (others >= 0.2) {
                    notes.add(fmt("other processes used %.2f cores before the start%s: every figure understates"
                            + " this machine (bench.quietWait=10m waits for a quiet machine)", others,
                            max.isZero() ? "" : " (still after bench.quietWait)"));
                }
                return;
            }
            Thread.sleep(1000);
        }
    }

    // ------------------------------------------------------------------ ramp

    private Ramp ramp(String name, MediaLoad load, LongSupplier forwarderCpu, LongSupplier forwarderPid)
            throws Exception {
        step(name + ": ramp (each step: " + settle.toMillis() + " ms settle, " + measure.toMillis() + " ms measured)");
        OUT.println("      target pkt/s | delivered pkt/s |  loss  | fwd cores | pkt/s/core | driver | others |"
                + " p50 ms | p99 ms | p99.9 ms");
        List<Step> done = new ArrayList<>();
        Step lastPass = null;
        Step firstFail = null;
        for (double target : steps) {
            Step s = runStep(name, load, target, forwarderCpu, forwarderPid);
            if (!s.pass(subscribers) && s.othersCores() > 0.3) {
                // Another process took the CPU during this step: once more before calling it the limit.
                OUT.println("      (other processes were busy: the step once more)");
                s = runStep(name, load, target, forwarderCpu, forwarderPid);
            }
            done.add(s);
            if (s.pass(subscribers)) {
                lastPass = s;
            } else {
                firstFail = s;
                break;
            }
        }
        for (int i = 0; i < refine && lastPass != null && firstFail != null
                && firstFail.target() / lastPass.target() > 1.08; i++) {
            double mid = Math.round((lastPass.target() + firstFail.target()) / 2 / 1000) * 1000.0;
            Step s = runStep(name, load, mid, forwarderCpu, forwarderPid);
            done.add(s);
            if (s.pass(subscribers)) {
                lastPass = s;
            } else {
                firstFail = s;
            }
        }
        if (firstFail == null) {
            notes.add(name + ": every step passed; raise bench.steps to find its limit");
        } else if (!firstFail.kept(subscribers)) {
            notes.add(fmt("%s: at %,.0f pkt/s the driver could not send the offered rate (%,.0f of %,.0f publisher"
                            + " pkt/s): the limit found may be the driver's or the machine's, not the forwarder's",
                    name, firstFail.target(), firstFail.offeredPublisherRate(), firstFail.target() / subscribers));
        }
        Step capacity = done.stream().filter(s -> s.pass(subscribers))
                .max(Comparator.comparingDouble(Step::delivered)).orElse(null);
        if (capacity != null && !capacity.threadTicks().isEmpty()) {
            printThreads(name, capacity);
        }
        if (capacity != null && capacity.othersCores() > 0.2) {
            notes.add(fmt("%s: other processes used %.2f cores at capacity: the figures understate this machine",
                    name, capacity.othersCores()));
        }
        return new Ramp(name, done, capacity);
    }

    private Step runStep(String name, MediaLoad load, double target, LongSupplier forwarderCpu,
                         LongSupplier forwarderPid) throws Exception {
        double perStream = target / (publishers * subscribers);
        load.setRatePerStream(perStream);
        Thread.sleep(settle.toMillis());
        load.checkHealthy();
        long corrupt0 = load.corrupt();
        long pid = forwarderPid.getAsLong();
        Map<String, Long> threads0 = BenchSupport.threadTicks(pid);
        long fwd0 = forwarderCpu.getAsLong();
        long own0 = BenchSupport.ownCpuNanos();
        long machine0 = RestBench.machineBusyTicks();
        MediaLoad.Window w = load.openWindow(measure.toNanos());
        Thread.sleep(measure.toMillis());
        long fwd1 = forwarderCpu.getAsLong();
        long own1 = BenchSupport.ownCpuNanos();
        long machine1 = RestBench.machineBusyTicks();
        long t1 = System.nanoTime();
        Map<String, Long> threads1 = BenchSupport.threadTicks(pid);
        Thread.sleep(150); // the last packets of the window in flight
        load.closeWindow(w);
        double cpuSeconds = (t1 - w.start) / 1e9;
        double seconds = (w.end - w.start) / 1e9;
        double fwdCores = (fwd1 - fwd0) / 1e9 / cpuSeconds;
        double ownCores = (own1 - own0) / 1e9 / cpuSeconds;
        double machineCores = (machine1 - machine0) / (double) BenchSupport.CLOCK_TICKS / cpuSeconds;
        double others = Math.max(0, machineCores - fwdCores - ownCores);
        Map<String, Long> threadDelta = new HashMap<>();
        threads1.forEach((k, v) -> threadDelta.put(k, v - threads0.getOrDefault(k, 0L)));
        Histogram latency = w.latency();
        long beyond = Arrays.stream(w.beyondLatency).sum();
        Step s = new Step(target, perStream, w.sent, w.sent * subscribers, w.received(), seconds, fwdCores, ownCores,
                others, latency, beyond, load.corrupt() - corrupt0, threadDelta);
        OUT.printf(Locale.ROOT, "    %12s | %15s | %5.2f%% | %9.2f | %10s | %6.2f | %6.2f | %6.3f | %6.3f | %8.3f%s%n",
                fmt("%,.0f", target), fmt("%,.0f", s.delivered()), 100 * s.loss(), fwdCores,
                fmt("%,.0f", s.perCore()), ownCores, others, s.p(50), s.p(99), s.p(99.9),
                (s.pass(subscribers) ? "" : "  <- " + failReason(s)));
        if (name.equals("SFU")) {
            checkServer();
        }
        return s;
    }

    private String failReason(Step s) {
        List<String> why = new ArrayList<>();
        if (s.loss() > MAX_LOSS) {
            why.add("loss");
        }
        if (!s.kept(subscribers)) {
            why.add(fmt("driver sent %,.0f of %,.0f pkt/s", s.offeredPublisherRate(), s.target() / subscribers));
        }
        if (s.corrupt() > 0) {
            why.add(s.corrupt() + " corrupt");
        }
        return String.join(", ", why);
    }

    /** The passing step with the highest rate at most half the capacity (else the lowest passing one). */
    private static Step latencyStep(Ramp ramp) {
        Step cap = ramp.capacity();
        if (cap == null) {
            return null;
        }
        Step best = null;
        Step lowest = null;
        for (Step s : ramp.steps()) {
            if (s.latency().getTotalCount() == 0 || s.loss() > MAX_LOSS) {
                continue;
            }
            if (lowest == null || s.target() < lowest.target()) {
                lowest = s;
            }
            if (s.delivered() <= 0.5 * cap.delivered() && (best == null || s.target() > best.target())) {
                best = s;
            }
        }
        return best != null ? best : lowest;
    }

    private static Step sameTarget(Ramp ramp, double target) {
        return ramp.steps().stream().filter(s -> s.target() == target).findFirst().orElse(null);
    }

    private void printThreads(String name, Step s) {
        double seconds = s.seconds();
        List<Map.Entry<String, Long>> busiest = s.threadTicks().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8).toList();
        StringBuilder line = new StringBuilder("    " + name + " threads at capacity (cores):");
        for (Map.Entry<String, Long> e : busiest) {
            line.append(fmt(" %s %.2f,", e.getKey(), e.getValue() / (double) BenchSupport.CLOCK_TICKS / seconds));
        }
        OUT.println(line.substring(0, line.length() - 1));
    }

    private void waitForAllStreams(MediaLoad load, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            load.checkHealthy();
            long[][] counts = load.packetsByReceiverAndStream();
            int missing = 0;
            for (long[] row : counts) {
                for (long c : row) {
                    if (c == 0) {
                        missing++;
                    }
                }
            }
            if (missing == 0) {
                OUT.printf(Locale.ROOT, "    all %d x %d streams flow%s%n", publishers, subscribers,
                        load == sfuLoad ? " (keyframe requests from the server: " + load.keyframeRequests() + ")" : "");
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new BenchFailure(missing + " of " + publishers * subscribers
                        + " (subscriber, stream) pairs received nothing within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    // ------------------------------------------------------------------ SFU set-up

    private void startServer(Path home) throws Exception {
        port = BenchSupport.freePort();
        int metricsPort = BenchSupport.freePort();
        step("starting bin/jellyfish on 127.0.0.1:" + port);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JF_IP", "127.0.0.1");
        env.put("JF_PORT", Integer.toString(port));
        env.put("JF_METRICS_IP", "127.0.0.1");
        env.put("JF_METRICS_PORT", Integer.toString(metricsPort));
        env.put("JF_SERVER_API_TOKEN", TOKEN);
        env.put("JF_WEBRTC_TURN_IP", "127.0.0.1");
        env.put("JF_WEBRTC_TURN_LISTEN_IP", "127.0.0.1");
        env.put("JF_RESOURCES_BASE_PATH", tmp.resolve("work/jellyfish_resources").toString());
        server = new ServerProcess("server", home, tmp.resolve("work"), tmp.resolve("server.log"), env,
                System.getProperty("bench.serverJavaHome", jdkHome.toString()),
                System.getProperty("bench.serverJavaOpts"));
        long t0 = server.start();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
        try (SimpleHttp probe = new SimpleHttp("127.0.0.1", port, TOKEN, 1000)) {
            while (true) {
                try {
                    if (probe.get("/health").status() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not yet
                }
                checkServer();
                if (System.nanoTime() > deadline) {
                    throw new BenchFailure("no 200 on /health within 30 s");
                }
                Thread.sleep(20);
            }
        }
        serverPid = server.pid();
        OUT.printf(Locale.ROOT, "    up after %.2f s, server JVM pid %d%n", (System.nanoTime() - t0) / 1e9, serverPid);
    }

    private void setUpPeers() throws Exception {
        step("REST: one room, " + publishers + " publishers and " + subscribers + " subscribers (webrtc, no simulcast)");
        String roomId;
        List<String> tokens = new ArrayList<>();
        try (SimpleHttp http = new SimpleHttp("127.0.0.1", port, TOKEN, 10_000)) {
            SimpleHttp.Response room = http.post("/room", "{}");
            if (room.status() != 201) {
                throw new BenchFailure("POST /room answered " + room.status() + ": " + room.body());
            }
            roomId = JSON.readTree(room.body()).path("data").path("room").path("id").asText();
            for (int i = 0; i < publishers + subscribers; i++) {
                SimpleHttp.Response peer = http.post("/room/" + roomId + "/peer",
                        "{\"type\":\"webrtc\",\"options\":{\"enableSimulcast\":false}}");
                if (peer.status() != 201) {
                    throw new BenchFailure("POST /room/" + roomId + "/peer answered " + peer.status() + ": "
                            + peer.body());
                }
                tokens.add(JSON.readTree(peer.body()).path("data").path("token").asText());
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        List<SyntheticPeer> pubs = new ArrayList<>();
        List<SyntheticPeer> subs = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            pubs.add(new SyntheticPeer("pub" + i, SyntheticPeer.Role.PUBLISHER, tokens.get(i)));
        }
        for (int j = 0; j < subscribers; j++) {
            subs.add(new SyntheticPeer("sub" + j, SyntheticPeer.Role.SUBSCRIBER, tokens.get(publishers + j)));
        }
        peers.addAll(pubs);
        peers.addAll(subs);
        long t0 = System.nanoTime();
        step("publishers: WebSocket, connect, renegotiateTracks, offer/answer, TURN, ICE, DTLS");
        setUpAll(http, pubs);
        OUT.printf(Locale.ROOT, "    %d publishers up after %.1f s%n", publishers, (System.nanoTime() - t0) / 1e9);
        step("subscribers: WebSocket, connect, offerData, offer/answer, TURN, ICE, DTLS");
        setUpAll(http, subs);
        for (SyntheticPeer s : subs) {
            while (s.renegotiateIfAsked(Duration.ofMillis(100))) {
                OUT.println("    " + s.name + " renegotiated (tracks published meanwhile)");
            }
        }
        OUT.printf(Locale.ROOT, "    %d subscribers up after %.1f s%n", subscribers, (System.nanoTime() - t0) / 1e9);

        Map<String, Integer> streamOfTrack = new HashMap<>();
        List<MediaLoad.Stream> streams = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            SyntheticPeer p = pubs.get(i);
            streamOfTrack.put(p.trackId, i);
            streams.add(new MediaLoad.Stream(i, p.ssrc, p.channel(), p.newSrtpSession(), p.newSrtpSession()));
        }
        List<MediaLoad.Receiver> receivers = new ArrayList<>();
        for (SyntheticPeer s : subs) {
            long[] ssrcs = new long[s.ssrcToTrackId.size()];
            int[] index = new int[ssrcs.length];
            int k = 0;
            for (Map.Entry<Long, String> e : s.ssrcToTrackId.entrySet()) {
                Integer stream = streamOfTrack.get(e.getValue());
                if (stream == null) {
                    throw new BenchFailure(s.name + " was offered track " + e.getValue() + ", which no publisher sent");
                }
                ssrcs[k] = e.getKey();
                index[k++] = stream;
            }
            if (ssrcs.length != publishers) {
                throw new BenchFailure(s.name + " negotiated " + ssrcs.length + " tracks, not " + publishers);
            }
            receivers.add(new MediaLoad.Receiver(s.name, s.channel(), s.newSrtpSession(), ssrcs, index, publishers));
        }
        sfuLoad = new MediaLoad("sfu", streams, receivers, receiverThreads, payloadBytes, verifyEvery);
    }

    private void setUpAll(HttpClient http, List<SyntheticPeer> group) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (SyntheticPeer p : group) {
                futures.add(pool.submit(() -> {
                    p.setUp(http, port);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof BenchFailure b) {
                        throw b;
                    }
                    throw new BenchFailure("peer set-up failed: " + e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ baseline relay

    private void startRelay() throws Exception {
        step("baseline: plain UDP relay (" + publishers + " x " + subscribers + ") in its own JVM");
        String classPath = Path.of(PlainUdpRelay.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        List<String> command = new ArrayList<>(List.of(jdkHome.resolve("bin/java").toString()));
        command.addAll(List.of(System.getProperty("bench.relayJavaOpts", "-XX:+UseSerialGC -Xms32m -Xmx256m")
                .trim().split("\\s+")));
        command.addAll(List.of("-cp", classPath, PlainUdpRelay.class.getName(),
                Integer.toString(publishers), Integer.toString(subscribers)));
        relay = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        relayPid = relay.pid();
        BufferedReader reader = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null || !line.startsWith("RELAY ")) {
            throw new BenchFailure("the relay did not start: " + line);
        }
        String[] parts = line.split(" ");
        String[] inPorts = parts[1].split(",");
        String[] outPorts = parts[2].split(",");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<MediaLoad.Stream> streams = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
            c.connect(new InetSocketAddress(loopback, Integer.parseInt(inPorts[i])));
            relayChannels.add(c);
            streams.add(new MediaLoad.Stream(i, 0x2000 + i, c, null, null));
        }
        long[] ssrcs = new long[publishers];
        int[] index = new int[publishers];
        for (int i = 0; i < publishers; i++) {
            ssrcs[i] = 0x2000 + i;
            index[i] = i;
        }
        List<MediaLoad.Receiver> receivers = new ArrayList<>();
        for (int j = 0; j < subscribers; j++) {
            DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
            c.connect(new InetSocketAddress(loopback, Integer.parseInt(outPorts[j])));
            c.socket().setSoTimeout(5000);
            c.write(ByteBuffer.wrap(new byte[] {'h', 'i'}));
            byte[] buffer = new byte[64];
            c.socket().receive(new java.net.DatagramPacket(buffer, buffer.length)); // the relay learnt us
            relayChannels.add(c);
            receivers.add(new MediaLoad.Receiver("relay-sub" + j, c, null, ssrcs, index, publishers));
        }
        relayLoad = new MediaLoad("relay", streams, receivers, receiverThreads, payloadBytes, verifyEvery);
        OUT.println("    relay pid " + relayPid);
    }

    private synchronized void stopRelay() {
        if (relayLoad != null) {
            try {
                relayLoad.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            relayLoad = null;
        }
        for (DatagramChannel c : relayChannels) {
            try {
                c.close();
            } catch (IOException e) {
                // closing
            }
        }
        relayChannels.clear();
        if (relay != null) {
            try {
                relay.getOutputStream().close();
                if (!relay.waitFor(3, TimeUnit.SECONDS)) {
                    relay.destroyForcibly();
                }
            } catch (Exception e) {
                relay.destroyForcibly();
            }
            relay = null;
        }
    }

    private long relayCpuNanos() {
        return BenchSupport.cpuNanos(relayPid);
    }

    // ------------------------------------------------------------------ profiling

    private void profileSfu(Step cap, String what) throws Exception {
        if (server == null || !server.isAlive() || sfuLoad == null) {
            return;
        }
        step(fmt("profile: JFR in the server at %s, %,.0f forwarded pkt/s (not in the table)", what, cap.target()));
        String name = what.equals("capacity") ? "capacity" : "latency";
        Path jfr = tmp.resolve("forwarding-" + name + ".jfr");
        // Monitor waits from 1 ms: the latency target's scale (settings=profile alone keeps >= 10 ms).
        BenchSupport.jcmd(jdkHome, serverPid, "JFR.start", "name=bench-forwarding-" + name, "settings=profile",
                "jdk.ExecutionSample#period=2ms", "jdk.JavaMonitorEnter#threshold=1ms",
                "delay=" + settle.toMillis() + "ms", "duration=" + measure.toMillis() + "ms", "filename=" + jfr);
        sfuLoad.setRatePerStream(cap.perStream());
        Map<String, Long> threads0 = BenchSupport.threadTicks(serverPid);
        long t0 = System.nanoTime();
        Thread.sleep(settle.toMillis() + measure.toMillis());
        Map<String, Long> threads1 = BenchSupport.threadTicks(serverPid);
        double seconds = (System.nanoTime() - t0) / 1e9;
        sfuLoad.setRatePerStream(0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!(Files.isRegularFile(jfr) && Files.size(jfr) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(500);
        Path kept = Path.of(System.getProperty("java.io.tmpdir"), "jellyfish-forwarding-bench-" + name + ".jfr");
        Files.copy(jfr, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        StringBuilder line = new StringBuilder("    server threads (cores):");
        threads1.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> line.append(fmt(" %s %.2f,", e.getKey(), e.getValue() / (double) BenchSupport.CLOCK_TICKS
                        / seconds)));
        OUT.println(line);
        OUT.println("    JFR recording kept as " + kept + ":");
        JfrTop.print(kept, 30, OUT);
        printMonitorEnters(kept);
    }

    /** Contended monitor entries of at least 1 ms (the recording's threshold), by site. */
    private static void printMonitorEnters(Path recording) throws IOException {
        Map<String, long[]> bySite = new HashMap<>();
        long count = 0;
        long totalNanos = 0;
        for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.JavaMonitorEnter")) {
                continue;
            }
            count++;
            long nanos = e.getDuration().toNanos();
            totalNanos += nanos;
            String site = e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty() ? "?"
                    : frame(e.getStackTrace().getFrames().getFirst());
            long[] agg = bySite.computeIfAbsent(site, k -> new long[2]);
            agg[0]++;
            agg[1] += nanos;
        }
        OUT.printf(Locale.ROOT, "    -- contended monitor entries (>= 1 ms each): %d, %.0f ms in total%n", count,
                totalNanos / 1e6);
        bySite.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(5)
                .forEach(e -> OUT.printf(Locale.ROOT, "       %5d  %8.0f ms  %s%n", e.getValue()[0],
                        e.getValue()[1] / 1e6, e.getKey()));
    }

    private static String frame(jdk.jfr.consumer.RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName() + " line " + f.getLineNumber();
    }

    // ------------------------------------------------------------------ process handling

    private void checkServer() {
        if (server != null && !server.isAlive()) {
            throw new BenchFailure("the server exited (status " + server.exitValue() + ")");
        }
    }

    private long serverCpuNanos() {
        return serverPid < 0 ? -1 : BenchSupport.cpuNanos(serverPid);
    }

    private synchronized void stopAll() {
        if (sfuLoad != null) {
            try {
                sfuLoad.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sfuLoad = null;
        }
        for (SyntheticPeer p : peers) {
            p.close();
        }
        peers.clear();
        stopRelay();
        if (server != null) {
            ServerProcess p = server;
            server = null;
            if (p.isAlive()) {
                OUT.println("==> stopping the server (SIGTERM)");
                int status = p.stop(OUT, Duration.ofSeconds(15));
                if (status > 0) {
                    notes.add("the server exited with status " + status + " after SIGTERM");
                    keepTmp = true;
                }
            }
        }
    }

    private void cleanUp(boolean success) {
        if (tmp == null) {
            return;
        }
        if (Boolean.getBoolean("bench.keep") || !success || keepTmp) {
            OUT.println("    kept " + tmp + " (server.log inside)");
            tmp = null;
            return;
        }
        BenchSupport.deleteTree(tmp);
        tmp = null;
    }

    private void printLogTail() {
        if (tmp != null) {
            BenchSupport.printLogTail(tmp.resolve("server.log"));
        }
    }

    private void printTable() {
        rows.print(OUT, "Jellyfish 0.5.0 forwarding benchmark (" + Runtime.getRuntime().availableProcessors()
                + " CPUs, loopback, JDK " + System.getProperty("java.version") + ")", notes);
    }

    private static double[] parseSteps(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToDouble(s -> s.toLowerCase(Locale.ROOT).endsWith("k")
                        ? Double.parseDouble(s.substring(0, s.length() - 1)) * 1000 : Double.parseDouble(s))
                .toArray();
    }

    private static void step(String text) {
        OUT.println("==> " + text);
    }
}
