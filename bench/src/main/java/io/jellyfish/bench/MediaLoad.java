package io.jellyfish.bench;

import io.jellyfish.webrtc.srtp.SrtpSession;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * The media load of the forwarding benchmark, the same for the SFU path and the plain relay:
 * one pacing thread sends VP8-looking RTP for every publisher stream (interleaved, evenly spaced,
 * at a rate the harness sets), and receiver threads drain every subscriber socket with a selector.
 *
 * <p><b>What a packet carries.</b> The publisher writes {@code System.nanoTime()} just before
 * protecting and sending into the payload and into a per-stream table indexed by RTP sequence
 * number. A subscriber maps the SSRC it receives (the server rewrites it per subscriber; the
 * answer told which SSRC is which track) to the stream, and the sequence number (which the SFU
 * keeps, webrtc.md 5.2: no layer switch happens here) to the send time. So the receive side only
 * reads the RTP header, which SRTP leaves in clear; every {@code verifyEvery}-th packet of a stream
 * is also fully authenticated and decrypted with the subscriber's own SRTP keys and its payload
 * time stamp compared with the table: a wrong key, a corrupted payload or a wrong mapping shows up
 * as {@code corrupt}. Latency is receive time minus send time on the same clock (one host).
 *
 * <p><b>Windows.</b> The harness opens a {@link Window} [start, end); a packet belongs to it when
 * its send time does, so the count is exact whatever the latency: expected = sent x subscribers.
 */
final class MediaLoad implements AutoCloseable {

    static final int HEADROOM = 4; // a ChannelData header in front of the RTP packet
    static final int RTP_HEADER = 12;
    /** Payload offset of the send time stamp: after the VP8 payload descriptor and header bytes. */
    static final int STAMP_OFFSET = 2;
    private static final int PACKETS_PER_FRAME = 4;
    private static final int KEYFRAME_EVERY_FRAMES = 60;
    private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int RECEIVE_BUFFER = 4 << 20;
    private static final long MAX_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** One published stream: its socket, SSRC, SRTP context (null: plain), frame state and send times. */
    static final class Stream {
        final int index;
        final long ssrc;
        final DatagramChannel channel;
        final SrtpSession srtp;
        final SrtpSession rtcpIn;
        final boolean channelData;
        final long[] sendNanos = new long[65536];
        int sequence = ThreadLocalRandom.current().nextInt(65536);
        long rtpTimestamp = ThreadLocalRandom.current().nextLong(1L << 32);
        int frame;
        int packetInFrame;
        volatile boolean keyframeWanted = true;
        long keyframeRequests; // receiver thread

        /**
         * @param channel connected to the TURN listener (SFU) or the relay's port
         * @param srtp    the publisher's SRTP session for sending, null for the plain relay
         * @param rtcpIn  another session of the same keys, to read the server's PLIs; null for plain
         */
        Stream(int index, long ssrc, DatagramChannel channel, SrtpSession srtp, SrtpSession rtcpIn) {
            this.index = index;
            this.ssrc = ssrc;
            this.channel = channel;
            this.srtp = srtp;
            this.rtcpIn = rtcpIn;
            this.channelData = srtp != null;
        }
    }

    /** One receiving socket and which SSRC is which stream. */
    static final class Receiver {
        final String name;
        final DatagramChannel channel;
        final SrtpSession srtp;
        final boolean channelData;
        final long[] ssrcs;
        final int[] streams;
        final long[] packetsByStream; // receiver thread writes, harness reads after an ack

        Receiver(String name, DatagramChannel channel, SrtpSession srtp, long[] ssrcs, int[] streams, int streamCount) {
            this.name = name;
            this.channel = channel;
            this.srtp = srtp;
            this.channelData = srtp != null;
            this.ssrcs = ssrcs;
            this.streams = streams;
            this.packetsByStream = new long[streamCount];
        }

        int streamOf(long ssrc) {
            for (int i = 0; i < ssrcs.length; i++) {
                if (ssrcs[i] == ssrc) {
                    return streams[i];
                }
            }
            return -1;
        }
    }

    /** A measured window: packets sent in [start, end) and what the receivers got of them. */
    static final class Window {
        final long start;
        final long end;
        long sent; // pacing thread
        final long[] received; // per receiver thread
        final long[] beyondLatency;
        final Histogram[] latency;

        Window(long start, long end, int receiverThreads) {
            this.start = start;
            this.end = end;
            this.received = new long[receiverThreads];
            this.beyondLatency = new long[receiverThreads];
            this.latency = new Histogram[receiverThreads];
            for (int i = 0; i < receiverThreads; i++) {
                latency[i] = new Histogram(MAX_LATENCY_NANOS, 3);
            }
        }

