package io.jellyfish.bench;

import io.jellyfish.bench.BenchSupport.BenchFailure;
import io.jellyfish.bench.BenchSupport.CpuWindow;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.jellyfish.bench.BenchSupport.fmt;
import static io.jellyfish.bench.BenchSupport.indent;
import static io.jellyfish.bench.BenchSupport.verdict;

/**
 * The cluster benchmark against the real tarball: three members of one cluster on loopback
 * ({@code JF_DIST_ENABLED=true}, {@code NODES_LIST} strategy, a random cookie, a port range of
 * their own), each a separate {@code bin/jellyfish} process. In order:
 * <ol>
 *   <li>formation, started one after another (information): each started when the previous ones
 *       agree; from the third's start to all three reporting 3 on {@code GET /health};</li>
 *   <li>formation, started together ({@code bench.formationRuns} times, the worst counts): from
 *       the third process's start to every {@code /health} reporting 3, polled every 10 ms
 *       (target &lt; 3 s);</li>
 *   <li>spread: 3,000 {@code POST /room} from 32 clients through random members on the fresh
 *       cluster, then {@code GET /room} on each member (target: each holds 1,000 &plusmn; 5%);</li>
 *   <li>{@code POST /room} load, 32 keep-alive connections spread over the three members
 *       ({@link RestBench} scenario {@code create}; targets p50 &lt; 5 ms, p99 &lt; 25 ms,
 *       &ge; 2,000 rooms/s), with a JFR profile of the members when a target is missed;</li>
 *   <li>SIGKILL of one member: until both survivors report 2 (target &lt; 2 s); restarted, until
 *       all report 3 (information);</li>
 *   <li>SIGSTOP of another member: until the two others report 2 (target &lt; 10 s); SIGCONT,
 *       until all report 3 again (information);</li>
 * </ol>
 * then prints metric | measured | target | PASS/MISS | others, where "others" is the CPU that
 * processes other than this harness and the three members took during that measurement, and
 * stops the members (also on failure, Ctrl-C and when {@code bench.maxTime} is exceeded).
 *
 * <p>A view counts as reached when one polling round sees it on every member concerned and the
 * following rounds keep seeing it for {@code bench.stable} (default 1 s; 2 s after SIGCONT, when
 * the thawed member still reports its old view); the time is the end of the streak's first round
 * (when the last of its answers arrived).
 *
 * <p>Usage: {@code java -cp bench/target/jellyfish-bench-0.5.0.jar io.jellyfish.bench.ClusterBench
 * [TARBALL]}. Exit status 0 when every target passes, 1 when one is missed, 2 when the benchmark
 * could not run. Properties: see bench/README.md.
 */
public final class ClusterBench {

    private static final String TOKEN = "bench-token";
    private static final PrintStream OUT = System.out;
    private static final int SIZE = 3;
    private static final Pattern NODES = Pattern.compile("\"nodesInCluster\"\\s*:\\s*(\\d+)");
    private static final Pattern ADDRESS = Pattern.compile("\"jellyfish_address\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern ROOM_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final double BUSY_CORES = BenchSupport.BUSY_CORES;
    private static final Pattern LOG_LINE = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z) \\[\\w+\\] (.*)$");

    // targets
    private static final double FORMATION_TARGET_S = 3;
    private static final double KILL_TARGET_S = 2;
    private static final double FREEZE_TARGET_S = 10;
    private static final double CREATE_P50_TARGET_MS = 5;
    private static final double CREATE_P99_TARGET_MS = 25;
    private static final double CREATE_RATE_TARGET = 2_000;
    private static final double SPREAD_TOLERANCE = 0.05;

    /** One member: its ports, its process and the probe this harness polls it with. */
    private static final class Member {
        final String name;
        final int port;
        final int metricsPort;
        ServerProcess process;
        final SimpleHttp probe;

