package io.jellyfish.cluster;

import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.api.room.PeerOptions;
import io.jellyfish.api.room.PlacedRoom;
import io.jellyfish.api.room.RoomConfig;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.cluster.jgroups.CookieKey;
import io.jellyfish.engine.RoomEngine;
import org.jgroups.JChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several members in one JVM on loopback: real channels, real encryption, real engines. */
class ClusterTest {

    /**
     * Each test gets its own port range and cookie suffix, so test JVMs running at the same time
     * on this machine (a second build, another module's tests) can never join each other.
     */
    private final int minPort = 20000 + 10 * java.util.concurrent.ThreadLocalRandom.current().nextInt(2000);
    private final int maxPort = minPort + 9;
    private final String cookieSuffix = UUID.randomUUID().toString();
    private final List<Member> members = new ArrayList<>();

    private record Member(String name, RoomEngine engine, ClusterNode node) {
        RoomService rooms() {
            return node.rooms();
        }
    }

    private Member start(String name, String cookie) throws Exception {
        DiscoveryStrategy discovery = new DiscoveryStrategy() {
            @Override
            public String nodeName() {
                return name + "@127.0.0.1";
            }

            @Override
            public List<Candidate> candidates() {
                return List.of(new Candidate(null, "127.0.0.1", 0));
            }

            @Override
            public String describe() {
                return "test discovery";
            }
        };
        RoomEngine engine = new RoomEngine(name + ":4000", "key", new TestScheduler(), Clock.systemUTC(), () -> { });
        JChannel channel = ClusterStack.build(InetAddress.getLoopbackAddress(), null, minPort, maxPort,
                CookieKey.derive(cookie + cookieSuffix), discovery, ClusterStack.Timing.DEFAULT);
        ClusterNode node = new ClusterNode(channel, engine, ClusterNode.Timeouts.DEFAULT, false);
        node.connect(discovery.nodeName());
        Member member = new Member(name, engine, node);
        members.add(member);
        return member;
    }

