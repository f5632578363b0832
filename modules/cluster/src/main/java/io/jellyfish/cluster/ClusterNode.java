package io.jellyfish.cluster;

import io.jellyfish.api.cluster.ClusterBus;
import io.jellyfish.api.cluster.ClusterMembership;
import io.jellyfish.api.event.RoomEvent;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.spi.ClusterProvider.RunningCluster;
import io.jellyfish.cluster.wire.Wire;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.blocks.MessageDispatcher;
import org.jgroups.blocks.RequestHandler;
import org.jgroups.blocks.RequestOptions;
import org.jgroups.blocks.ResponseMode;
import org.jgroups.util.NameCache;
import org.jgroups.util.Rsp;
import org.jgroups.util.RspList;
import org.jgroups.util.Util;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One member of the cluster: the channel, the request handler every other member talks to, the
 * room directory, and the announcements that keep the directory and the load figures current.
 */
final class ClusterNode implements RunningCluster, ClusterMembership, ClusterBus, RequestHandler, Receiver {

    static final byte OK = 0;
    static final byte ERROR = 1;
    static final byte NONE = 2;

    private static final System.Logger LOG = System.getLogger("io.jellyfish.cluster");

    final JChannel channel;
    final MessageDispatcher dispatcher;
    final RoomService local;
    final RoomDirectory directory = new RoomDirectory();
    final Timeouts timeouts;
    private final ClusteredRoomService rooms;
    private final ExecutorService announcer;
    private final ScheduledExecutorService loadReporter;
    private volatile View view;
    private volatile long lastReportedTracks = -1;
    private volatile boolean closed;
    /** Bus messages waiting to be multicast; bounded, so a stalled cluster cannot grow it without end. */
    private final java.util.concurrent.ThreadPoolExecutor busSender = new java.util.concurrent.ThreadPoolExecutor(1, 1,
            0, TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(10_000), daemon("jellyfish-cluster-bus"),
            (task, executor) -> LOG.log(Level.WARNING, "cluster bus queue full: a notification was not forwarded"));
    private final List<java.util.function.BiConsumer<Kind, byte[]>> busReceivers =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Bounds on every call between members. */
    record Timeouts(Duration rpc, Duration create, Duration reservation) {
        static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    ClusterNode(JChannel channel, RoomService local, Timeouts timeouts, boolean clusterWideListing) {
        this.channel = channel;
        this.local = local;
        this.timeouts = timeouts;
        this.dispatcher = new MessageDispatcher(channel, this);
        this.dispatcher.setReceiver(this);
        this.rooms = new ClusteredRoomService(this, clusterWideListing);
        this.announcer = Executors.newSingleThreadExecutor(daemon("jellyfish-cluster-announcer"));
        this.loadReporter = Executors.newSingleThreadScheduledExecutor(daemon("jellyfish-cluster-load"));
    }

    /** Joins the cluster under this node's name. */
    void connect(String nodeName) throws Exception {
        channel.setName(nodeName);
        local.subscribe(this::onLocalEvent);
        channel.connect("jellyfish");
        // The tracks figure changes with media, not with room events: report it when it moves.
        loadReporter.scheduleWithFixedDelay(this::reportLoadIfChanged, 1, 1, TimeUnit.SECONDS);
    }

    Address self() {
        return channel.getAddress();
    }

    List<Address> members() {
        View current = view;
        return current == null ? List.of(self()) : current.getMembers();
    }

    Address coordinator() {
        return members().get(0);
    }

    static String name(Address address) {
        String name = NameCache.get(address);
        return name != null ? name : String.valueOf(address);
    }

    // ---- RunningCluster / ClusterMembership ---------------------------------------------------

    @Override
    public RoomService rooms() {
        return rooms;
    }

    @Override
    public ClusterMembership membership() {
        return this;
    }

    @Override
    public ClusterBus bus() {
        return this;
    }

    @Override
    public void publish(Kind kind, byte[] message) {
        if (closed || members().size() < 2) {
            return;
        }
        busSender.execute(() -> multicast(new Wire.Out().u8(Op.NOTIFY.ordinal()).u8(kind.ordinal()).bytesField(message)));
    }

    @Override
    public void subscribe(java.util.function.BiConsumer<Kind, byte[]> receiver) {
        busReceivers.add(receiver);
    }

    @Override
    public DistributionStatus status() {
        boolean up = channel.isConnected();
        return new DistributionStatus(true, up, up ? members().size() : 0);
    }