        Member(String name, int port, int metricsPort) {
            this.name = name;
            this.port = port;
            this.metricsPort = metricsPort;
            this.probe = new SimpleHttp("127.0.0.1", port, TOKEN, 1000);
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** When a view was reached, and what happened on the way. */
    private record ViewWait(long at, long[] firstAnswer, int broken, int polls) {
    }

    private final BenchSupport.Table table = new BenchSupport.Table("others");
    private final List<String> notes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Member> members = new ArrayList<>();
    private final Path jdkHome = Path.of(System.getProperty("java.home"));
    private Path tmp;
    private boolean keepTmp;
    private final Duration stable = RestBench.duration("bench.stable", "1s");

    public static void main(String[] args) {
        ClusterBench bench = new ClusterBench();
        int status;
        try {
            status = BenchSupport.runGuarded(() -> bench.run(args), bench::printLogTails);
        } finally {
            bench.stopAll(false);
        }
        bench.cleanUp(status != 2);
        System.exit(status);
    }

    private int run(String[] args) throws Exception {
        Path tarball = BenchSupport.findTarball(args);
        // Three JVMs share 2 cores: their JIT needs ~20 s of load to settle (5 s leaves the figure
        // still climbing), so the cluster's warm-up is longer than ServerBench's.
        Duration warmup = RestBench.duration("bench.warmup", "20s");
        Duration measure = RestBench.duration("bench.duration", "10s");
        Duration drain = RestBench.duration("bench.drain", "5s");
        int formationRuns = Integer.getInteger("bench.formationRuns", 3);
        Duration maxTime = RestBench.duration("bench.maxTime",
                (600 + 2 * (warmup.toSeconds() + measure.toSeconds() + drain.toSeconds())
                        + 20L * formationRuns) + "s");
        Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "bench-kill-members"));

        BenchSupport.waitForQuiet(OUT, notes::add);
        BenchSupport.startWatchdog(maxTime, this::killAll);
        OUT.println("    watchdog: the whole run is bounded by " + maxTime.toSeconds() + " s (bench.maxTime)");

        step("unpacking " + tarball);
        tmp = Files.createTempDirectory("jellyfish-cluster-bench-");
        Path home = BenchSupport.unpack(tarball, tmp);
        OUT.println("    installation: " + home);
        configure(home);

        // 1. formation, one after another (info), then together (target)
        formationSequential();
        stopAll(true);
        double worst = 0;
        List<String> runs = new ArrayList<>();
        double worstOthers = 0;
        for (int run = 1; run <= formationRuns; run++) {
            double[] r = formationTogether(run, formationRuns);
            runs.add(fmt("%.2f", r[0]));
            worst = Math.max(worst, r[0]);
            worstOthers = Math.max(worstOthers, r[1]);
            if (run < formationRuns) {
                stopAll(true);
            }
        }
        table.add("cluster formed, 3 started together (3rd start -> all see 3)",
                fmt("%.2f s", worst) + (formationRuns > 1 ? " (worst of " + String.join(" / ", runs) + ")" : ""),
                fmt("< %.0f s", FORMATION_TARGET_S), verdict(worst < FORMATION_TARGET_S),
                busy(worstOthers, "formation (started together)"));

        // 2. spread over a fresh cluster
        spread();

        // 3. POST /room load
        createLoad(warmup, measure, drain);

        // 4. SIGKILL, restart
        killAndRestart(members.get(2));

        // 5. SIGSTOP, SIGCONT
        freezeAndThaw(members.get(1));

        step("stopping the members (SIGTERM)");
        stopAll(true);
        printTable();
        return table.anyMiss() ? 1 : 0;
    }

    // ------------------------------------------------------------------ set-up

