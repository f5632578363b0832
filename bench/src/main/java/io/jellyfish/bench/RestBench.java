package io.jellyfish.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A closed-loop HTTP/1.1 load driver for the REST API.
 *
 * <p>{@code connections} persistent (keep-alive) connections are spread over {@code threads}
 * platform threads; each thread runs one NIO selector over its connections, writes pre-built
 * request bytes and parses responses minimally ({@link ResponseParser}). Every connection has one
 * request outstanding at a time (closed loop): its next request is written as soon as the previous
 * response is complete. Latency is taken per operation from the first byte written to the last
 * byte read, recorded in nanoseconds into an HdrHistogram per thread.
 *
 * <p>Scenarios:
 * <ul>
 *   <li>{@code health}: {@code GET /health}; an operation is one request, 200 expected.</li>
 *   <li>{@code pairs}: {@code POST /room} with body {@code {}} (201 expected, the room id read from
 *       the body), then {@code DELETE /room/<id>} (204 expected); an operation is the pair.</li>
 *   <li>{@code create}: {@code POST /room} with body {@code {}} alone (201 with a room id expected);
 *       the rooms are left in place (they accumulate).</li>
 * </ul>
 *
 * <p>With several ports (e.g. the members of a cluster) connection {@code i} goes to port
 * {@code i mod n}; the figures are over all of them, and {@link Result#targets()} splits them per port.
 *
 * <p>The run: connect, warm up (results dropped), measure (operations completing inside the
 * window are counted and their latencies recorded), then stop issuing operations and let the ones
 * in flight finish (a pair started is completed, so no room is left behind) for at most the drain
 * time. Every request carries {@code Authorization: Bearer <token>}.
 *
 * <p>Command line ({@code java -cp jellyfish-bench-0.5.0.jar io.jellyfish.bench.RestBench ...}):
 * <pre>
 *   --scenario=health|pairs|create   (default health)
 *   --host=127.0.0.1 --port=8080     (or --ports=4001,4002,4003: connections spread over them)
 *   --token=TOKEN             (default: $JF_SERVER_API_TOKEN, else bench-token)
 *   --connections=64 --threads=1
 * </pre>
 * System properties: {@code bench.warmup} (default 5s), {@code bench.duration} (default 10s),
 * {@code bench.drain} (default 5s), {@code bench.requestTimeout} (default 5s); durations as
 * {@code 10}, {@code 10s}, {@code 500ms} or {@code 2m}. Each option also reads
 * {@code bench.<name>} (e.g. {@code -Dbench.connections=64}).
 */
public final class RestBench {

    public enum Scenario {
        HEALTH("GET /health", "req/s"),
        PAIRS("POST /room + DELETE /room/<id>", "pairs/s"),
        CREATE("POST /room", "rooms/s");

        final String description;
        final String unit;

        Scenario(String description, String unit) {
            this.description = description;
            this.unit = unit;
        }

        static Scenario parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "health" -> HEALTH;
                case "pairs", "rooms", "room" -> PAIRS;
                case "create" -> CREATE;
                default -> throw new IllegalArgumentException("unknown scenario " + text
                        + " (health, pairs or create)");
            };
        }
    }

    /** What to run. {@code serverCpuNanos} may return -1 when the server's CPU time is unknown. */
    public record Options(String host, List<Integer> ports, String token, Scenario scenario, int connections,
                          int threads, Duration warmup, Duration measure, Duration drain, Duration requestTimeout,
                          PrintStream progress, LongSupplier serverCpuNanos) {

        public Options {
            if (connections < 1 || threads < 1) {
                throw new IllegalArgumentException("connections and threads must be positive");
            }
            if (ports.isEmpty()) {
                throw new IllegalArgumentException("no port");
            }
            ports = List.copyOf(ports);
            threads = Math.min(threads, connections);
        }

        public Options withScenario(Scenario other) {
            return new Options(host, ports, token, other, connections, threads, warmup, measure, drain,
                    requestTimeout, progress, serverCpuNanos);
        }

        /** Defaults from the bench.* system properties. */
        public static Options fromProperties(String host, int port, String token, Scenario scenario,
                                             PrintStream progress, LongSupplier serverCpuNanos) {
            return fromProperties(host, List.of(port), token, scenario, progress, serverCpuNanos);
        }

        /** Defaults from the bench.* system properties; the connections spread over {@code ports}. */
        public static Options fromProperties(String host, List<Integer> ports, String token, Scenario scenario,
                                             PrintStream progress, LongSupplier serverCpuNanos) {
            return new Options(host, ports, token, scenario,
                    Integer.getInteger("bench.connections", 64),
                    Integer.getInteger("bench.threads", 1),
                    duration("bench.warmup", "5s"),
                    duration("bench.duration", "10s"),
                    duration("bench.drain", "5s"),
                    duration("bench.requestTimeout", "5s"),
                    progress, serverCpuNanos);
        }
    }

    /** What a run measured. Latencies in the histogram are in nanoseconds. */
    public record Result(Scenario scenario, int connections, long operations, double seconds, Histogram latency,
                         long errors, long errorsTotal, long reconnects, String firstError,
                         double driverCpuCores, double serverCpuCores, double machineCpuCores,
                         List<TargetResult> targets) {

        /** Cores used by processes other than the driver and the server(s), or -1 when unknown. */
        public double othersCpuCores() {
            return machineCpuCores < 0 || serverCpuCores < 0 ? -1
                    : Math.max(0, machineCpuCores - driverCpuCores - serverCpuCores);
        }

        public double throughput() {
            return operations / seconds;
        }

        public double percentileMillis(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN
                    : latency.getValueAtPercentile(percentile) / 1e6;
        }

        public double maxMillis() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1e6;
        }

        public double meanMillis() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMean() / 1e6;
        }

        public String summary() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "%s, %d connections, %.1f s measured%n",
                    scenario.description, connections, seconds));
            s.append(String.format(Locale.ROOT, "  throughput  %,.0f %s (%,d operations)%n",
                    throughput(), scenario.unit, operations));
            s.append(String.format(Locale.ROOT,
                    "  latency ms  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f%n",
                    percentileMillis(50), percentileMillis(90), percentileMillis(99), percentileMillis(99.9),
                    maxMillis(), meanMillis()));
            s.append(String.format(Locale.ROOT, "  errors      %d in the window, %d in the whole run; %d reconnects%n",
                    errors, errorsTotal, reconnects));
            if (firstError != null) {
                s.append("  first error ").append(firstError).append(System.lineSeparator());
            }
            if (targets.size() > 1) {
                for (TargetResult t : targets) {
                    s.append(String.format(Locale.ROOT,
                            "  port %-5d  %2d connections  %,9.0f %s  p50 %.3f  p99 %.3f  p99.9 %.3f ms  errors %d%n",
                            t.port(), t.connections(), t.operations() / seconds, scenario.unit,
                            t.percentileMillis(50), t.percentileMillis(99), t.percentileMillis(99.9), t.errors()));
                }
            }
            s.append(String.format(Locale.ROOT, "  CPU         driver %.2f cores%s%s%n", driverCpuCores,
                    serverCpuCores < 0 ? "" : String.format(Locale.ROOT, ", server %.2f cores", serverCpuCores),
                    machineCpuCores < 0 ? "" : String.format(Locale.ROOT, ", whole machine %.2f of %d cores%s",
                            machineCpuCores, Runtime.getRuntime().availableProcessors(),
                            serverCpuCores < 0 ? "" : String.format(Locale.ROOT, " (others %.2f)",
                                    Math.max(0, machineCpuCores - driverCpuCores - serverCpuCores)))));
            return s.toString();
        }
    }

    /** One port's share of a run (its connections' operations in the window). */
    public record TargetResult(int port, int connections, long operations, long errors, Histogram latency) {

        public double percentileMillis(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN
                    : latency.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final byte[] ID_MEMBER = "\"id\"".getBytes(StandardCharsets.US_ASCII);

    private RestBench() {
    }

    public static void main(String[] args) throws Exception {
        String host = option(args, "host", "127.0.0.1");
        List<Integer> ports = new ArrayList<>();
        for (String p : option(args, "ports", option(args, "port", "8080")).split("\\s*,\\s*")) {
            ports.add(Integer.parseInt(p.trim()));
        }
        String envToken = System.getenv("JF_SERVER_API_TOKEN");
        String token = option(args, "token", envToken != null ? envToken : "bench-token");
        Scenario scenario = Scenario.parse(option(args, "scenario", "health"));
        Options defaults = Options.fromProperties(host, ports, token, scenario, System.out, () -> -1);
        Options options = new Options(host, ports, token, scenario,
                Integer.parseInt(option(args, "connections", Integer.toString(defaults.connections()))),
                Integer.parseInt(option(args, "threads", Integer.toString(defaults.threads()))),
                defaults.warmup(), defaults.measure(), defaults.drain(), defaults.requestTimeout(),
                System.out, () -> -1);
        Result result = run(options);
        System.out.print(result.summary());
        System.exit(result.operations() > 0 && result.errors() == 0 ? 0 : 1);
    }

    /** Runs one scenario to completion (bounded by warmup + measure + drain + a few seconds). */
    public static Result run(Options o) throws IOException, InterruptedException {
        List<Request> requests = new ArrayList<>();
        for (int port : o.ports()) {
            requests.add(new Request(o.host(), port, o.token()));
        }
        List<Worker> workers = new ArrayList<>();
        try {
            int first = 0;
            for (int t = 0; t < o.threads(); t++) {
                int count = o.connections() / o.threads() + (t < o.connections() % o.threads() ? 1 : 0);
                workers.add(new Worker(t, first, count, o, requests));
                first += count;
            }
            for (Worker w : workers) {
                w.connectAll();
            }
        } catch (IOException e) {
            for (Worker w : workers) {
                w.closeAll();
            }
            throw new IOException("cannot open " + o.connections() + " connections to " + o.host() + ":"
                    + o.ports() + ": " + e, e);
        }

        long start = System.nanoTime();
        long measureStart = start + o.warmup().toNanos();
        long measureEnd = measureStart + o.measure().toNanos();
        long drainEnd = measureEnd + o.drain().toNanos();
        List<Thread> threads = new ArrayList<>();
        for (Worker w : workers) {
            w.setSchedule(measureStart, measureEnd, drainEnd);
            Thread thread = new Thread(w, "bench-" + o.scenario().name().toLowerCase(Locale.ROOT) + "-" + w.index);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);

        // Progress once a second; CPU samples exactly at the window's boundaries.
        String name = o.scenario().name().toLowerCase(Locale.ROOT);
        long lastOps = 0;
        long lastAt = start;
        long driverCpu0 = -1;
        long machineCpu0 = -1;
        long machineCpu1 = -1;
        long serverCpu0 = -1;
        long driverCpu1 = -1;
        long serverCpu1 = -1;
        long nextTick = start + TimeUnit.SECONDS.toNanos(1);
        while (true) {
            long now = System.nanoTime();
            long wake = nextTick;
            if (driverCpu0 < 0 && measureStart < wake) {
                wake = measureStart;
            } else if (driverCpu0 >= 0 && driverCpu1 < 0 && measureEnd < wake) {
                wake = measureEnd;
            }
            if (wake > now) {
                TimeUnit.NANOSECONDS.sleep(Math.min(wake - now, TimeUnit.MILLISECONDS.toNanos(200)));
                if (threads.stream().noneMatch(Thread::isAlive)) {
                    break;
                }
                continue;
            }
            if (driverCpu0 < 0 && now >= measureStart) {
                machineCpu0 = machineBusyTicks();
                driverCpu0 = processCpuNanos();
                serverCpu0 = o.serverCpuNanos().getAsLong();
            }
            if (driverCpu0 >= 0 && driverCpu1 < 0 && now >= measureEnd) {
                machineCpu1 = machineBusyTicks();
                driverCpu1 = processCpuNanos();
                serverCpu1 = o.serverCpuNanos().getAsLong();
            }
            if (now >= nextTick) {
                long ops = 0;
                long errors = 0;
                for (Worker w : workers) {
                    ops += w.completedAll.get();
                    errors += w.errorsAll.get();
                }
                double rate = (ops - lastOps) / ((now - lastAt) / 1e9);
                long at = now - 1_000_000; // the second just ended belongs to the phase it ended in
                String phase = at < measureStart ? "warmup " : at < measureEnd ? "measure" : "drain  ";
                long into = at < measureStart ? now - start : at < measureEnd ? now - measureStart : now - measureEnd;
                long of = at < measureStart ? o.warmup().toNanos() : at < measureEnd ? o.measure().toNanos()
                        : o.drain().toNanos();
                if (o.progress() != null && now < drainEnd) {
                    o.progress().printf(Locale.ROOT, "  [%s] %s %2d/%ds  %,9.0f %s  errors %d%n", name, phase,
                            Math.round(into / 1e9), Math.round(of / 1e9), rate, o.scenario().unit, errors);
                }
                lastOps = ops;
                lastAt = now;
                nextTick += TimeUnit.SECONDS.toNanos(1);
            }
            if (threads.stream().noneMatch(Thread::isAlive)) {
                break;
            }
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
        if (driverCpu1 < 0) { // the workers finished early (all connections failed)
            machineCpu1 = machineBusyTicks();
            driverCpu1 = processCpuNanos();
            serverCpu1 = o.serverCpuNanos().getAsLong();
            if (driverCpu0 < 0) {
                driverCpu0 = driverCpu1;
                serverCpu0 = serverCpu1;
                machineCpu0 = machineCpu1;
            }
        }

        Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        int n = o.ports().size();
        Histogram[] perTarget = new Histogram[n];
        long[] opsPerTarget = new long[n];
        long[] errorsPerTarget = new long[n];
        int[] connsPerTarget = new int[n];
        for (int i = 0; i < n; i++) {
            perTarget[i] = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
            connsPerTarget[i] = o.connections() / n + (i < o.connections() % n ? 1 : 0);
        }
        long ops = 0;
        long errors = 0;
        long errorsTotal = 0;
        long reconnects = 0;
        String firstError = null;
        for (Worker w : workers) {
            w.closeAll();
            latency.add(w.histogram);
            for (int i = 0; i < n; i++) {
                perTarget[i].add(w.perTarget[i]);
                opsPerTarget[i] += w.opsPerTarget[i];
                errorsPerTarget[i] += w.errorsPerTarget[i];
            }
            ops += w.completedInWindow;
            errors += w.errorsInWindow;
            errorsTotal += w.errorsAll.get();
            reconnects += w.reconnects;
            if (firstError == null) {
                firstError = w.firstError.get();
            }
        }
        double seconds = o.measure().toNanos() / 1e9;
        double window = (measureEnd - measureStart) / 1e9;
        double driverCores = (driverCpu1 - driverCpu0) / 1e9 / window;
        double serverCores = serverCpu0 < 0 || serverCpu1 < 0 ? -1 : (serverCpu1 - serverCpu0) / 1e9 / window;
        double machineCores = machineCpu0 < 0 || machineCpu1 < 0 ? -1
                : (machineCpu1 - machineCpu0) / (double) CLOCK_TICKS / window;
        List<TargetResult> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            targets.add(new TargetResult(o.ports().get(i), connsPerTarget[i], opsPerTarget[i], errorsPerTarget[i],
                    perTarget[i]));
        }
        return new Result(o.scenario(), o.connections(), ops, seconds, latency, errors, errorsTotal, reconnects,
                firstError, driverCores, serverCores, machineCores, targets);
    }

    /** The pre-built request bytes of both scenarios. */
    static final class Request {
        final byte[] health;
        final byte[] createRoom;
        final byte[] deletePrefix;
        final byte[] deleteSuffix;

        Request(String host, int port, String token) {
            String common = "Host: " + host + ":" + port + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n";
            health = ascii("GET /health HTTP/1.1\r\n" + common + "\r\n");
            createRoom = ascii("POST /room HTTP/1.1\r\n" + common
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            deletePrefix = ascii("DELETE /room/");
            deleteSuffix = ascii(" HTTP/1.1\r\n" + common + "\r\n");
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private enum Stage { IDLE, HEALTH, CREATE, DELETE }

    /** One persistent connection with one request outstanding at a time. */
    private static final class Conn {
        final int target;              // index into Options.ports
        final InetSocketAddress address;
        final Request requests;
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer in = ByteBuffer.allocate(8192);
        final ByteBuffer out = ByteBuffer.allocate(1024);
        final ResponseParser parser = new ResponseParser();
        Stage stage = Stage.IDLE;
        long opStart;      // first byte of the operation's first request
        long requestStart; // first byte of the request outstanding

        Conn(int target, InetSocketAddress address, Request requests) {
            this.target = target;
            this.address = address;
            this.requests = requests;
        }
    }

    /** One platform thread: a selector over a share of the connections. */
    private static final class Worker implements Runnable {
        final int index;
        final Options o;
        final Selector selector;
        final List<Conn> conns = new ArrayList<>();
        final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        final Histogram[] perTarget;
        final long[] opsPerTarget;
        final long[] errorsPerTarget;
        final AtomicLong completedAll = new AtomicLong();
        final AtomicLong errorsAll = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        long completedInWindow;
        long errorsInWindow;
        long reconnects;
        long measureStart;
        long measureEnd;
        long drainEnd;
        boolean stopping;
        int busy;
        long lastTimeoutScan;

        /** Connections {@code first .. first + connections - 1} of the run; connection i goes to port i mod n. */
        Worker(int index, int first, int connections, Options o, List<Request> requests) throws IOException {
            this.index = index;
            this.o = o;
            this.selector = Selector.open();
            int n = o.ports().size();
            perTarget = new Histogram[n];
            for (int i = 0; i < n; i++) {
                perTarget[i] = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
            }
            opsPerTarget = new long[n];
            errorsPerTarget = new long[n];
            for (int i = first; i < first + connections; i++) {
                int target = i % n;
                conns.add(new Conn(target, new InetSocketAddress(o.host(), o.ports().get(target)),
                        requests.get(target)));
            }
        }

        void setSchedule(long measureStart, long measureEnd, long drainEnd) {
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
            this.drainEnd = drainEnd;
        }

        void connectAll() throws IOException {
            for (Conn c : conns) {
                connect(c);
            }
        }

        private void connect(Conn c) throws IOException {
            SocketChannel ch = SocketChannel.open();
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(c.address); // blocking: loopback connects at once
                ch.configureBlocking(false);
                c.channel = ch;
                c.key = ch.register(selector, 0, c);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            c.in.clear();
            c.parser.reset();
            c.stage = Stage.IDLE;
        }

        void closeAll() {
            for (Conn c : conns) {
                closeQuietly(c);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }

        private static void closeQuietly(Conn c) {
            if (c.channel != null) {
                try {
                    c.channel.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
                c.channel = null;
                c.key = null;
            }
        }

        @Override
        public void run() {
            try {
                for (Conn c : conns) {
                    startOperation(c, System.nanoTime());
                }
                while (busy > 0) {
                    long now = System.nanoTime();
                    if (!stopping && now >= measureEnd) {
                        stopping = true; // no new operations; those in flight finish
                    }
                    if (now >= drainEnd) {
                        break;
                    }
                    selector.select(20);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        Conn c = (Conn) key.attachment();
                        if (!key.isValid() || c.channel == null) {
                            continue;
                        }
                        if (key.isWritable()) {
                            onWritable(c);
                        } else if (key.isReadable()) {
                            onReadable(c);
                        }
                    }
                    now = System.nanoTime();
                    if (now - lastTimeoutScan > TimeUnit.MILLISECONDS.toNanos(100)) {
                        lastTimeoutScan = now;
                        for (Conn c : conns) {
                            if (c.stage != Stage.IDLE && now - c.requestStart > o.requestTimeout().toNanos()) {
                                fail(c, now, "no response to " + c.stage + " within " + o.requestTimeout());
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                firstError.compareAndSet(null, "driver thread failed: " + e);
                errorsAll.incrementAndGet();
            }
        }

        private void startOperation(Conn c, long now) {
            if (stopping || now >= measureEnd) {
                stopping = true;
                if (c.stage != Stage.IDLE) {
                    c.stage = Stage.IDLE;
                    busy--;
                }
                return;
            }
            if (c.stage == Stage.IDLE) {
                busy++;
            }
            c.opStart = now;
            if (o.scenario() == Scenario.HEALTH) {
                c.stage = Stage.HEALTH;
                send(c, c.requests.health, now);
            } else {
                c.stage = Stage.CREATE;
                send(c, c.requests.createRoom, now);
            }
        }

        private void send(Conn c, byte[] request, long now) {
            c.out.clear();
            c.out.put(request).flip();
            write(c, now);
        }

        private void write(Conn c, long now) {
            c.requestStart = now;
            try {
                c.channel.write(c.out);
                c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            } catch (IOException e) {
                fail(c, now, "write failed: " + e);
            }
        }

        private void onWritable(Conn c) {
            try {
                c.channel.write(c.out);
                if (!c.out.hasRemaining()) {
                    c.key.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                fail(c, System.nanoTime(), "write failed: " + e);
            }
        }

        private void onReadable(Conn c) {
            int n;
            try {
                if (!c.in.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(c.in.capacity() * 2);
                    c.in.flip();
                    bigger.put(c.in);
                    c.in = bigger;
                }
                n = c.channel.read(c.in);
            } catch (IOException e) {
                fail(c, System.nanoTime(), "read failed: " + e);
                return;
            }
            long now = System.nanoTime();
            if (n < 0) {
                fail(c, now, "connection closed by the server during " + c.stage);
                return;
            }
            if (c.stage == Stage.IDLE) {
                fail(c, now, "unsolicited bytes from the server");
                return;
            }
            int complete;
            try {
                complete = c.parser.parse(c.in.array(), c.in.position(), false);
            } catch (ResponseParser.MalformedResponse e) {
                fail(c, now, e.getMessage());
                return;
            }
            if (complete < 0) {
                return;
            }
            if (complete != c.in.position()) {
                fail(c, now, "extra bytes after a complete response");
                return;
            }
            onResponse(c, now);
        }

        private void onResponse(Conn c, long now) {
            ResponseParser p = c.parser;
            int status = p.status();
            boolean close = p.connectionClose();
            switch (c.stage) {
                case HEALTH -> {
                    if (status != 200) {
                        error(c, now, "GET /health answered " + status + ": " + abbreviate(p.bodyText()));
                    } else {
                        complete(c, now);
                    }
                }
                case CREATE -> {
                    long id = status == 201 ? p.findStringMember(ID_MEMBER) : -1;
                    if (id < 0) {
                        error(c, now, "POST /room answered " + status + ": " + abbreviate(p.bodyText()));
                    } else {
                        int off = (int) (id >>> 32);
                        int len = (int) id;
                        if (!isPlainId(p.body(), off, len)) {
                            error(c, now, "room id not URL-safe: " + abbreviate(p.bodyText()));
                        } else if (o.scenario() == Scenario.CREATE) {
                            complete(c, now); // the room stays
                        } else {
                            // the DELETE is written before the buffer is reused: the id lives in it
                            c.out.clear();
                            c.out.put(c.requests.deletePrefix).put(p.body(), off, len).put(c.requests.deleteSuffix)
                                    .flip();
                            c.stage = Stage.DELETE;
                            c.in.clear();
                            p.reset();
                            if (close) {
                                reconnectFor(c, now);
                                if (c.channel == null) {
                                    return;
                                }
                            }
                            write(c, System.nanoTime());
                            return;
                        }
                    }
                }
                case DELETE -> {
                    if (status != 204 && status != 200) {
                        error(c, now, "DELETE /room/<id> answered " + status + ": " + abbreviate(p.bodyText()));
                    } else {
                        complete(c, now);
                    }
                }
                default -> throw new IllegalStateException();
            }
            c.in.clear();
            p.reset();
            if (close) {
                reconnectFor(c, now);
                if (c.channel == null) {
                    return;
                }
            }
            startOperation(c, System.nanoTime());
        }

        private void complete(Conn c, long now) {
            completedAll.lazySet(completedAll.get() + 1);
            if (now >= measureStart && now < measureEnd) {
                completedInWindow++;
                long nanos = Math.min(now - c.opStart, HIGHEST_TRACKABLE_NANOS);
                histogram.recordValue(nanos);
                perTarget[c.target].recordValue(nanos);
                opsPerTarget[c.target]++;
            }
        }

        private void error(Conn c, long now, String message) {
            errorsAll.incrementAndGet();
            firstError.compareAndSet(null, message);
            if (now >= measureStart && now < measureEnd) {
                errorsInWindow++;
                errorsPerTarget[c.target]++;
            }
        }

        /** An I/O or protocol failure: counts an error and starts over on a new connection. */
        private void fail(Conn c, long now, String message) {
            error(c, now, message);
            reconnectFor(c, now);
            if (c.channel != null) {
                // a new operation starts from its beginning on the new connection
                if (c.stage != Stage.IDLE) {
                    c.stage = Stage.IDLE;
                    busy--;
                }
                startOperation(c, System.nanoTime());
            }
        }

        /** Replaces the connection; on failure the connection is dropped from the run. */
        private void reconnectFor(Conn c, long now) {
            closeQuietly(c);
            reconnects++;
            if (now >= drainEnd) {
                dropped(c);
                return;
            }
            try {
                Stage stage = c.stage;
                connect(c);
                c.stage = stage;
            } catch (IOException e) {
                error(c, now, "reconnect failed: " + e);
                dropped(c);
            }
        }

        private void dropped(Conn c) {
            if (c.stage != Stage.IDLE) {
                c.stage = Stage.IDLE;
                busy--;
            }
        }

        private static boolean isPlainId(byte[] b, int off, int len) {
            if (len == 0 || len > 200) {
                return false;
            }
            for (int i = off; i < off + len; i++) {
                int ch = b[i];
                boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                        || ch == '-' || ch == '_' || ch == '.' || ch == '~';
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }

    static String abbreviate(String s) {
        String oneLine = s.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }

    /** Linux's USER_HZ: the unit of /proc/stat and /proc/<pid>/stat times; 100 on every mainstream platform. */
    static final long CLOCK_TICKS = 100;

    /** Busy time of all CPUs (everything but idle and iowait) from /proc/stat, in clock ticks, or -1. */
    static long machineBusyTicks() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = 0;
                    for (int i = 1; i < f.length && i <= 7; i++) { // user nice system idle iowait irq softirq
                        if (i != 4 && i != 5) { // idle, iowait
                            busy += Long.parseLong(f[i]);
                        }
                    }
                    return busy;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static String option(String[] args, String name, String fallback) {
        String prefix = "--" + name + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return arg.substring(prefix.length());
            }
        }
        return System.getProperty("bench." + name, fallback);
    }

    /** Reads a duration property: {@code 10} (seconds), {@code 10s}, {@code 500ms}, {@code 2m}. */
    static Duration duration(String property, String fallback) {
        String text = System.getProperty(property, fallback).trim().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            }
            if (text.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + ": not a duration: " + text + " (e.g. 10s, 500ms, 2m)");
        }
    }
}