    @Override
    public void close() {
        closed = true;
        loadReporter.shutdownNow();
        busSender.shutdownNow();
        announcer.shutdown();
        try {
            announcer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Util.close(dispatcher);
        Util.close(channel);
    }

    // ---- membership ---------------------------------------------------------------------------

    @Override
    public void viewAccepted(View newView) {
        View previous = view;
        view = newView;
        Set<Address> before = previous == null ? Set.of(self()) : new HashSet<>(previous.getMembers());
        for (Address member : newView.getMembers()) {
            if (!before.contains(member)) {
                LOG.log(Level.INFO, "connected to \"{0}\"", name(member));
            }
        }
        for (Address member : before) {
            if (!newView.containsMember(member)) {
                LOG.log(Level.INFO, "disconnected from \"{0}\" (it left or stopped answering)", name(member));
            }
        }
        LOG.log(Level.DEBUG, "cluster view {0}", newView);
        directory.retain(newView.getMembers());
        // New members (and a new coordinator) learn every room from its owner.
        if (!closed) {
            announcer.execute(this::sendSync);
        }
    }

    // ---- announcements ------------------------------------------------------------------------

    private void onLocalEvent(RoomEvent event) {
        switch (event) {
            case RoomEvent.RoomCreated created -> announce(List.of(created.roomId()), List.of());
            case RoomEvent.RoomDeleted deleted -> announce(List.of(), List.of(deleted.roomId()));
            case RoomEvent.RoomCrashed crashed -> announce(List.of(), List.of(crashed.roomId()));
            default -> { }
        }
    }

    /**
     * Called from room events, that is under a room's lock: it must not call back into the engine
     * (that would take other rooms' locks).
     */
    private void announce(List<String> added, List<String> removed) {
        if (closed) {
            return; // the engine stopping after we left: nobody to tell
        }
        Address self = self();
        // Our own directory is updated at once, so routing on this node never lags our own rooms.
        directory.added(self, added);
        directory.removed(self, removed);
        try {
            announcer.execute(() -> {
                // The figure sampled by the load reporter: summing every room's tracks on each
                // announcement would cost O(rooms) per room created (measured: 16% of a core).
                long tracks = Math.max(lastReportedTracks, 0);
                directory.reportTracks(self, tracks);
                multicast(new Wire.Out().u8(Op.ANNOUNCE.ordinal()).strings(added).strings(removed).i64(tracks));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing at this very moment
        }
    }

    private void sendSync() {
        List<String> ids = local.listRooms().stream().map(room -> room.id()).toList();
        long tracks = local.load().forwardedTracks();
        directory.replace(self(), ids);
        directory.reportTracks(self(), tracks);
        multicast(new Wire.Out().u8(Op.SYNC.ordinal()).strings(ids).i64(tracks));
    }

    private void reportLoadIfChanged() {
        long tracks = local.load().forwardedTracks();
        if (tracks != lastReportedTracks) {
            lastReportedTracks = tracks;
            announce(List.of(), List.of());
        }
    }

    private void multicast(Wire.Out body) {
        try {
            dispatcher.castMessage(null, new BytesMessage(null, body.bytes()), RequestOptions.ASYNC());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot announce rooms to the cluster: " + e.getMessage());
        }
    }

    // ---- calls to other members ---------------------------------------------------------------

    /** Sends a request to one member and returns its reply, or throws when it does not answer in time. */
    Wire.In call(Address member, Wire.Out request, Duration timeout) throws MemberUnavailable {
        try {
            byte[] reply = dispatcher.sendMessage(new BytesMessage(member, request.bytes()),
                    RequestOptions.SYNC().timeout(timeout.toMillis()));
            if (reply == null) {
                throw new MemberUnavailable(member, "no reply");
            }
            return new Wire.In(reply);
        } catch (MemberUnavailable e) {
            throw e;
        } catch (Exception e) {
            throw new MemberUnavailable(member, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Asks every other member; members that fail or time out are left out (and logged). */
    Map<Address, Wire.In> callAll(Wire.Out request, Duration timeout) {
        List<Address> others = new ArrayList<>(members());
        others.remove(self());
        Map<Address, Wire.In> replies = new java.util.LinkedHashMap<>();
        if (others.isEmpty()) {
            return replies;
        }
        try {
            RspList<byte[]> responses = dispatcher.castMessage(others, new BytesMessage(null, request.bytes()),
                    new RequestOptions(ResponseMode.GET_ALL, timeout.toMillis()));
            List<String> failed = new ArrayList<>();
            for (Map.Entry<Address, Rsp<byte[]>> entry : responses.entrySet()) {
                Rsp<byte[]> rsp = entry.getValue();
                if (rsp.wasReceived() && !rsp.hasException() && rsp.getValue() != null) {
                    replies.put(entry.getKey(), new Wire.In(rsp.getValue()));
                } else {
                    failed.add(name(entry.getKey()));
                }
            }
            if (!failed.isEmpty()) {
                LOG.log(Level.WARNING, "These cluster calls failed or timed out: {0}", failed);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cluster call failed: " + e.getMessage());
        }
        return replies;
    }

    /** A member did not answer in time, or the call could not be made. */
    static final class MemberUnavailable extends Exception {
        final Address member;

        MemberUnavailable(Address member, String reason) {
            super(name(member) + ": " + reason, null, false, false);
            this.member = member;
        }
    }

    // ---- requests from other members ------------------------------------------------------------

    @Override
    public Object handle(Message message) {
        Wire.In in = new Wire.In(message.getArray() == null ? new byte[0]
                : java.util.Arrays.copyOfRange(message.getArray(), message.getOffset(),
                message.getOffset() + message.getLength()));
        try {
            Op op = Op.of(in.u8());
            return switch (op) {
                case ANNOUNCE -> {
                    List<String> added = in.strings();
                    List<String> removed = in.strings();
                    long tracks = in.i64();
                    if (!message.getSrc().equals(self())) {
                        directory.added(message.getSrc(), added);
                        directory.removed(message.getSrc(), removed);
                        directory.reportTracks(message.getSrc(), tracks);
                    }
                    yield null;
                }
                case SYNC -> {
                    List<String> ids = in.strings();
                    long tracks = in.i64();
                    if (!message.getSrc().equals(self())) {
                        directory.replace(message.getSrc(), ids);
                        directory.reportTracks(message.getSrc(), tracks);
                    }
                    yield null;
                }
                case NOTIFY -> {
                    int kind = in.u8();
                    byte[] payload = in.bytesField();
                    if (!message.getSrc().equals(self()) && kind < Kind.values().length) {
                        for (var receiver : busReceivers) {
                            receiver.accept(Kind.values()[kind], payload);
                        }
                    }
                    yield null;
                }
                default -> rooms.serve(op, in);
            };
        } catch (RoomException e) {
            return new Wire.Out().u8(ERROR).error(e).bytes();
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "malformed cluster request from {0}: {1}", name(message.getSrc()), e.getMessage());
            return new Wire.Out().u8(ERROR).error(RoomException.badRequest("malformed cluster request")).bytes();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
