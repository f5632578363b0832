package io.jellyfish.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jellyfish.bench.BenchSupport.BenchFailure;
import io.jellyfish.bench.BenchSupport.CpuWindow;
import io.jellyfish.protocol.PeerNotifications.PeerMessage;
import io.jellyfish.protocol.ServerNotifications.ServerMessage;
import io.jellyfish.protocol.ServerNotifications.ServerMessage.EventType;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import static io.jellyfish.bench.BenchSupport.fmt;
import static io.jellyfish.bench.BenchSupport.verdict;

/**
 * The WebSocket and notification benchmark against the real tarball: one {@code bin/jellyfish}
 * started as its own process on free loopback ports, with {@code JAVA_OPTS} giving it a 1 GB heap
 * ({@code -Xmx1g}), and in order:
 * <ol>
 *   <li><b>peer sockets</b>: {@code bench.peerRooms} rooms (100) with {@code maxPeers} =
 *       {@code bench.peersPerRoom} (100) WebRTC peers each, created over REST; one
 *       {@code /socket/peer/websocket} client per peer (10,000), each sending
 *       {@code PeerMessage{authRequest{token}}} on open, until every one has received
 *       {@code authenticated}; then the server's live heap after a full GC ({@code jcmd GC.run},
 *       {@code GC.heap_info}), its RSS and {@code -XX:MaxHeapSize}, whether every socket is still
 *       open and whether a sample answers a ping. The rooms are then deleted (the server closes
 *       the sockets with "Room stopped");</li>
 *   <li><b>notification fan-out</b>: {@code bench.serverSockets} (100) {@code /socket/server/websocket}
 *       clients authenticated and subscribed to {@code EVENT_TYPE_SERVER_NOTIFICATION}; one REST
 *       client produces events at a steady {@code bench.fanoutRate} (250/s) by cycling
 *       {@code POST /room} (with a room id of its own), {@code POST .../peer},
 *       {@code DELETE .../peer/<id>}, {@code DELETE /room/<id>}: each call causes exactly one
 *       notification, delivered to every socket. Per delivery: arrival (when the client's
 *       listener got the whole frame) minus the time the REST request causing it started to be
 *       written. The notification is published while the server handles that request, so this
 *       interval is an upper bound of event-to-delivery (it includes the request's way into the
 *       server); arrival minus the REST response's arrival is printed too;</li>
 *   <li><b>webhook throughput</b>: a receiver in this JVM (the JDK's HTTP server, virtual
 *       threads) that answers 200 and checks each POST is {@code application/x-protobuf} and
 *       parses as a {@code ServerMessage}; {@code bench.webhookClients} (32) REST clients each
 *       cycle: create a room with {@code webhookUrl} pointing at it, add
 *       {@code bench.webhookPeers} (20) peers, delete the room (which deletes its peers): 2 x
 *       peers + 2 notifications per cycle. Deliveries received per second over
 *       {@code bench.duration} (10 s) after {@code bench.warmup} (5 s), then every notification
 *       produced must have arrived.</li>
 * </ol>
 * then prints metric | measured | target | PASS/MISS | others ("others": the cores processes other
 * than this harness and the server used during that measurement) and stops the server, also on
 * failure, Ctrl-C or after {@code bench.maxTime}.
 *
 * <p>Usage: {@code bench/run-socket-bench.sh}, or {@code java -cp
 * bench/target/jellyfish-bench-0.5.0.jar io.jellyfish.bench.SocketBench [TARBALL]}. Exit status 0
 * when every target passes, 1 when one is missed, 2 when the benchmark could not run.
 * Properties: see bench/README.md.
 */
public final class SocketBench {

    private static final PrintStream OUT = System.out;
    /** bin/jellyfish's own default, given explicitly: the 1 GB heap is the point of the first step. */
    static final String DEFAULT_SERVER_JAVA_OPTS = "-XX:+UseSerialGC -Xms32m -Xmx1g -XX:+ExitOnOutOfMemoryError";
    private static final double BUSY_CORES = BenchSupport.BUSY_CORES;

    // targets
    private static final double HEAP_TARGET_MB = 1024;
    private static final double FANOUT_P99_TARGET_MS = 10;
    private static final double WEBHOOK_RATE_TARGET = 5_000;

    private final BenchSupport.Table table = new BenchSupport.Table("others");
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private volatile SingleNode node;
    private final ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
    /** One client for every WebSocket of the run: one selector thread for all of them. */
    private final HttpClient client = HttpClient.newBuilder().executor(callbacks).build();

    public static void main(String[] args) {
        SocketBench bench = new SocketBench();
        int status;
        try {
            status = BenchSupport.runGuarded(() -> bench.run(args), bench::printLogTail);
        } finally {
            bench.stopServer();
            if (bench.node != null) {
                bench.node.cleanUp(false);
            }
        }
        System.exit(status);
    }