    private void configure(Path home) throws IOException {
        int[] range = distPorts();
        String cookie = System.getProperty("bench.cookie", "bench-" + randomHex(24));
        String secretKeyBase = randomHex(48);
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= SIZE; i++) {
            names.add("bench" + i + "@127.0.0.1");
        }
        for (int i = 1; i <= SIZE; i++) {
            members.add(new Member("bench" + i, BenchSupport.freePort(), BenchSupport.freePort()));
        }
        for (Member m : members) {
            Path work = tmp.resolve(m.name);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("JF_IP", "127.0.0.1");
            env.put("JF_PORT", Integer.toString(m.port));
            env.put("JF_HOST", m.address());
            env.put("JF_METRICS_IP", "127.0.0.1");
            env.put("JF_METRICS_PORT", Integer.toString(m.metricsPort));
            env.put("JF_SERVER_API_TOKEN", TOKEN);
            env.put("JF_SECRET_KEY_BASE", secretKeyBase);
            env.put("JF_RESOURCES_BASE_PATH", work.resolve("jellyfish_resources").toString());
            env.put("JF_DIST_ENABLED", "true");
            env.put("JF_DIST_NODE_NAME", m.name + "@127.0.0.1");
            env.put("JF_DIST_NODES", String.join(" ", names));
            env.put("JF_DIST_COOKIE", cookie);
            env.put("JF_DIST_MIN_PORT", Integer.toString(range[0]));
            env.put("JF_DIST_MAX_PORT", Integer.toString(range[1]));
            m.process = new ServerProcess(m.name, home, work, tmp.resolve(m.name + ".log"), env,
                    System.getProperty("bench.serverJavaHome", jdkHome.toString()),
                    System.getProperty("bench.serverJavaOpts"));
        }
        OUT.printf(Locale.ROOT, "    members: %s; REST ports %s; cluster ports %d-%d; cookie random (not the default)%n",
                members, members.stream().map(m -> Integer.toString(m.port)).collect(Collectors.joining(", ")),
                range[0], range[1]);
    }

    /**
     * {@code bench.distPorts} (e.g. 19600-19609), else the first of 19600-19609, 19620-19629, ...
     * whose ports (and FD_SOCK2's, 100 above) nothing listens on: another cluster on this host
     * (a colleague's test) must not be in the range our members probe.
     */
    private static int[] distPorts() {
        String given = System.getProperty("bench.distPorts");
        if (given != null) {
            String[] p = given.split("-");
            return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[p.length - 1].trim())};
        }
        for (int min = 19600; min < 19700; min += 20) {
            boolean free = true;
            for (int port = min; port <= min + 9 && free; port++) {
                free = BenchSupport.portFree(port) && BenchSupport.portFree(port + 100);
            }
            if (free) {
                return new int[] {min, min + 9};
            }
        }
        throw new BenchFailure("no free cluster port range in 19600-19699: set bench.distPorts=MIN-MAX");
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    // ------------------------------------------------------------------ formation

    private void formationSequential() throws Exception {
        step("formation, started one after another (each once the previous agree)");
        CpuWindow cpu = new CpuWindow(this::serversCpuNanos);
        double[] steps = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            Member m = members.get(i);
            long t0 = m.process.start();
            ViewWait v = awaitView(members.subList(0, i + 1), i + 1, stable, Duration.ofSeconds(60),
                    "formation, " + m.name + " started");
            steps[i] = (v.at() - t0) / 1e9;
            OUT.printf(Locale.ROOT, "    %s started: first 200 after %.3f s, all %d agree after %.3f s%n", m.name,
                    (v.firstAnswer()[i] - t0) / 1e9, i + 1, steps[i]);
        }
        double others = cpu.othersCores();
        table.add("cluster formed, started one after another (3rd start -> all see 3)",
                fmt("%.2f s (2nd: %.2f s)", steps[2], steps[1]), "-", "info", busy(others, "formation (one after another)"));
    }

    /** Returns {seconds from the 3rd start to all seeing 3, others' cores}. */
    private double[] formationTogether(int run, int runs) throws Exception {
        step(fmt("formation, 3 started together (run %d/%d)", run, runs));
        CpuWindow cpu = new CpuWindow(this::serversCpuNanos);
        long cpu0 = serversCpuNanos();
        long[] t0 = new long[SIZE];
        for (int i = 0; i < SIZE; i++) {
            t0[i] = members.get(i).process.start();
        }
        long last = t0[SIZE - 1];
        ViewWait v = awaitView(members, SIZE, stable, Duration.ofSeconds(60), "formation");
        double seconds = (v.at() - last) / 1e9;
        double others = cpu.othersCores();
        double membersCpu = (serversCpuNanos() - cpu0) / 1e9;
        OUT.printf(Locale.ROOT, "    started within %.1f ms; all see %d %.3f s after the 3rd start (%d polling"
                        + " rounds%s); the members used %.1f CPU-s in that time (%.2f cores), others %.2f cores%n",
                (last - t0[0]) / 1e6, SIZE, seconds, v.polls(),
                v.broken() > 0 ? ", the view changed " + v.broken() + " time(s) after first agreeing" : "",
                membersCpu, membersCpu / ((v.at() - t0[0]) / 1e9), others);
        for (int i = 0; i < SIZE; i++) {
            printMilestones(members.get(i), (v.firstAnswer()[i] - t0[i]) / 1e9);
        }
        return new double[] {seconds, others};
    }

    /**
     * Where a member's start-up went, from its log (seconds after its process started): the
     * launcher's first line, joining the cluster, the last member it connected to, the first 200.
     */
    private static void printMilestones(Member m, double firstAnswer) {
        long t0 = m.process.startWallMillis();
        double main = Double.NaN;
        double joined = Double.NaN;
        double connected = Double.NaN;
        String joinedText = "";
        for (String line : m.process.logSinceStart()) {
            Matcher l = LOG_LINE.matcher(line);
            if (!l.matches()) {
                continue;
            }
            double at;
            try {
                at = (java.time.Instant.parse(l.group(1)).toEpochMilli() - t0) / 1e3;
            } catch (java.time.format.DateTimeParseException e) {
                continue;
            }
            String text = l.group(2);
            if (Double.isNaN(main) && text.contains("Starting Jellyfish")) {
                main = at;
            } else if (Double.isNaN(joined) && text.contains("joined the cluster as")) {
                joined = at;
                Matcher n = Pattern.compile("\\((\\d+) member").matcher(text);
                joinedText = n.find() ? " (" + n.group(1) + " member(s))" : "";
            } else if (text.contains("cluster: connected to")) {
                connected = at;
            }
        }
        OUT.printf(Locale.ROOT, "      %s: main's first log line +%.2f s, joined +%.2f s%s, last \"connected to\""
                + " +%.2f s, first 200 +%.2f s%n", m.name, main, joined, joinedText, connected, firstAnswer);
    }

    // ------------------------------------------------------------------ spread

    private void spread() throws Exception {
        int rooms = Integer.getInteger("bench.spreadRooms", 3000);
        int clients = Integer.getInteger("bench.spreadClients", 32);
        step(fmt("spread: %,d POST /room through random members, %d clients", rooms, clients));
        int[] before = roomCounts();
        if (before[0] + before[1] + before[2] != 0) {
            OUT.println("    rooms left from before: " + java.util.Arrays.toString(before) + "; deleting them");
            deleteAllRooms();
        }
        CpuWindow cpu = new CpuWindow(this::serversCpuNanos);
        Map<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(CompletableFuture.runAsync(() -> {
                List<SimpleHttp> http = new ArrayList<>();
                for (Member m : members) {
                    http.add(new SimpleHttp("127.0.0.1", m.port, TOKEN, 10_000));
                }
                try {
                    while (next.getAndIncrement() < rooms) {
                        SimpleHttp h = http.get(ThreadLocalRandom.current().nextInt(SIZE));
                        String problem;
                        try {
                            SimpleHttp.Response r = h.post("/room", "{}");
                            Matcher a = ADDRESS.matcher(r.body());
                            if (r.status() == 201 && a.find()) {
                                byAddress.computeIfAbsent(a.group(1), k -> new AtomicInteger()).incrementAndGet();
                                problem = null;
                            } else {
                                problem = "POST /room answered " + r.status() + ": " + RestBench.abbreviate(r.body());
                            }
                        } catch (IOException e) {
                            problem = "POST /room: " + e;
                        }
                        if (problem != null) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, problem);
                        }
                        int n = done.incrementAndGet();
                        if (n % 1000 == 0) {
                            OUT.printf(Locale.ROOT, "    created %,d/%,d%n", n, rooms);
                        }
                    }
                } finally {
                    http.forEach(SimpleHttp::close);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double others = cpu.othersCores();
        checkAllAlive();
        int[] counts = roomCounts();
        double expected = rooms / (double) SIZE;
        boolean pass = errors.get() == 0;
        StringBuilder measured = new StringBuilder();
        for (int i = 0; i < SIZE; i++) {
            pass &= Math.abs(counts[i] - expected) <= SPREAD_TOLERANCE * expected;
            measured.append(i == 0 ? "" : " / ").append(counts[i]);
        }
        StringBuilder answered = new StringBuilder();
        for (Member m : members) {
            AtomicInteger n = byAddress.get(m.address());
            answered.append(answered.isEmpty() ? "" : " / ").append(n == null ? 0 : n.get());
        }
        OUT.printf(Locale.ROOT, "    %,d creations in %.2f s (%,.0f rooms/s), %d errors%s%n", rooms, seconds,
                rooms / seconds, errors.get(), firstError.get() == null ? "" : "; first: " + firstError.get());
        OUT.println("    GET /room per member: " + measured + "; jellyfish_address in the 201s: " + answered
                + (byAddress.keySet().stream().anyMatch(a -> members.stream().noneMatch(m -> m.address().equals(a)))
                ? " (and unknown addresses: " + byAddress.keySet() + ")" : ""));
        table.add(fmt("spread: %,d creations via random members, %d clients", rooms, clients),
                measured + " rooms" + (errors.get() == 0 ? "" : " (" + errors.get() + " errors)"),
                fmt("each %,.0f +/- %.0f%%", expected, SPREAD_TOLERANCE * 100), verdict(pass),
                busy(others, "spread"));
    }

    /** GET /room on each member: the number of rooms it holds. */
    private int[] roomCounts() throws IOException {
        int[] counts = new int[SIZE];
        for (int i = 0; i < SIZE; i++) {
            Member m = members.get(i);
            try (SimpleHttp http = new SimpleHttp("127.0.0.1", m.port, TOKEN, 30_000)) {
                SimpleHttp.Response r = http.get("/room");
                if (r.status() != 200) {
                    throw new BenchFailure("GET /room on " + m.name + " answered " + r.status() + ": "
                            + RestBench.abbreviate(r.body()));
                }
                counts[i] = countDataArray(r.body());
            }
        }
        return counts;
    }

    /** The number of elements of the top-level {@code "data"} array of a JSON text. */
    static int countDataArray(String json) {
        int at = json.indexOf("\"data\"");
        int open = at < 0 ? -1 : json.indexOf('[', at);
        if (open < 0) {
            throw new BenchFailure("no \"data\" array in " + RestBench.abbreviate(json));
        }
        int depth = 0;
        int count = 0;
        boolean inString = false;
        boolean empty = true;
        for (int i = open; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    if (depth == 1) {
                        empty = false;
                    }
                }
                case '[', '{' -> {
                    if (depth == 1) {
                        empty = false;
                    }
                    depth++;
                }
                case ']', '}' -> {
                    depth--;
                    if (depth == 0) {
                        return empty ? 0 : count + 1;
                    }
                }
                case ',' -> {
                    if (depth == 1) {
                        count++;
                    }
                }
                default -> {
                    if (depth == 1 && !Character.isWhitespace(c)) {
                        empty = false;
                    }
                }
            }
        }
        throw new BenchFailure("unterminated \"data\" array");
    }

    private void deleteAllRooms() throws IOException {
        for (Member m : members) {
            try (SimpleHttp http = new SimpleHttp("127.0.0.1", m.port, TOKEN, 30_000)) {
                Matcher id = ROOM_ID.matcher(http.get("/room").body());
                while (id.find()) {
                    SimpleHttp.Response r = http.delete("/room/" + id.group(1));
                    if (r.status() != 204 && r.status() != 200 && r.status() != 404) {
                        throw new BenchFailure("DELETE /room/" + id.group(1) + " on " + m.name + " answered "
                                + r.status());
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ POST /room load

    private void createLoad(Duration warmup, Duration measure, Duration drain) throws Exception {
        int connections = Integer.getInteger("bench.connections", 32);
        List<Integer> ports = members.stream().map(m -> m.port).toList();
        RestBench.Options defaults = RestBench.Options.fromProperties("127.0.0.1", ports, TOKEN,
                RestBench.Scenario.CREATE, OUT, this::serversCpuNanos);
        RestBench.Options options = new RestBench.Options("127.0.0.1", ports, TOKEN, RestBench.Scenario.CREATE,
                connections, defaults.threads(), warmup, measure, drain, defaults.requestTimeout(), OUT,
                this::serversCpuNanos);
        step(fmt("load: POST /room {} through all %d members, %d keep-alive connections (%s per member),"
                        + " warmup %.1f s, measure %.1f s", SIZE, connections,
                members.stream().map(m -> Integer.toString(connections / SIZE
                        + (members.indexOf(m) < connections % SIZE ? 1 : 0))).collect(Collectors.joining("/")),
                warmup.toMillis() / 1e3, measure.toMillis() / 1e3));
        checkAllAlive();
        int[] before = roomCounts();
        CompletableFuture<Map<String, Double>> threadCpu = threadCpuDuring(options);
        RestBench.Result r = RestBench.run(options);
        OUT.print(indent(r.summary()));
        printThreadCpu(threadCpu.get(30, TimeUnit.SECONDS));
        checkAllAlive();
        int[] after = roomCounts();
        String others = busy(r.othersCpuCores(), "POST /room load");
        boolean clean = r.errors() == 0;
        double p50 = r.percentileMillis(50);
        double p99 = r.percentileMillis(99);
        String errorsNote = clean ? "" : " (" + r.errors() + " errors)";
        table.add(fmt("POST /room via %d members, %d connections", SIZE, connections),
                fmt("%,.0f rooms/s", r.throughput()) + errorsNote, fmt(">= %,.0f rooms/s", CREATE_RATE_TARGET),
                verdict(r.throughput() >= CREATE_RATE_TARGET && clean), others);
        table.add("POST /room latency p50", fmt("%.2f ms", p50), fmt("< %.0f ms", CREATE_P50_TARGET_MS),
                verdict(p50 < CREATE_P50_TARGET_MS && clean), others);
        table.add("POST /room latency p99", fmt("%.2f ms", p99), fmt("< %.0f ms", CREATE_P99_TARGET_MS),
                verdict(p99 < CREATE_P99_TARGET_MS && clean), others);
        table.add("POST /room p99.9 / max", fmt("%.2f / %.2f ms", r.percentileMillis(99.9), r.maxMillis()),
                "-", "info", others);
        StringBuilder perMember = new StringBuilder();
        for (int i = 0; i < SIZE; i++) {
            RestBench.TargetResult t = r.targets().get(i);
            perMember.append(i == 0 ? "" : "; ").append(fmt("%.1f/%.1f", t.percentileMillis(50),
                    t.percentileMillis(99)));
        }
        table.add("POST /room p50/p99 ms by entry member 1; 2; 3", perMember.toString(), "-", "info", others);
        StringBuilder placed = new StringBuilder();
        for (int i = 0; i < SIZE; i++) {
            placed.append(i == 0 ? "" : " / ").append(after[i] - before[i]);
        }
        table.add("rooms placed per member during the load", placed.toString(), "-", "info", others);
        table.add("CPU during the load: members / driver", fmt("%.2f / %.2f cores", r.serverCpuCores(),
                r.driverCpuCores()), "-", "info", others);

        boolean missed = !(r.throughput() >= CREATE_RATE_TARGET && p50 < CREATE_P50_TARGET_MS
                && p99 < CREATE_P99_TARGET_MS && clean);
        String profile = System.getProperty("bench.profile", "onMiss").toLowerCase(Locale.ROOT);
        if (profile.equals("true") || (missed && profile.equals("onmiss"))) {
            profileLoad(options);
        }
    }

    /** CPU by thread of the three members over the measured window of a load starting now (see {@link BenchSupport.ThreadCpu}). */
    private CompletableFuture<Map<String, Double>> threadCpuDuring(RestBench.Options options) {
        List<Long> pids = members.stream().map(m -> m.process.pid()).toList();
        return CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(options.warmup().toMillis());
                BenchSupport.ThreadCpu window = new BenchSupport.ThreadCpu(pids);
                Thread.sleep(options.measure().toMillis());
                return window.cores();
            } catch (InterruptedException e) {
                return Map.of();
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    private static void printThreadCpu(Map<String, Double> split) {
        BenchSupport.ThreadCpu.print(OUT, "the three members", split, 10);
    }

    /** Runs the load again with JFR recording each member during the measured window, and prints their hot frames. */
    private void profileLoad(RestBench.Options options) throws Exception {
        step("profiling: the same load again, JFR (profile settings, 2 ms sampling) in every member during the"
                + " measured window (figures not used in the table)");
        List<Path> recordings = new ArrayList<>();
        for (Member m : members) {
            Path jfr = tmp.resolve(m.name + ".jfr");
            recordings.add(jfr);
            BenchSupport.jcmd(jdkHome, m.process.pid(), "JFR.start", "name=cluster-bench", "settings=profile",
                    "jdk.ExecutionSample#period=2ms", "delay=" + options.warmup().toMillis() + "ms",
                    "duration=" + options.measure().toMillis() + "ms", "filename=" + jfr);
        }
        CompletableFuture<Map<String, Double>> threadCpu = threadCpuDuring(options);
        RestBench.Result r = RestBench.run(options);
        OUT.print(indent(r.summary()));
        printThreadCpu(threadCpu.get(30, TimeUnit.SECONDS));
        for (int i = 0; i < SIZE; i++) {
            Path jfr = recordings.get(i);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!(Files.isRegularFile(jfr) && Files.size(jfr) > 0) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        Thread.sleep(500); // let the recordings finish writing
        for (int i = 0; i < SIZE; i++) {
            Path kept = Path.of(System.getProperty("java.io.tmpdir"),
                    "jellyfish-cluster-bench-" + members.get(i).name + ".jfr");
            if (!Files.isRegularFile(recordings.get(i))) {
                OUT.println("    (no recording from " + members.get(i).name + ")");
                continue;
            }
            Files.copy(recordings.get(i), kept, StandardCopyOption.REPLACE_EXISTING);
            OUT.println("    JFR of " + members.get(i).name + " during the measured window, kept as " + kept + ":");
            JfrTop.print(kept, 15, OUT);
        }
        notes.add("the POST /room load was profiled with JFR (recordings in " + System.getProperty("java.io.tmpdir")
                + "/jellyfish-cluster-bench-bench{1,2,3}.jfr)");
    }

    // ------------------------------------------------------------------ failures

    private void killAndRestart(Member victim) throws Exception {
        List<Member> survivors = members.stream().filter(m -> m != victim).toList();
        step("SIGKILL " + victim.name + " (pid " + victim.process.pid() + "); polling " + survivors + " every 10 ms");
        CpuWindow cpu = new CpuWindow(this::serversCpuNanos);
        long t0 = System.nanoTime();
        victim.process.kill();
        ViewWait v = awaitView(survivors, SIZE - 1, stable, Duration.ofSeconds(60), "after SIGKILL");
        double seconds = (v.at() - t0) / 1e9;
        double others = cpu.othersCores();
        OUT.printf(Locale.ROOT, "    both survivors see %d after %.3f s%n", SIZE - 1, seconds);
        table.add("SIGKILLed member removed (both survivors see 2)", fmt("%.3f s", seconds),
                fmt("< %.0f s", KILL_TARGET_S), verdict(seconds < KILL_TARGET_S), busy(others, "SIGKILL"));

        step("restarting " + victim.name);
        cpu = new CpuWindow(this::serversCpuNanos);
        long t1 = victim.process.start();
        ViewWait back = awaitView(members, SIZE, stable, Duration.ofSeconds(60), "after the restart");
        double rejoin = (back.at() - t1) / 1e9;
        others = cpu.othersCores();
        OUT.printf(Locale.ROOT, "    first 200 after %.3f s; all see %d after %.3f s%n",
                (back.firstAnswer()[members.indexOf(victim)] - t1) / 1e9, SIZE, rejoin);
        table.add("killed member restarted (start -> all see 3)", fmt("%.2f s", rejoin), "-", "info",
                busy(others, "restart"));
    }

    private void freezeAndThaw(Member victim) throws Exception {
        List<Member> others = members.stream().filter(m -> m != victim).toList();
        step("SIGSTOP " + victim.name + " (pid " + victim.process.pid() + "); polling " + others + " every 10 ms");
        CpuWindow cpu = new CpuWindow(this::serversCpuNanos);
        long t0 = System.nanoTime();
        victim.process.freeze();
        ViewWait v = awaitView(others, SIZE - 1, stable, Duration.ofSeconds(60), "after SIGSTOP");
        double seconds = (v.at() - t0) / 1e9;
        double busyCores = cpu.othersCores();
        OUT.printf(Locale.ROOT, "    the two others see %d after %.3f s%n", SIZE - 1, seconds);
        table.add("frozen (SIGSTOP) member removed (others see 2)", fmt("%.3f s", seconds),
                fmt("< %.0f s", FREEZE_TARGET_S), verdict(seconds < FREEZE_TARGET_S), busy(busyCores, "SIGSTOP"));

        step("SIGCONT " + victim.name + "; until all see 3 again");
        cpu = new CpuWindow(this::serversCpuNanos);
        long t1 = System.nanoTime();
        victim.process.thaw();
        Duration longer = stable.multipliedBy(2);
        ViewWait back = awaitView(members, SIZE, longer, Duration.ofSeconds(90), "after SIGCONT");
        double merge = (back.at() - t1) / 1e9;
        busyCores = cpu.othersCores();
        OUT.printf(Locale.ROOT, "    all see %d again %.3f s after SIGCONT%s%n", SIZE, merge,
                back.broken() > 0 ? " (the view changed " + back.broken() + " time(s) on the way)" : "");
        table.add("frozen member re-merged after SIGCONT (all see 3)", fmt("%.2f s", merge), "-", "info",
                busy(busyCores, "SIGCONT"));
    }

    // ------------------------------------------------------------------ polling

    /**
     * Polls {@code GET /health} of {@code watch} every 10 ms until one round sees {@code expected}
     * on all of them and the rounds of the next {@code stableFor} keep seeing it; returns the end of
     * that first round. Prints what each reports once a second.
     */
    private ViewWait awaitView(List<Member> watch, int expected, Duration stableFor, Duration timeout, String what)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long[] firstAnswer = new long[SIZE];
        long streakStart = -1;
        int broken = 0;
        int polls = 0;
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        int[] seen = new int[SIZE];
        while (true) {
            long round = System.nanoTime();
            boolean all = true;
            polls++;
            for (Member m : watch) {
                int i = members.indexOf(m);
                int n = nodesInCluster(m);
                seen[i] = n;
                if (n >= 0 && firstAnswer[i] == 0) {
                    firstAnswer[i] = System.nanoTime();
                }
                all &= n == expected;
                if (n < 0 && !m.process.isAlive()) {
                    throw new BenchFailure(m.name + " exited with status " + m.process.exitValue() + " (" + what
                            + ")");
                }
            }
            long now = System.nanoTime(); // every answer of this round is in
            if (all) {
                if (streakStart < 0) {
                    streakStart = now;
                }
                if (now - streakStart >= stableFor.toNanos()) {
                    return new ViewWait(streakStart, firstAnswer, broken, polls);
                }
            } else if (streakStart >= 0) {
                streakStart = -1;
                broken++;
            }
            if (now >= nextReport) {
                StringBuilder s = new StringBuilder();
                for (Member m : watch) {
                    int n = seen[members.indexOf(m)];
                    s.append(s.isEmpty() ? "" : ", ").append(m.name).append(' ').append(n < 0 ? "-" : n);
                }
                OUT.printf(Locale.ROOT, "    [%s] %4.1f s: %s (want %d)%n", what, (now - start) / 1e9, s, expected);
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
            if (now > deadline) {
                throw new BenchFailure(fmt("%s: the members did not all report %d within %d s", what, expected,
                        timeout.toSeconds()));
            }
            long sleep = round + TimeUnit.MILLISECONDS.toNanos(10) - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
    }

    /** data.distribution.nodesInCluster of the member's /health, or -1 when it does not answer 200. */
    private static int nodesInCluster(Member m) {
        try {
            SimpleHttp.Response r = m.probe.get("/health");
            if (r.status() != 200) {
                return -1;
            }
            Matcher n = NODES.matcher(r.body());
            return n.find() ? Integer.parseInt(n.group(1)) : -1;
        } catch (IOException e) {
            return -1; // not listening yet, or gone: the probe reconnects on the next call
        }
    }

    // ------------------------------------------------------------------ processes

    private long serversCpuNanos() {
        long sum = 0;
        for (Member m : members) {
            if (m.process != null) {
                sum += m.process.cpuNanos();
            }
        }
        return sum;
    }

    private void checkAllAlive() {
        for (Member m : members) {
            m.process.checkAlive();
        }
    }

    /** SIGTERM to every running member at once, then waits (SIGKILL after 15 s). */
    private synchronized void stopAll(boolean report) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Member m : members) {
            m.probe.close();
            if (m.process == null || !m.process.isAlive()) {
                continue;
            }
            stops.add(CompletableFuture.runAsync(() -> {
                int status = m.process.stop(OUT, Duration.ofSeconds(15));
                if (report && status != 0) {
                    notes.add(m.name + " exited with " + (status == -1 ? "SIGKILL after 15 s" : "status " + status)
                            + " after SIGTERM (bin/jellyfish documents 0 for a graceful stop); log kept in "
                            + m.process.log());
                    keepTmp = true;
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            killAll();
        }
    }

    /** Watchdog and shutdown hook: SIGKILL every member (a frozen one included) without waiting long. */
    private void killAll() {
        for (Member m : members) {
            if (m.process != null) {
                m.process.killNow();
            }
        }
    }

    private void printLogTails() {
        for (Member m : members) {
            if (m.process != null && Files.isRegularFile(m.process.log())) {
                System.err.println("---- last lines of " + m.name + " (" + m.process.log() + ")");
                System.err.println(m.process.logTail(25));
            }
        }
        System.err.println("----");
    }

    private void cleanUp(boolean success) {
        if (tmp == null) {
            return;
        }
        if (Boolean.getBoolean("bench.keep") || !success || keepTmp) {
            OUT.println("    kept " + tmp + " (the members' logs inside)");
        } else {
            BenchSupport.deleteTree(tmp);
        }
        tmp = null;
    }

    // ------------------------------------------------------------------ output

    private String busy(double others, String phase) {
        if (others < 0) {
            return "?";
        }
        if (others > BUSY_CORES) {
            notes.add(fmt("other processes used %.2f of the %d cores during %s: its figure may understate the"
                    + " cluster; re-run when the machine is quiet", others, Runtime.getRuntime().availableProcessors(),
                    phase));
        }
        return fmt("%.2f", others);
    }

    private static void step(String text) {
        OUT.println("==> " + text);
    }

    private void printTable() {
        notes.add(0, "others: cores used by processes other than this harness and the members during that"
                + " measurement (above " + BUSY_CORES + " the machine was busy)");
        table.print(OUT, "Jellyfish 0.5.0 cluster benchmark (" + SIZE + " members on loopback, "
                + Runtime.getRuntime().availableProcessors() + " CPUs, JDK " + System.getProperty("java.version")
                + ")", notes);
    }
}
