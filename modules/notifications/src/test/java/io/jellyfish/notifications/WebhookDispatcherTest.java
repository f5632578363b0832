package io.jellyfish.notifications;

import com.sun.net.httpserver.HttpServer;
import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.protocol.ServerNotifications.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-destination limit of {@link WebhookDispatcher}: requests in flight, FIFO among rooms, order per room. */
class WebhookDispatcherTest {

    private final List<Receiver> receivers = new ArrayList<>();
    private WebhookDispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        receivers.forEach(Receiver::close);
    }

    private static WebhookDispatcher.Settings limit(int inFlight, Duration backoff) {
        return new WebhookDispatcher.Settings(Duration.ofSeconds(2), Duration.ofSeconds(5), 3, backoff, 1000, inFlight);
    }

    /** A webhook receiver on its own port (its own destination): records what it got, answers {@code status}. */
    private Receiver receiver(Function<ServerMessage, Integer> status) {
        Receiver receiver = new Receiver(status);
        receivers.add(receiver);
        return receiver;
    }

    static final class Receiver {
        final HttpServer server;
        final ExecutorService threads = Executors.newCachedThreadPool();
        final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
        /** What was answered with a 2xx, in the order answered. */
        final List<ServerMessage> answered = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        /** The next this many requests are held until {@link #release}. */
        final AtomicInteger holdNext = new AtomicInteger();
        volatile boolean holdAll;

        Receiver(Function<ServerMessage, Integer> status) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                try {
                    ServerMessage message = ServerMessage.parseFrom(exchange.getRequestBody().readAllBytes());
                    received.add(message);
                    if (holdAll || holdNext.getAndUpdate(held -> Math.max(0, held - 1)) > 0) {
                        release.await(20, TimeUnit.SECONDS);
                    }
                    int code = status.apply(message);
                    inFlight.decrementAndGet();
                    if (code / 100 == 2) {
                        answered.add(message);
                    }
                    exchange.sendResponseHeaders(code, -1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
        }

        ServerMessage next() throws InterruptedException {
            ServerMessage message = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(message, "no webhook within 10 s");
            return message;
        }

        void close() {
            release.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private void post(RoomEvent event) {
        dispatcher.onNotification(event, Notifications.toServerMessage(event).toByteArray());
    }

    private static ServerMessage message(RoomEvent event) {
        return Notifications.toServerMessage(event);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void aDestinationGetsAtMostTheLimitInFlightAndOtherDestinationsAreNotHeldUp() throws Exception {
        dispatcher = new WebhookDispatcher(limit(2, Duration.ofMillis(20)));
        Receiver hanging = receiver(message -> 200);
        hanging.holdAll = true; // every request waits for the release
        Receiver healthy = receiver(message -> 200);

        for (int room = 0; room < 5; room++) {
            post(new RoomEvent.RoomCreated("stuck" + room, hanging.url("hook?room=" + room)));
        }
        await(() -> hanging.received.size() == 2, "two requests at the hanging receiver");
        // An absence: nothing more may arrive over a short window while the slots are taken.
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        assertEquals(2, hanging.received.size(), "the other rooms wait for a slot");
        assertEquals(2, dispatcher.inFlight(hanging.url("any")));

        // Another destination is not affected by the saturated one.
        post(new RoomEvent.RoomCreated("fine", healthy.url("hook")));
        post(new RoomEvent.PeerAdded("fine", "p"));
        assertEquals(message(new RoomEvent.RoomCreated("fine")), healthy.next());
        assertEquals(message(new RoomEvent.PeerAdded("fine", "p")), healthy.next());

        hanging.release.countDown();
        await(() -> hanging.answered.size() == 5, "every room's notification delivered");
        assertEquals(2, hanging.maxInFlight.get());
        await(() -> dispatcher.inFlight(hanging.url("any")) == 0, "the slots freed");
    }

    @Test
    void roomsWaitingForASlotAreServedFirstComeFirstServed() throws Exception {
        dispatcher = new WebhookDispatcher(limit(1, Duration.ofMillis(20)));
        Receiver receiver = receiver(message -> 200);
        receiver.holdNext.set(1); // the first request waits until every notification is queued

        for (String room : List.of("a", "b", "c")) {
            post(new RoomEvent.RoomCreated(room, receiver.url(room)));
            if (room.equals("a")) {
                assertEquals(message(new RoomEvent.RoomCreated("a")), receiver.next());
            }
            post(new RoomEvent.PeerAdded(room, "p1"));
            post(new RoomEvent.PeerAdded(room, "p2"));
        }
        receiver.release.countDown();
        List<ServerMessage> rest = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rest.add(receiver.next());
        }
        // A room with more to send goes to the back of the line: round robin over a, b, c.
        assertEquals(List.of(
                message(new RoomEvent.RoomCreated("b")), message(new RoomEvent.RoomCreated("c")),
                message(new RoomEvent.PeerAdded("a", "p1")), message(new RoomEvent.PeerAdded("b", "p1")),
                message(new RoomEvent.PeerAdded("c", "p1")), message(new RoomEvent.PeerAdded("a", "p2")),
                message(new RoomEvent.PeerAdded("b", "p2")), message(new RoomEvent.PeerAdded("c", "p2"))), rest);
        assertEquals(1, receiver.maxInFlight.get());
    }

    @Test
    void eachRoomKeepsItsOrderUnderTheLimitAndRetries() throws Exception {
        int rooms = 20;
        int peers = 30;
        dispatcher = new WebhookDispatcher(limit(4, Duration.ofMillis(5)));
        Set<ServerMessage> failedOnce = ConcurrentHashMap.newKeySet();
        Receiver receiver = receiver(message -> {
            // Every 7th peer's notification fails once: retried, it must not reorder its room.
            boolean fail = message.hasPeerAdded() && message.getPeerAdded().getPeerId().hashCode() % 7 == 3;
            return fail && failedOnce.add(message) ? 503 : 200;
        });
        Thread[] producers = new Thread[4];
        for (int t = 0; t < producers.length; t++) {
            int first = t;
            producers[t] = Thread.ofPlatform().start(() -> {
                for (int room = first; room < rooms; room += producers.length) {
                    String id = "r" + room;
                    post(new RoomEvent.RoomCreated(id, receiver.url(id)));
                    for (int peer = 0; peer < peers; peer++) {
                        post(new RoomEvent.PeerAdded(id, "p" + peer));
                    }
                    post(new RoomEvent.RoomDeleted(id));
                }
            });
        }
        for (Thread producer : producers) {
            producer.join();
        }
        int total = rooms * (peers + 2);
        await(() -> receiver.answered.size() >= total && dispatcher.inFlight(receiver.url("x")) == 0, "all delivered");
        assertTrue(failedOnce.size() > 10, "retries: " + failedOnce.size());
        Map<String, List<String>> perRoom = new HashMap<>();
        for (ServerMessage m : receiver.answered) {
            String room = switch (m.getContentCase()) {
                case ROOM_CREATED -> m.getRoomCreated().getRoomId();
                case PEER_ADDED -> m.getPeerAdded().getRoomId();
                case ROOM_DELETED -> m.getRoomDeleted().getRoomId();
                default -> throw new AssertionError(m);
            };
            String what = switch (m.getContentCase()) {
                case ROOM_CREATED -> "created";
                case PEER_ADDED -> m.getPeerAdded().getPeerId();
                default -> "deleted";
            };
            perRoom.computeIfAbsent(room, key -> new ArrayList<>()).add(what);
        }
        List<String> expected = new ArrayList<>();
        expected.add("created");
        IntStream.range(0, peers).forEach(peer -> expected.add("p" + peer));
        expected.add("deleted");
        assertEquals(rooms, perRoom.size());
        perRoom.forEach((room, seen) -> assertEquals(expected, seen, room));
        assertTrue(receiver.maxInFlight.get() <= 4, "in flight " + receiver.maxInFlight.get());
        assertEquals(total, receiver.answered.size());
        assertEquals(0, dispatcher.activeRooms());
    }

    @Test
    void aRoomBackingOffGivesItsSlotToTheNextRoom() throws Exception {
        dispatcher = new WebhookDispatcher(limit(1, Duration.ofMillis(1500)));
        Receiver receiver = receiver(message -> message.getRoomCreated().getRoomId().equals("failing") ? 503 : 200);
        post(new RoomEvent.RoomCreated("failing", receiver.url("failing")));
        assertEquals(message(new RoomEvent.RoomCreated("failing")), receiver.next());
        post(new RoomEvent.RoomCreated("fine", receiver.url("fine")));
        // Delivered during the failing room's 1.5 s back-off, not after it.
        long start = System.nanoTime();
        assertEquals(message(new RoomEvent.RoomCreated("fine")), receiver.next());
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1000), "waited for the back-off");
        assertEquals(message(new RoomEvent.RoomCreated("failing")), receiver.next());
    }
}