    private int run(String[] args) throws Exception {
        Path tarball = BenchSupport.findTarball(args);
        List<String> steps = List.of(System.getProperty("bench.scenarios", "sockets,fanout,webhooks")
                .toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
        Duration maxTime = RestBench.duration("bench.maxTime", "5m");
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopServer, "bench-stop-server"));
        BenchSupport.waitForQuiet(OUT, notes::add);
        BenchSupport.startWatchdog(maxTime, this::stopServer);

        node = SingleNode.unpack(tarball, "jellyfish-socket-bench-", OUT);
        node.start(System.getProperty("bench.serverJavaOpts", DEFAULT_SERVER_JAVA_OPTS));
        // Warm the REST paths and the socket code a little, so one-time class loading is not counted.
        warmUp();

        if (steps.contains("sockets")) {
            peerSockets();
        }
        if (steps.contains("fanout")) {
            fanOut();
        }
        if (steps.contains("webhooks")) {
            webhooks();
        }
        rows("server RSS at the end / peak (VmHWM)", fmt("%.1f / %.1f MB", node.statusMb("VmRSS"),
                node.statusMb("VmHWM")), "-", "info", -1);
        stopServer();
        notes.add(0, "others: cores used by processes other than this harness and the server during that"
                + " measurement (above " + BUSY_CORES + " the machine was busy); /proc/loadavg at the end: "
                + BenchSupport.loadavg());
        table.print(OUT, "Jellyfish 0.5.0 socket and notification benchmark (" + Runtime.getRuntime().availableProcessors()
                + " CPUs, loopback, JDK " + System.getProperty("java.version") + ")", notes);
        node.cleanUp(true);
        return table.anyMiss() ? 1 : 0;
    }

    private void warmUp() throws Exception {
        step("warm-up: 20 rooms with a peer each, their sockets authenticated, then deleted");
        List<String> rooms = node.createRooms(20, 4, "{}", false);
        List<PeerClient> peers = new ArrayList<>();
        try (SimpleHttp http = node.http(10_000)) {
            for (String room : rooms) {
                peers.add(new PeerClient(addPeer(http, room)));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (PeerClient p : peers) {
            p.open(client, uri(SocketsPath.PEER), Duration.ofSeconds(10));
        }
        for (PeerClient p : peers) {
            p.authenticated.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        node.deleteRooms(rooms, 4, false);
        awaitEnded(peers, Duration.ofSeconds(10));
    }

    // ------------------------------------------------------------------ 1. peer sockets

    private void peerSockets() throws Exception {
        int roomCount = Integer.getInteger("bench.peerRooms", 100);
        int perRoom = Integer.getInteger("bench.peersPerRoom", 100);
        int total = roomCount * perRoom;
        int concurrency = Integer.getInteger("bench.connectConcurrency", 256);
        step(fmt("peer sockets: %,d rooms x %,d peers over REST, then %,d sockets (%d opening at a time)",
                roomCount, perRoom, total, concurrency));
        long heapBase = node.liveHeapKb();
        List<String> rooms = node.createRooms(roomCount, 4, "{\"maxPeers\": " + perRoom + "}", false);
        List<PeerClient> peers = Collections.synchronizedList(new ArrayList<>(total));
        AtomicInteger nextRoom = new AtomicInteger();
        long tRest = System.nanoTime();
        node.runParallel(4, http -> {
            int r;
            while ((r = nextRoom.getAndIncrement()) < rooms.size()) {
                for (int i = 0; i < perRoom; i++) {
                    peers.add(new PeerClient(addPeer(http, rooms.get(r))));
                }
            }
        });
        OUT.printf(Locale.ROOT, "    %,d rooms and %,d peers created in %.1f s%n", rooms.size(), peers.size(),
                (System.nanoTime() - tRest) / 1e9);
        long heapRooms = node.liveHeapKb();
        OUT.printf(Locale.ROOT, "    live heap: %.1f MB at start, %.1f MB with the rooms and peers%n",
                heapBase / 1024.0, heapRooms / 1024.0);

        // Open and authenticate every socket, at most `concurrency` handshakes in flight.
        CpuWindow cpu = new CpuWindow(node::cpuNanos);
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger authenticated = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Histogram authLatency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long t0 = System.nanoTime();
        long deadline = t0 + RestBench.duration("bench.connectTimeout", "120s").toNanos();
        long nextReport = t0 + TimeUnit.SECONDS.toNanos(2);
        URI peerUri = uri(SocketsPath.PEER);
        for (PeerClient p : peers) {
            while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                checkDeadline(deadline, authenticated.get(), total, firstFailure.get());
            }
            long started = System.nanoTime();
            p.open(client, peerUri, Duration.ofSeconds(30)).whenComplete((ws, e) -> {
                if (e != null) {
                    p.authenticated.completeExceptionally(new IllegalStateException("opening a peer socket: " + e));
                }
            });
            p.authenticated.whenComplete((at, e) -> {
                inFlight.release();
                if (e == null) {
                    authenticated.incrementAndGet();
                    synchronized (authLatency) {
                        authLatency.recordValue(Math.min(at - started, authLatency.getHighestTrackableValue()));
                    }
                } else {
                    firstFailure.compareAndSet(null, e.getMessage());
                }
            });
            long now = System.nanoTime();
            if (now >= nextReport) {
                OUT.printf(Locale.ROOT, "    %4.1f s: %,d/%,d authenticated%n", (now - t0) / 1e9, authenticated.get(), total);
                nextReport = now + TimeUnit.SECONDS.toNanos(2);
            }
        }
        while (authenticated.get() < total) {
            checkDeadline(deadline, authenticated.get(), total, firstFailure.get());
            Thread.sleep(20);
            long now = System.nanoTime();
            if (now >= nextReport) {
                OUT.printf(Locale.ROOT, "    %4.1f s: %,d/%,d authenticated%n", (now - t0) / 1e9, authenticated.get(), total);
                nextReport = now + TimeUnit.SECONDS.toNanos(2);
            }
        }
        long lastAuth = peers.stream().mapToLong(p -> p.authenticated.join()).max().orElse(t0);
        double connectSeconds = (lastAuth - t0) / 1e9;
        double othersConnect = cpu.othersCores();
        OUT.printf(Locale.ROOT, "    all %,d authenticated after %.2f s (%,.0f/s); per socket open -> authenticated"
                        + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", total, connectSeconds, total / connectSeconds,
                ms(authLatency, 50), ms(authLatency, 99), authLatency.getMaxValue() / 1e6);
        node.checkAlive();

        // Hold them, measure, and check they are all still there.
        step("with every socket open: full GC, live heap, RSS, -XX:MaxHeapSize; a ping to a sample");
        Thread.sleep(1000);
        long heapSockets = node.liveHeapKb();
        double rss = node.statusMb("VmRSS");
        double hwm = node.statusMb("VmHWM");
        long maxHeap = node.maxHeapBytes();
        int sample = Math.min(100, total);
        List<PeerClient> pinged = new ArrayList<>();
        for (int i = 0; i < sample; i++) {
            pinged.add(peers.get((int) ((long) i * total / sample)));
        }
        for (PeerClient p : pinged) {
            p.ping();
        }
        long pingDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pinged.stream().anyMatch(p -> p.pongs() == 0) && System.nanoTime() < pingDeadline) {
            Thread.sleep(10);
        }
        long ponged = pinged.stream().filter(p -> p.pongs() > 0).count();
        List<PeerClient> ended = peers.stream().filter(WsClient::isEnded).toList();
        node.checkAlive();
        double mbSockets = heapSockets / 1024.0;
        double perSocketKb = (heapSockets - heapRooms) / (double) total;
        OUT.printf(Locale.ROOT, "    live heap %.1f MB (%.1f MB more than without sockets: %.1f KB per socket);"
                        + " RSS %.1f MB, peak %.1f MB; MaxHeapSize %s; %d/%d pongs; %d socket(s) ended%s%n",
                mbSockets, (heapSockets - heapRooms) / 1024.0, perSocketKb, rss, hwm, maxHeapText(maxHeap),
                ponged, sample, ended.size(), ended.isEmpty() ? "" : " (first: " + ended.getFirst().state() + ")");

        boolean fitsHeap = maxHeap > 0 && maxHeap <= (1L << 30) && mbSockets < HEAP_TARGET_MB;
        boolean allAlive = ended.isEmpty() && ponged == sample;
        rows(fmt("%,d peer sockets authenticated and open on one node", total),
                fmt("%,d/%,d authenticated, %d ended, %d/%d answer a ping", authenticated.get(), total, ended.size(),
                        ponged, sample), "all, with -Xmx1g", verdict(allAlive && fitsHeap), othersConnect);
        rows(fmt("server live heap with %,d sockets (after full GC)", total),
                fmt("%.1f MB (+%.1f KB/socket), max heap %s", mbSockets, perSocketKb, maxHeapText(maxHeap)),
                fmt("< %.0f MB", HEAP_TARGET_MB), verdict(fitsHeap), -1);
        rows(fmt("server RSS with %,d sockets / peak (VmHWM)", total), fmt("%.1f / %.1f MB", rss, hwm), "-", "info", -1);
        rows(fmt("time to open + authenticate %,d sockets", total),
                fmt("%.2f s (%,.0f/s; each p50 %.1f / p99 %.1f ms)", connectSeconds, total / connectSeconds,
                        ms(authLatency, 50), ms(authLatency, 99)), "-", "info", othersConnect);

        step(fmt("deleting the %,d rooms (the server closes the sockets: \"Room stopped\")", rooms.size()));
        node.deleteRooms(rooms, 4, false);
        awaitEnded(peers, Duration.ofSeconds(30));
        Map<String, Long> closes = peers.stream().collect(Collectors.groupingBy(WsClient::state, Collectors.counting()));
        OUT.println("    sockets: " + closes);
        if (closes.getOrDefault("closed 1000 Room stopped", 0L) != total) {
            notes.add("after deleting the rooms the peer sockets ended as " + closes + " (expected all \"closed 1000"
                    + " Room stopped\")");
        }
    }

    private void checkDeadline(long deadline, int done, int total, String failure) {
        if (failure != null) {
            throw new BenchFailure(fmt("peer sockets: %,d/%,d authenticated, then: %s", done, total, failure));
        }
        node.checkAlive();
        if (System.nanoTime() > deadline) {
            throw new BenchFailure(fmt("peer sockets: only %,d/%,d authenticated within bench.connectTimeout", done,
                    total));
        }
    }

    private static String addPeer(SimpleHttp http, String room) throws IOException {
        SimpleHttp.Response r = http.post("/room/" + room + "/peer", "{\"type\": \"webrtc\"}");
        SingleNode.expectId(r, "POST /room/" + room + "/peer");
        String token = SimpleHttp.firstString(r.body(), "token");
        if (token == null) {
            throw new BenchFailure("POST /room/" + room + "/peer: no token in " + RestBench.abbreviate(r.body()));
        }
        return token;
    }

    private static String maxHeapText(long bytes) {
        return bytes < 0 ? "unknown" : fmt("%.0f MB", bytes / 1048576.0);
    }

    /** A peer socket that authenticates with its token on open; completes with the arrival time of {@code authenticated}. */
    private static final class PeerClient extends WsClient {
        private final byte[] authRequest;
        final CompletableFuture<Long> authenticated = new CompletableFuture<>();

        PeerClient(String token) {
            authRequest = PeerMessage.newBuilder()
                    .setAuthRequest(PeerMessage.AuthRequest.newBuilder().setToken(token)).build().toByteArray();
            ended().thenRun(() -> authenticated.completeExceptionally(
                    new IllegalStateException("peer socket " + state() + " before authenticated")));
        }

        @Override
        protected void onOpened(WebSocket webSocket) {
            webSocket.sendBinary(ByteBuffer.wrap(authRequest), true);
        }

        @Override
        protected void onMessage(WebSocket webSocket, byte[] message, long arrivalNanos) {
            try {
                if (PeerMessage.parseFrom(message).hasAuthenticated()) {
                    authenticated.complete(arrivalNanos);
                }
            } catch (InvalidProtocolBufferException e) {
                authenticated.completeExceptionally(new IllegalStateException("not a PeerMessage: " + e.getMessage()));
            }
        }
    }

    // ------------------------------------------------------------------ 2. notification fan-out

    /** The notifications one fan-out cycle causes, in order: one REST call each. */
    private enum FanoutEvent {
        ROOM_CREATED, PEER_ADDED, PEER_DELETED, ROOM_DELETED;

        static FanoutEvent of(ServerMessage m) {
            return switch (m.getContentCase()) {
                case ROOM_CREATED -> ROOM_CREATED;
                case PEER_ADDED -> PEER_ADDED;
                case PEER_DELETED -> PEER_DELETED;
                case ROOM_DELETED -> ROOM_DELETED;
                default -> null;
            };
        }

        static String roomId(ServerMessage m) {
            return switch (m.getContentCase()) {
                case ROOM_CREATED -> m.getRoomCreated().getRoomId();
                case PEER_ADDED -> m.getPeerAdded().getRoomId();
                case PEER_DELETED -> m.getPeerDeleted().getRoomId();
                case ROOM_DELETED -> m.getRoomDeleted().getRoomId();
                default -> "";
            };
        }
    }

    /** What the fan-out's event generator and the sockets share. */
    private static final class Fanout {
        final int events;
        final long[] sent;
        final long[] answered;
        /** event kind + room id -> event index, registered before the REST request is written. */
        final Map<String, Integer> index = new ConcurrentHashMap<>();
        final LongAdder delivered = new LongAdder();
        final LongAdder unexpected = new LongAdder();

        Fanout(int events) {
            this.events = events;
            this.sent = new long[events];
            this.answered = new long[events];
        }

        static String key(FanoutEvent kind, String roomId) {
            return kind.ordinal() + ":" + roomId;
        }
    }

    /** A server socket: authenticates, subscribes to server notifications, then records each notification's arrival. */
    private static final class ServerClient extends WsClient {
        private static final byte[] SUBSCRIBE = ServerMessage.newBuilder().setSubscribeRequest(
                ServerMessage.SubscribeRequest.newBuilder().setEventType(EventType.EVENT_TYPE_SERVER_NOTIFICATION))
                .build().toByteArray();
        private final byte[] authRequest;
        private final Fanout fanout;
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        /** Arrival time per event index (0: not arrived); written by this socket's callbacks only. */
        final long[] arrival;
        private volatile CompletableFuture<WebSocket> authSent;

        ServerClient(String apiToken, Fanout fanout) {
            this.authRequest = ServerMessage.newBuilder().setAuthRequest(
                    ServerMessage.AuthRequest.newBuilder().setToken(apiToken)).build().toByteArray();
            this.fanout = fanout;
            this.arrival = new long[fanout.events];
            ended().thenRun(() -> subscribed.completeExceptionally(
                    new IllegalStateException("server socket " + state() + " before subscribeResponse")));
        }

        @Override
        protected void onOpened(WebSocket webSocket) {
            authSent = webSocket.sendBinary(ByteBuffer.wrap(authRequest), true);
        }

        @Override
        protected void onMessage(WebSocket webSocket, byte[] message, long arrivalNanos) {
            ServerMessage m;
            try {
                m = ServerMessage.parseFrom(message);
            } catch (InvalidProtocolBufferException e) {
                fanout.unexpected.increment();
                return;
            }
            switch (m.getContentCase()) {
                case AUTHENTICATED -> authSent.thenCompose(ws -> ws.sendBinary(ByteBuffer.wrap(SUBSCRIBE), true));
                case SUBSCRIBE_RESPONSE -> subscribed.complete(null);
                default -> {
                    FanoutEvent kind = FanoutEvent.of(m);
                    Integer i = kind == null ? null : fanout.index.get(Fanout.key(kind, FanoutEvent.roomId(m)));
                    if (i == null || arrival[i] != 0) {
                        fanout.unexpected.increment();
                    } else {
                        arrival[i] = arrivalNanos;
                        fanout.delivered.increment();
                    }
                }
            }
        }
    }

    private void fanOut() throws Exception {
        int sockets = Integer.getInteger("bench.serverSockets", 100);
        double rate = Double.parseDouble(System.getProperty("bench.fanoutRate", "250"));
        int warm = Integer.getInteger("bench.fanoutWarmupEvents", 400) / 4 * 4;
        int measured = Integer.getInteger("bench.fanoutEvents", 3000) / 4 * 4;
        Fanout fanout = new Fanout(warm + measured);
        step(fmt("notification fan-out: %d server sockets subscribed; %,d + %,d events (REST) at %.0f/s", sockets,
                warm, measured, rate));
        List<ServerClient> clients = new ArrayList<>();
        URI serverUri = uri(SocketsPath.SERVER);
        for (int i = 0; i < sockets; i++) {
            ServerClient c = new ServerClient(SingleNode.TOKEN, fanout);
            clients.add(c);
            c.open(client, serverUri, Duration.ofSeconds(10));
        }
        try {
            CompletableFuture.allOf(clients.stream().map(c -> c.subscribed).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BenchFailure("server sockets: " + e.getCause().getMessage());
        }
        OUT.printf(Locale.ROOT, "    %d server sockets authenticated and subscribed%n", sockets);

        CpuWindow cpu = null;
        BenchSupport.ThreadCpu serverThreads = null;
        BenchSupport.ThreadCpu ownThreads = null;
        long periodNanos = (long) (1e9 / rate);
        Path jfr = profile() ? node.armJfr("fanout", Duration.ofNanos(warm * periodNanos),
                Duration.ofNanos(measured * periodNanos)) : null;
        int late = 0;
        long prefix = System.nanoTime() % 100_000;
        try (SimpleHttp http = node.http(10_000)) {
            long t0 = System.nanoTime();
            String peerId = null;
            for (int e = 0; e < fanout.events; e++) {
                if (e == warm) {
                    cpu = new CpuWindow(node::cpuNanos);
                    serverThreads = new BenchSupport.ThreadCpu(List.of(node.pid()));
                    ownThreads = new BenchSupport.ThreadCpu(List.of(ProcessHandle.current().pid()));
                    OUT.printf(Locale.ROOT, "    %,d warm-up events sent; measuring %,d%n", warm, measured);
                }
                long due = t0 + e * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else if (wait < -TimeUnit.MILLISECONDS.toNanos(1)) {
                    late++;
                }
                FanoutEvent kind = FanoutEvent.values()[e % 4];
                String room = "fanout-" + prefix + "-" + (e / 4);
                fanout.index.put(Fanout.key(kind, room), e);
                fanout.sent[e] = System.nanoTime();
                SimpleHttp.Response r = switch (kind) {
                    case ROOM_CREATED -> http.post("/room", "{\"roomId\": \"" + room + "\"}");
                    case PEER_ADDED -> http.post("/room/" + room + "/peer", "{\"type\": \"webrtc\"}");
                    case PEER_DELETED -> http.delete("/room/" + room + "/peer/" + peerId);
                    case ROOM_DELETED -> http.delete("/room/" + room);
                };
                fanout.answered[e] = System.nanoTime();
                switch (kind) {
                    case ROOM_CREATED -> SingleNode.expectId(r, "POST /room");
                    case PEER_ADDED -> peerId = SingleNode.expectId(r, "POST /room/" + room + "/peer");
                    default -> SingleNode.expectDeleted(r, kind + " of " + room);
                }
                if (e > 0 && e % 1000 == 0) {
                    OUT.printf(Locale.ROOT, "    %,d/%,d events, %,d deliveries so far%n", e, fanout.events,
                            fanout.delivered.sum());
                }
            }
        }
        long expected = (long) fanout.events * sockets;
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fanout.delivered.sum() < expected && System.nanoTime() < drainDeadline) {
            Thread.sleep(10);
        }
        double others = cpu == null ? -1 : cpu.othersCores();
        Map<String, Double> serverSplit = serverThreads == null ? Map.of() : serverThreads.cores();
        Map<String, Double> ownSplit = ownThreads == null ? Map.of() : ownThreads.cores();
        for (ServerClient c : clients) {
            c.close();
        }

        Histogram fromSend = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram fromAnswer = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram rest = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long missing = 0;
        long beforeAnswer = 0;
        for (int e = warm; e < fanout.events; e++) {
            rest.recordValue(Math.max(0, fanout.answered[e] - fanout.sent[e]));
            for (ServerClient c : clients) {
                long at = c.arrival[e];
                if (at == 0) {
                    missing++;
                    continue;
                }
                fromSend.recordValue(Math.min(Math.max(0, at - fanout.sent[e]), fromSend.getHighestTrackableValue()));
                long afterAnswer = at - fanout.answered[e];
                if (afterAnswer < 0) {
                    beforeAnswer++;
                }
                fromAnswer.recordValue(Math.min(Math.max(0, afterAnswer), fromAnswer.getHighestTrackableValue()));
            }
        }
        long deliveries = (long) measured * sockets;
        OUT.printf(Locale.ROOT, "    %,d measured deliveries (%,d missing, %,d unexpected); %d event(s) sent > 1 ms"
                        + " late%n", deliveries - missing, missing, fanout.unexpected.sum(), late);
        OUT.printf(Locale.ROOT, "    REST request sent -> delivered: p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f ms%n",
                ms(fromSend, 50), ms(fromSend, 99), ms(fromSend, 99.9), fromSend.getMaxValue() / 1e6);
        OUT.printf(Locale.ROOT, "    REST response -> delivered: p50 %.2f, p99 %.2f, p99.9 %.2f ms (%.1f%% arrived"
                        + " before the response, counted as 0)%n", ms(fromAnswer, 50), ms(fromAnswer, 99),
                ms(fromAnswer, 99.9), 100.0 * beforeAnswer / Math.max(1, deliveries - missing));
        OUT.printf(Locale.ROOT, "    REST round trip: p50 %.2f, p99 %.2f ms%n", ms(rest, 50), ms(rest, 99));
        BenchSupport.ThreadCpu.print(OUT, "the server", serverSplit, 8);
        BenchSupport.ThreadCpu.print(OUT, "this harness (REST client and the 100 sockets)", ownSplit, 6);
        double p99 = ms(fromSend, 99);
        rows(fmt("fan-out to %d server sockets, p99 (REST sent -> delivered)", sockets),
                fmt("%.2f ms", p99) + (missing > 0 ? fmt(" (%,d deliveries missing)", missing) : ""),
                fmt("< %.0f ms", FANOUT_P99_TARGET_MS), verdict(p99 < FANOUT_P99_TARGET_MS && missing == 0), others);
        rows("fan-out p50 / p99.9 / max (REST sent -> delivered)", fmt("%.2f / %.2f / %.2f ms", ms(fromSend, 50),
                ms(fromSend, 99.9), fromSend.getMaxValue() / 1e6), "-", "info", -1);
        rows("fan-out p50 / p99 / p99.9 (REST response -> delivered)", fmt("%.2f / %.2f / %.2f ms", ms(fromAnswer, 50),
                ms(fromAnswer, 99), ms(fromAnswer, 99.9)), "-", "info", -1);
        rows("fan-out load", fmt("%,d events at %.0f/s x %d sockets = %,.0f deliveries/s", measured, rate, sockets,
                rate * sockets), "-", "info", -1);
        awaitEnded(clients, Duration.ofSeconds(10));
        if (jfr != null) {
            SingleNode.awaitJfr(jfr);
            node.printJfr(jfr, "jellyfish-socket-bench-fanout", 25);
        }
    }

    // ------------------------------------------------------------------ 3. webhooks

    /** The webhook receiver: counts POSTs and checks each is a protobuf ServerMessage. */
    private static final class Receiver implements AutoCloseable {
        final LongAdder received = new LongAdder();
        final LongAdder invalid = new LongAdder();
        final Map<ServerMessage.ContentCase, LongAdder> byType = new EnumMap<>(ServerMessage.ContentCase.class);
        final AtomicReference<String> firstInvalid = new AtomicReference<>();
        /** The client ports of the connections the webhooks came over. */
        final java.util.Set<Integer> connections = ConcurrentHashMap.newKeySet();
        private final HttpServer server;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

        Receiver() throws IOException {
            for (ServerMessage.ContentCase c : ServerMessage.ContentCase.values()) {
                byType.put(c, new LongAdder());
            }
            // Read once, when the JDK's server starts: TCP_NODELAY on the accepted connections, and
            // no cap on idle keep-alive connections (the default closes all but 200, and the server
            // opens one connection per room whose webhooks are in flight).
            System.setProperty("sun.net.httpserver.nodelay", "true");
            System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            server.createContext("/hook", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                String problem = null;
                if (!"POST".equals(exchange.getRequestMethod())) {
                    problem = "method " + exchange.getRequestMethod();
                } else if (!"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    problem = "Content-Type " + exchange.getRequestHeaders().getFirst("Content-Type");
                } else {
                    try {
                        ServerMessage m = ServerMessage.parseFrom(body);
                        if (m.getContentCase() == ServerMessage.ContentCase.CONTENT_NOT_SET) {
                            problem = "a ServerMessage without content";
                        } else {
                            byType.get(m.getContentCase()).increment();
                        }
                    } catch (InvalidProtocolBufferException e) {
                        problem = "not a ServerMessage: " + e.getMessage();
                    }
                }
                if (problem != null) {
                    invalid.increment();
                    firstInvalid.compareAndSet(null, problem);
                }
                connections.add(exchange.getRemoteAddress().getPort());
                received.increment();
                exchange.sendResponseHeaders(200, -1);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void webhooks() throws Exception {
        int clients = Integer.getInteger("bench.webhookClients", 32);
        int peers = Integer.getInteger("bench.webhookPeers", 20);
        Duration warmup = RestBench.duration("bench.warmup", "10s");
        Duration measure = RestBench.duration("bench.duration", "10s");
        try (Receiver receiver = new Receiver()) {
            step(fmt("webhooks: %d REST clients cycling create room (webhookUrl %s), add %d peers, delete room;"
                    + " warm-up %.0f s, measured %.0f s", clients, receiver.url(), peers, warmup.toMillis() / 1e3,
                    measure.toMillis() / 1e3));
            String body = "{\"webhookUrl\": \"" + receiver.url() + "\", \"maxPeers\": " + peers + "}";
            Path jfr = profile() ? node.armJfr("webhooks", warmup, measure) : null;
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder produced = new LongAdder();
            LongAdder restCalls = new LongAdder();
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                try {
                    node.runParallel(clients, http -> {
                        while (!stop.get()) {
                            String room = SingleNode.expectId(http.post("/room", body), "POST /room");
                            produced.increment(); // RoomCreated
                            for (int i = 0; i < peers; i++) {
                                SingleNode.expectId(http.post("/room/" + room + "/peer", "{\"type\": \"webrtc\"}"),
                                        "POST /room/" + room + "/peer");
                                produced.increment(); // PeerAdded
                            }
                            SingleNode.expectDeleted(http.delete("/room/" + room), "DELETE /room/" + room);
                            produced.add(peers + 1); // PeerDeleted x peers, RoomDeleted
                            restCalls.add(peers + 2);
                        }
                    });
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new BenchFailure(e.toString());
                }
            }, r -> Thread.ofVirtual().start(r));

            long t0 = System.nanoTime();
            sleepWatching(load, warmup, t0, receiver, produced);
            CpuWindow cpu = new CpuWindow(node::cpuNanos);
            BenchSupport.ThreadCpu serverThreads = new BenchSupport.ThreadCpu(List.of(node.pid()));
            BenchSupport.ThreadCpu ownThreads = new BenchSupport.ThreadCpu(List.of(ProcessHandle.current().pid()));
            long received0 = receiver.received.sum();
            long produced0 = produced.sum();
            long calls0 = restCalls.sum();
            long w0 = System.nanoTime();
            OUT.println("    measuring");
            sleepWatching(load, measure, t0, receiver, produced);
            long received1 = receiver.received.sum();
            long produced1 = produced.sum();
            long calls1 = restCalls.sum();
            double seconds = (System.nanoTime() - w0) / 1e9;
            double others = cpu.othersCores();
            Map<String, Double> serverSplit = serverThreads.cores();
            Map<String, Double> ownSplit = ownThreads.cores();
            stop.set(true);
            load.get(60, TimeUnit.SECONDS); // each client finishes its cycle: its room is deleted
            long total = produced.sum();
            // What is still queued in the server now goes out without REST load beside it.
            long drain0 = System.nanoTime();
            long backlog = total - receiver.received.sum();
            long drainDeadline = drain0 + TimeUnit.SECONDS.toNanos(20);
            while (receiver.received.sum() < total && System.nanoTime() < drainDeadline) {
                Thread.sleep(5);
            }
            double drainSeconds = (System.nanoTime() - drain0) / 1e9;
            long lost = total - receiver.received.sum();
            double rate = (received1 - received0) / seconds;
            double offered = (produced1 - produced0) / seconds;
            OUT.printf(Locale.ROOT, "    received %,.0f webhooks/s (notifications produced %,.0f/s, REST calls %,.0f/s);"
                            + " in all %,d produced, %,d received, %,d invalid%s%n", rate, offered,
                    (calls1 - calls0) / seconds, total, receiver.received.sum(), receiver.invalid.sum(),
                    receiver.firstInvalid.get() == null ? "" : " (first: " + receiver.firstInvalid.get() + ")");
            OUT.println("    by type: " + receiver.byType.entrySet().stream().filter(e -> e.getValue().sum() > 0)
                    .map(e -> e.getKey() + " " + e.getValue().sum()).collect(Collectors.joining(", "))
                    + fmt("; over %,d connections from the server", receiver.connections.size()));
            double drainRate = (backlog - lost) / drainSeconds;
            OUT.printf(Locale.ROOT, "    backlog when the REST load stopped: %,d webhooks, received in %.2f s (%,.0f/s)%n",
                    backlog, drainSeconds, drainRate);
            BenchSupport.ThreadCpu.print(OUT, "the server", serverSplit, 8);
            BenchSupport.ThreadCpu.print(OUT, "this harness (REST clients and the receiver)", ownSplit, 6);
            if (jfr != null) {
                SingleNode.awaitJfr(jfr);
                node.printJfr(jfr, "jellyfish-socket-bench-webhooks", 25);
            }
            boolean clean = lost == 0 && receiver.invalid.sum() == 0;
            rows(fmt("webhook deliveries received (%d rooms at a time)", clients),
                    fmt("%,.0f/s (produced %,.0f/s)", rate, offered)
                            + (clean ? "" : fmt(" (%,d lost, %,d invalid)", lost, receiver.invalid.sum())),
                    fmt(">= %,.0f/s", WEBHOOK_RATE_TARGET), verdict(rate >= WEBHOOK_RATE_TARGET && clean), others);
            if (backlog >= 2_000) {
                rows("webhooks/s with no REST load (backlog drain)", fmt("%,.0f/s (%,d in %.1f s)", drainRate,
                        backlog - lost, drainSeconds), "-", "info", -1);
            }
            rows("webhooks: every one delivered and a ServerMessage",
                    fmt("%,d/%,d received, %,d invalid, %,d connections", receiver.received.sum(), total,
                            receiver.invalid.sum(), receiver.connections.size()),
                    "-", "info", -1);
        }
    }

    /** Sleeps {@code d}, printing progress each 2 s; fails early when the load failed or the server died. */
    private void sleepWatching(CompletableFuture<Void> load, Duration d, long t0, Receiver receiver, LongAdder produced)
            throws Exception {
        long end = System.nanoTime() + d.toNanos();
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < end) {
            if (load.isDone()) {
                load.get(); // throws its failure
                throw new BenchFailure("the webhook load stopped by itself");
            }
            node.checkAlive();
            Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            if (System.nanoTime() >= nextReport) {
                OUT.printf(Locale.ROOT, "    %4.1f s: %,d notifications produced, %,d webhooks received%n",
                        (System.nanoTime() - t0) / 1e9, produced.sum(), receiver.received.sum());
                nextReport += TimeUnit.SECONDS.toNanos(2);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private enum SocketsPath {
        PEER("/socket/peer/websocket"), SERVER("/socket/server/websocket");

        final String path;

        SocketsPath(String path) {
            this.path = path;
        }
    }

    private URI uri(SocketsPath which) {
        return URI.create("ws://" + SingleNode.HOST + ":" + node.port() + which.path);
    }

    /** Waits until every client has ended (at most {@code timeout}), then aborts the others. */
    private static void awaitEnded(List<? extends WsClient> clients, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (clients.stream().anyMatch(c -> !c.isEnded()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        clients.stream().filter(c -> !c.isEnded()).forEach(WsClient::abort);
    }

    /** {@code bench.profile}: JFR in the server during the measured windows of the fan-out and the webhooks. */
    private static boolean profile() {
        return Boolean.getBoolean("bench.profile");
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
    }

    private void rows(String metric, String measured, String target, String verdict, double others) {
        String busy = others < 0 ? "" : fmt("%.2f", others);
        if (others > BUSY_CORES) {
            notes.add(fmt("other processes used %.2f of the %d cores while measuring \"%s\": its figure may"
                    + " understate the server", others, Runtime.getRuntime().availableProcessors(), metric));
        }
        table.add(metric, measured, target, verdict, busy);
    }

    private void stopServer() {
        SingleNode n = node;
        if (n != null) {
            n.stop(notes::add);
        }
    }

    private void printLogTail() {
        SingleNode n = node;
        if (n != null) {
            n.printLogTail();
        }
    }

    private static void step(String text) {
        OUT.println("==> " + text);
    }
}