        long received() {
            long sum = 0;
            for (long r : received) {
                sum += r;
            }
            return sum;
        }

        Histogram latency() {
            Histogram all = new Histogram(MAX_LATENCY_NANOS, 3);
            for (Histogram h : latency) {
                all.add(h);
            }
            return all;
        }
    }

    private final Stream[] streams;
    private final List<List<Receiver>> receiverGroups = new ArrayList<>();
    private final int payloadBytes;
    private final int verifyMask;
    private final Thread sender;
    private final List<Thread> receivers = new ArrayList<>();
    private final List<Selector> selectors = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long intervalNanos; // between two packets of all streams together; 0 = paused
    private volatile Window window;
    private volatile long senderLoops;
    private final long[] receiverLoops;
    private volatile long lagResets;
    private volatile Throwable failure;
    // receiver-thread totals (read after an ack)
    private final long[] verified;
    private final long[] corrupt;
    private final long[] unknown;
    private final long[] rtcp;

    /**
     * @param verifyEvery a power of two: every n-th sequence number is decrypted and checked
     */
    MediaLoad(String name, List<Stream> streams, List<Receiver> receivers, int receiverThreads, int payloadBytes,
              int verifyEvery) throws IOException {
        if (Integer.bitCount(verifyEvery) != 1) {
            throw new IllegalArgumentException("verifyEvery must be a power of two");
        }
        this.streams = streams.toArray(new Stream[0]);
        this.payloadBytes = payloadBytes;
        this.verifyMask = verifyEvery - 1;
        int threads = Math.max(1, Math.min(receiverThreads, receivers.size()));
        this.receiverLoops = new long[threads];
        this.verified = new long[threads];
        this.corrupt = new long[threads];
        this.unknown = new long[threads];
        this.rtcp = new long[threads];
        for (int t = 0; t < threads; t++) {
            receiverGroups.add(new ArrayList<>());
            selectors.add(Selector.open());
        }
        for (int i = 0; i < receivers.size(); i++) {
            Receiver r = receivers.get(i);
            r.channel.configureBlocking(false);
            // The driver is not under test: a receive queue deep enough that a descheduled
            // receiver thread does not turn into loss charged to the forwarder (capped by rmem_max).
            r.channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            r.channel.register(selectors.get(i % threads), SelectionKey.OP_READ, r);
            receiverGroups.get(i % threads).add(r);
        }
        // The publishers' sockets only bring keyframe requests (SRTCP PLI) from the server.
        for (Stream s : streams) {
            s.channel.configureBlocking(false);
            s.channel.register(selectors.getFirst(), SelectionKey.OP_READ, s);
        }
        this.sender = new Thread(this::sendLoop, name + "-sender");
        sender.setDaemon(true);
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread thread = new Thread(() -> receiveLoop(index), name + "-receiver-" + t);
            thread.setDaemon(true);
            this.receivers.add(thread);
        }
    }

    void start() {
        sender.start();
        receivers.forEach(Thread::start);
    }

    /** Packets per second per stream (each is forwarded to every subscriber of the stream). */
    void setRatePerStream(double packetsPerSecond) {
        intervalNanos = packetsPerSecond <= 0 ? 0 : Math.max(1, (long) (1e9 / (packetsPerSecond * streams.length)));
    }

    void checkHealthy() {
        Throwable t = failure;
        if (t != null) {
            throw new BenchSupport.BenchFailure("the load failed: " + t);
        }
    }

    /** Opens a window now; {@link #closeWindow} returns it once no thread writes to it any more. */
    Window openWindow(long durationNanos) {
        long now = System.nanoTime();
        Window w = new Window(now, now + durationNanos, receiverLoops.length);
        window = w;
        return w;
    }

    /** Stops attributing packets to the window (call after its end plus the latest arrival) and waits for the threads. */
    Window closeWindow(Window w) throws InterruptedException {
        window = null;
        awaitThreads();
        return w;
    }

    /** Waits until every thread has gone round its loop twice (so it saw the latest fields and its writes are visible). */
    void awaitThreads() throws InterruptedException {
        long s0 = senderLoops;
        long[] r0 = new long[receiverLoops.length];
        for (int i = 0; i < r0.length; i++) {
            r0[i] = receiverLoop(i);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            boolean done = senderLoops - s0 >= 2 || !sender.isAlive();
            for (int i = 0; i < r0.length; i++) {
                done &= receiverLoop(i) - r0[i] >= 2 || !receivers.get(i).isAlive();
            }
            if (done) {
                return;
            }
            Thread.sleep(2);
        }
    }

    private long receiverLoop(int i) {
        synchronized (receiverLoops) {
            return receiverLoops[i];
        }
    }

    /** Packets each receiver got from each stream so far (after {@link #awaitThreads}). */
    long[][] packetsByReceiverAndStream() throws InterruptedException {
        awaitThreads();
        List<long[]> rows = new ArrayList<>();
        for (List<Receiver> group : receiverGroups) {
            synchronized (receiverLoops) {
                for (Receiver r : group) {
                    rows.add(r.packetsByStream.clone());
                }
            }
        }
        return rows.toArray(new long[0][]);
    }

    long verified() {
        return sum(verified);
    }

    long corrupt() {
        return sum(corrupt);
    }

    long unknown() {
        return sum(unknown);
    }

    long keyframeRequests() {
        long sum = 0;
        for (Stream s : streams) {
            sum += s.keyframeRequests;
        }
        return sum;
    }

    long lagResets() {
        return lagResets;
    }

    private long sum(long[] values) {
        synchronized (receiverLoops) {
            long total = 0;
            for (long v : values) {
                total += v;
            }
            return total;
        }
    }

    // ------------------------------------------------------------------ sending

    private void sendLoop() {
        byte[] buffer = new byte[HEADROOM + RTP_HEADER + payloadBytes + 64];
        ByteBuffer view = ByteBuffer.wrap(buffer);
        long next = System.nanoTime();
        int k = 0;
        try {
            while (running) {
                senderLoops++;
                long interval = intervalNanos;
                long now = System.nanoTime();
                if (interval <= 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    next = System.nanoTime();
                    continue;
                }
                if (next - now > 0) {
                    LockSupport.parkNanos(Math.min(next - now, TimeUnit.MILLISECONDS.toNanos(2)));
                    continue;
                }
                if (now - next > MAX_LAG_NANOS) {
                    next = now; // the driver fell behind: skip rather than burst (counted as not sent)
                    lagResets++;
                }
                // Send everything due now, then park again.
                while (next - now <= 0 && running) {
                    Stream s = streams[k];
                    k = k + 1 == streams.length ? 0 : k + 1;
                    sendOne(s, buffer, view);
                    next += interval;
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void sendOne(Stream s, byte[] b, ByteBuffer view) throws IOException {
        int o = HEADROOM;
        boolean first = s.packetInFrame == 0;
        boolean last = s.packetInFrame == PACKETS_PER_FRAME - 1;
        boolean key = false;
        if (first && (s.keyframeWanted || s.frame % KEYFRAME_EVERY_FRAMES == 0)) {
            key = true;
            s.keyframeWanted = false;
        }
        int seq = s.sequence;
        b[o] = (byte) 0x80;
        b[o + 1] = (byte) ((last ? 0x80 : 0) | SyntheticPeer.VP8_PT);
        b[o + 2] = (byte) (seq >>> 8);
        b[o + 3] = (byte) seq;
        putInt(b, o + 4, (int) s.rtpTimestamp);
        putInt(b, o + 8, (int) s.ssrc);
        int p = o + RTP_HEADER;
        // VP8 payload descriptor (RFC 7741): S=1 PID=0 on a frame's first packet; then the VP8
        // payload header's P bit: 0 for a keyframe (what the server's start condition looks for).
        b[p] = (byte) (first ? 0x10 : 0x00);
        b[p + 1] = (byte) (first ? (key ? 0x00 : 0x01) : 0x00);
        int length = RTP_HEADER + payloadBytes;
        long now = System.nanoTime();
        putLong(b, p + STAMP_OFFSET, now);
        s.sendNanos[seq] = now;
        int wire = s.srtp == null ? length : s.srtp.protectRtp(b, o, length);
        int from = o;
        if (s.channelData) {
            from = 0;
            b[0] = (byte) (SyntheticPeer.CHANNEL >>> 8);
            b[1] = (byte) SyntheticPeer.CHANNEL;
            b[2] = (byte) (wire >>> 8);
            b[3] = (byte) wire;
            wire += HEADROOM;
        }
        view.limit(from + wire).position(from);
        s.channel.write(view);
        Window w = window;
        if (w != null && now - w.start >= 0 && now - w.end < 0) {
            w.sent++;
        }
        s.sequence = (seq + 1) & 0xFFFF;
        if (last) {
            s.packetInFrame = 0;
            s.frame++;
            s.rtpTimestamp = (s.rtpTimestamp + 3000) & 0xFFFF_FFFFL;
        } else {
            s.packetInFrame++;
        }
    }

    // ------------------------------------------------------------------ receiving

    private void receiveLoop(int thread) {
        Selector selector = selectors.get(thread);
        ByteBuffer direct = ByteBuffer.allocateDirect(65536);
        byte[] scratch = new byte[2048];
        try {
            while (running) {
                selector.select(10);
                for (SelectionKey key : selector.selectedKeys()) {
                    Object attachment = key.attachment();
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    while (true) {
                        direct.clear();
                        int n;
                        try {
                            n = channel.read(direct);
                        } catch (java.net.PortUnreachableException e) {
                            continue; // an ICMP error from an earlier send; nothing to read
                        }
                        if (n <= 0) {
                            break;
                        }
                        if (attachment instanceof Receiver r) {
                            onMedia(thread, r, direct, n, scratch);
                        } else {
                            onPublisherSocket((Stream) attachment, direct, n, scratch);
                        }
                    }
                }
                selector.selectedKeys().clear();
                synchronized (receiverLoops) {
                    receiverLoops[thread]++;
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void onMedia(int thread, Receiver r, ByteBuffer d, int n, byte[] scratch) {
        int off = 0;
        int len = n;
        if (r.channelData) {
            if ((d.get(0) & 0xC0) != 0x40 || n < 4) {
                rtcp[thread]++;
                return; // STUN (a Data indication, a keepalive): not media
            }
            len = Math.min(n - 4, d.getShort(2) & 0xFFFF);
            off = 4;
        }
        int b0 = d.get(off) & 0xFF;
        int pt = d.get(off + 1) & 0xFF;
        if (len < RTP_HEADER || b0 < 128 || b0 > 191 || (pt >= 192 && pt <= 223)) {
            rtcp[thread]++;
            return;
        }
        int seq = d.getShort(off + 2) & 0xFFFF;
        long ssrc = d.getInt(off + 8) & 0xFFFF_FFFFL;
        int stream = r.streamOf(ssrc);
        long now = System.nanoTime();
        if (stream < 0) {
            unknown[thread]++;
            return;
        }
        long sentAt = streams[stream].sendNanos[seq];
        r.packetsByStream[stream]++;
        Window w = window;
        if (w != null && sentAt - w.start >= 0 && sentAt - w.end < 0) {
            w.received[thread]++;
            long latency = now - sentAt;
            if (latency >= 0 && latency < MAX_LATENCY_NANOS) {
                w.latency[thread].recordValue(latency);
            } else {
                w.beyondLatency[thread]++;
            }
        }
        if ((seq & verifyMask) == 0) {
            d.get(off, scratch, 0, len);
            int plain = r.srtp == null ? len : r.srtp.unprotectRtp(scratch, 0, len);
            int headerLength = RTP_HEADER + 4 * (scratch[0] & 0x0F);
            if (plain >= headerLength + STAMP_OFFSET + 8
                    && getLong(scratch, headerLength + STAMP_OFFSET) == sentAt) {
                verified[thread]++;
            } else {
                corrupt[thread]++;
            }
        }
    }

    /** SRTCP from the server to a publisher: a PLI (or FIR) means the next frame is a keyframe. */
    private void onPublisherSocket(Stream s, ByteBuffer d, int n, byte[] scratch) {
        if (s.rtcpIn == null || n < 8 || (d.get(0) & 0xC0) != 0x40) {
            return;
        }
        int len = Math.min(n - 4, d.getShort(2) & 0xFFFF);
        if (len > scratch.length || len < 12) {
            return;
        }
        d.get(4, scratch, 0, len);
        int pt = scratch[1] & 0xFF;
        if (pt < 192 || pt > 223) {
            return;
        }
        int plain = s.rtcpIn.unprotectRtcp(scratch, 0, len);
        for (int at = 0; plain > 0 && at + 4 <= plain; ) {
            int type = scratch[at + 1] & 0xFF;
            int fmt = scratch[at] & 0x1F;
            if (type == 206 && (fmt == 1 || fmt == 4)) {
                s.keyframeWanted = true;
                s.keyframeRequests++;
            }
            at += 4 * (((scratch[at + 2] & 0xFF) << 8 | (scratch[at + 3] & 0xFF)) + 1);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sender.join(2000);
        for (Thread t : receivers) {
            t.join(2000);
        }
        for (Selector s : selectors) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