    @AfterEach
    void stopAll() {
        Collections.reverse(members);
        for (Member member : members) {
            member.node().close();
            member.engine().close();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private void awaitSize(int size) {
        await(() -> members.stream().allMatch(m -> m.node().status().nodesInCluster() == size),
                "all members to see " + size);
    }

    private static RoomConfig room(String id) {
        return new RoomConfig(id, null, null, null, null, null);
    }

    @Test
    void formsAClusterAndPlacesTheFirstRoomOnTheLastTiedMember() throws Exception {
        Member a = start("a", "cookie");
        start("b", "cookie");
        start("c", "cookie");
        awaitSize(3);
        assertTrue(a.node().status().up());

        PlacedRoom placed = a.rooms().createRoom(room("r1"));
        // [a, then b and c in view order] all empty: the last tied candidate wins.
        String last = ClusterNode.name(a.node().members().stream().filter(m -> !m.equals(a.node().self()))
                .reduce((first, second) -> second).orElseThrow());
        assertEquals(last.replace("@127.0.0.1", "") + ":4000", placed.address());
    }

    @Test
    void concurrentCreationsThroughEveryMemberSpreadEvenly() throws Exception {
        start("a", "cookie");
        start("b", "cookie");
        start("c", "cookie");
        awaitSize(3);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<PlacedRoom>> results = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            Member via = members.get(i % 3);
            results.add(pool.submit(() -> via.rooms().createRoom(room(UUID.randomUUID().toString()))));
        }
        Map<String, Integer> perAddress = new HashMap<>();
        for (Future<PlacedRoom> result : results) {
            perAddress.merge(result.get().address(), 1, Integer::sum);
        }
        pool.shutdown();
        assertEquals(Map.of("a:4000", 30, "b:4000", 30, "c:4000", 30), perAddress);
        for (Member member : members) {
            assertEquals(30, member.engine().listRooms().size());
        }
    }

    @Test
    void aCustomRoomIdIsUniqueAcrossTheCluster() throws Exception {
        start("a", "cookie");
        start("b", "cookie");
        start("c", "cookie");
        awaitSize(3);
        for (int round = 0; round < 5; round++) {
            String id = "same-" + round;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<Boolean>> results = new ArrayList<>();
            for (Member member : members) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        member.rooms().createRoom(room(id));
                        return true;
                    } catch (RoomException e) {
                        assertEquals("Cannot add room with id \"" + id + "\" - room already exists", e.getMessage());
                        return false;
                    }
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Boolean> result : results) {
                created += result.get() ? 1 : 0;
            }
            pool.shutdown();
            assertEquals(1, created, "round " + round);
        }
    }

    @Test
    void theBusCarriesEachMembersMessagesToTheOthersInOrder() throws Exception {
        Member a = start("a", "cookie");
        Member b = start("b", "cookie");
        Member c = start("c", "cookie");
        awaitSize(3);
        List<String> atB = Collections.synchronizedList(new ArrayList<>());
        List<String> atC = Collections.synchronizedList(new ArrayList<>());
        List<String> atA = Collections.synchronizedList(new ArrayList<>());
        b.node().subscribe((kind, message) -> atB.add(kind + ":" + new String(message, java.nio.charset.StandardCharsets.UTF_8)));
        c.node().subscribe((kind, message) -> atC.add(kind + ":" + new String(message, java.nio.charset.StandardCharsets.UTF_8)));
        a.node().subscribe((kind, message) -> atA.add(kind + ":" + new String(message, java.nio.charset.StandardCharsets.UTF_8)));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            var kind = i % 5 == 0 ? io.jellyfish.api.cluster.ClusterBus.Kind.METRICS
                    : io.jellyfish.api.cluster.ClusterBus.Kind.NOTIFICATION;
            a.node().publish(kind, ("m" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sent.add(kind + ":m" + i);
        }
        await(() -> atB.size() == 50 && atC.size() == 50, "every message at b and c");
        assertEquals(sent, atB);
        assertEquals(sent, atC);
        assertEquals(List.of(), atA, "a member does not receive its own messages");
    }

    @Test
    void anIdIsFreeAgainRightAfterItsRoomIsDeleted() throws Exception {
        Member a = start("a", "cookie");
        Member b = start("b", "cookie");
        awaitSize(2);
        for (int i = 0; i < 30; i++) {
            Member via = i % 2 == 0 ? a : b;
            Member other = via == a ? b : a;
            via.rooms().createRoom(room("reused"));
            other.rooms().deleteRoom("reused");
            // The removal is announced asynchronously; the id must be free at once all the same.
            via.rooms().createRoom(room("reused"));
            via.rooms().deleteRoom("reused");
        }
    }

    @Test
    void roomScopedCallsAreServedByTheOwnerFromAnyMember() throws Exception {
        Member a = start("a", "cookie");
        Member b = start("b", "cookie");
        awaitSize(2);
        PlacedRoom placed = a.rooms().createRoom(room("routed"));
        Member owner = placed.address().startsWith("a") ? a : b;
        Member other = owner == a ? b : a;

        assertEquals("routed", other.rooms().findRoom("routed").orElseThrow().id());
        var peer = other.rooms().addPeer("routed", PeerOptions.DEFAULT);
        assertEquals(owner.name() + ":4000", peer.address());
        assertEquals(1, owner.engine().findRoom("routed").orElseThrow().peers().size());
        other.rooms().deletePeer("routed", peer.peer().id());
        assertEquals("Peer nope does not exist",
                assertThrows(RoomException.class, () -> other.rooms().deletePeer("routed", "nope")).getMessage());
        other.rooms().deleteRoom("routed");
        assertTrue(owner.engine().findRoom("routed").isEmpty());
        assertEquals("Room routed does not exist",
                assertThrows(RoomException.class, () -> other.rooms().deleteRoom("routed")).getMessage());
        assertTrue(other.rooms().findRoom("routed").isEmpty());
    }

    @Test
    void aMemberWithAnotherCookieCannotJoinAndTheRefusalIsLogged() throws Exception {
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null) {
                    warnings.add(java.text.MessageFormat.format(record.getMessage(),
                            record.getParameters() == null ? new Object[0] : record.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger cipherLog = Logger.getLogger("io.jellyfish.cluster.jgroups.ClusterCipher");
        cipherLog.addHandler(capture);
        try {
            Member a = start("a", "right-cookie");
            Member intruder = start("intruder", "wrong-cookie");
            await(() -> warnings.stream().anyMatch(w -> w.contains("failed authentication")
                    && w.contains("different JF_DIST_COOKIE")), "a failed-authentication warning");
            assertEquals(1, a.node().status().nodesInCluster());
            assertEquals(1, intruder.node().status().nodesInCluster());
        } finally {
            cipherLog.removeHandler(capture);
        }
    }

    @Test
    void whenAMemberLeavesItsRoomsLeaveTheDirectoryAndPlacementContinues() throws Exception {
        Member a = start("a", "cookie");
        Member b = start("b", "cookie");
        awaitSize(2);
        for (int i = 0; i < 4; i++) {
            a.rooms().createRoom(room("left-" + i));
        }
        assertEquals(2, b.engine().listRooms().size());
        members.remove(b);
        b.node().close();
        b.engine().close();
        await(() -> a.node().status().nodesInCluster() == 1, "a to see b leave");
        await(() -> a.node().directory.size() == 2, "b's rooms to leave a's directory");
        assertEquals("a:4000", a.rooms().createRoom(room("after")).address());
    }
}
