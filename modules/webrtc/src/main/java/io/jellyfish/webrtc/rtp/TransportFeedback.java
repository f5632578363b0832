package io.jellyfish.webrtc.rtp;

/**
 * The transport-wide congestion control feedback packet (RTPFB FMT 15,
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1): a base sequence number and
 * status count, a 24-bit reference time in 64 ms units, an 8-bit feedback packet count, packet
 * status chunks (run-length, or status vectors of 14 one-bit or 7 two-bit symbols), then one
 * receive delta per received packet: 8 bits unsigned, or 16 bits signed, in 250 us ticks.
 *
 * <p>{@link Encoder} writes it and {@link Reader} reads it, both without allocating per packet.
 */
public final class TransportFeedback {

    /** Marks a packet that was not received, in arrival-time arrays and in {@link Visitor} calls. */
    public static final long NOT_RECEIVED = Long.MIN_VALUE;
    public static final long REFERENCE_TIME_UNIT_MICROS = 64_000;
    public static final long DELTA_TICK_MICROS = 250;
    /** Header, base sequence number and status count, reference time and feedback packet count. */
    static final int FIXED_LENGTH = 20;

    private static final int NOT_RECEIVED_SYMBOL = 0;
    private static final int SMALL_DELTA = 1;
    private static final int LARGE_DELTA = 2;
    private static final int MAX_RUN_LENGTH = 0x1FFF;
    private static final int ONE_BIT_CAPACITY = 14;
    private static final int TWO_BIT_CAPACITY = 7;

    private TransportFeedback() {
    }

    /** Receives the packets a feedback describes, in sequence-number order. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param sequenceNumber     the 16-bit transport-wide sequence number
         * @param arrivalOffsetMicros arrival time relative to reference time × 64 ms, or {@link #NOT_RECEIVED}
         */
        void packet(int sequenceNumber, long arrivalOffsetMicros);
    }

    /**
     * Builds feedback packets from a ring of arrival times. Reusable; not thread-safe. One call
     * covers as many packets as fit in {@link #MAX_PACKET_LENGTH} bytes and in the receive-delta
     * range; {@link #encodedCount()} tells the caller where the next packet starts.
     */
    public static final class Encoder {
        /** Leaves room for SRTCP and TURN framing within a 1500-byte datagram. */
        public static final int MAX_PACKET_LENGTH = 1200;

        private final byte[] symbols;
        private final int[] deltas;
        private final char[] chunks;
        private int encodedCount;

        /** @param maxStatuses the most packets one feedback may describe (the caller's window) */
        public Encoder(int maxStatuses) {
            symbols = new byte[maxStatuses];
            deltas = new int[maxStatuses];
            chunks = new char[maxStatuses];
        }

        /** How many packets (from the first) the last {@link #encode} described. */
        public int encodedCount() {
            return encodedCount;
        }

        /**
         * Writes one feedback packet for the packets {@code firstSequence, firstSequence+1, …}
         * ({@code count} of them, unwrapped), whose arrival times in microseconds (or
         * {@link #NOT_RECEIVED}) are at {@code arrivalMicros[sequence & (arrivalMicros.length - 1)]}.
         *
         * @return the packet length, or 0 if none of those packets was received (nothing to report)
         */
        public int encode(byte[] dst, int offset, long senderSsrc, long mediaSsrc, int feedbackCount,
                          long[] arrivalMicros, long firstSequence, int count) {
            int mask = arrivalMicros.length - 1;
            if ((arrivalMicros.length & mask) != 0) {
                throw new IllegalArgumentException("the arrival ring length must be a power of two");
            }
            encodedCount = 0;
            int limit = Math.min(count, symbols.length);
            long referenceTime = 0;
            long lastMicros = 0;
            boolean anyReceived = false;
            int statuses = 0;
            for (; statuses < limit; statuses++) {
                long arrival = arrivalMicros[(int) ((firstSequence + statuses) & mask)];
                if (arrival == NOT_RECEIVED) {
                    symbols[statuses] = NOT_RECEIVED_SYMBOL;
                    continue;
                }
                if (!anyReceived) {
                    anyReceived = true;
                    referenceTime = Math.floorDiv(arrival, REFERENCE_TIME_UNIT_MICROS);
                    lastMicros = referenceTime * REFERENCE_TIME_UNIT_MICROS;
                }
                // Deltas accumulate on the rounded clock so rounding errors do not add up.
                long ticks = Math.floorDiv(arrival - lastMicros, DELTA_TICK_MICROS);
                if (ticks < Short.MIN_VALUE || ticks > Short.MAX_VALUE) {
                    break; // the rest goes into the next packet, with its own reference time
                }
                lastMicros += ticks * DELTA_TICK_MICROS;
                symbols[statuses] = (byte) (ticks >= 0 && ticks <= 0xFF ? SMALL_DELTA : LARGE_DELTA);
                deltas[statuses] = (int) ticks;
            }
            if (!anyReceived) {
                return 0;
            }
            // Chunks, within the size budget: a chunk is shortened (or the packet ends) where its deltas would not fit.
            int chunkCount = 0;
            int covered = 0;
            int deltaBytes = 0;
            while (covered < statuses) {
                int run = runLength(covered, statuses);
                int vectorCapacity = 0;
                int take = run;
                if (run < ONE_BIT_CAPACITY && run != statuses - covered) {
                    if (fitsOneBit(covered, statuses)) {
                        vectorCapacity = ONE_BIT_CAPACITY;
                    } else if (run < TWO_BIT_CAPACITY) {
                        vectorCapacity = TWO_BIT_CAPACITY;
                    }
                    if (vectorCapacity > 0) {
                        take = Math.min(vectorCapacity, statuses - covered);
                    }
                }
                int budget = MAX_PACKET_LENGTH - 3 - FIXED_LENGTH - 2 * (chunkCount + 1) - deltaBytes;
                int chunkDeltaBytes = 0;
                int fitting = 0;
                while (fitting < take && chunkDeltaBytes + symbols[covered + fitting] <= budget) {
                    chunkDeltaBytes += symbols[covered + fitting];
                    fitting++;
                }
                if (fitting == 0) {
                    break;
                }
                chunks[chunkCount++] = vectorCapacity == 0
                        ? (char) ((symbols[covered] << 13) | fitting)
                        : vectorChunk(covered, fitting, vectorCapacity);
                covered += fitting;
                deltaBytes += chunkDeltaBytes;
            }
            int unpadded = FIXED_LENGTH + 2 * chunkCount + deltaBytes;
            int length = (unpadded + 3) & ~3;
            if (offset < 0 || offset > dst.length - length) {
                throw new IllegalArgumentException("RTCP buffer too small: need " + length + " bytes at " + offset);
            }
            int padding = length - unpadded;
            dst[offset] = (byte) ((padding > 0 ? 0xA0 : 0x80) | Rtcp.FMT_TWCC);
            dst[offset + 1] = (byte) Rtcp.RTPFB;
            Bytes.put16(dst, offset + 2, length / 4 - 1);
            Bytes.put32(dst, offset + 4, senderSsrc);
            Bytes.put32(dst, offset + 8, mediaSsrc);
            Bytes.put16(dst, offset + 12, (int) (firstSequence & 0xFFFF));
            Bytes.put16(dst, offset + 14, covered);
            long reference24 = referenceTime & 0xFFFFFF;
            dst[offset + 16] = (byte) (reference24 >>> 16);
            dst[offset + 17] = (byte) (reference24 >>> 8);
            dst[offset + 18] = (byte) reference24;
            dst[offset + 19] = (byte) feedbackCount;
            int at = offset + FIXED_LENGTH;
            for (int i = 0; i < chunkCount; i++, at += 2) {
                Bytes.put16(dst, at, chunks[i]);
            }
            for (int i = 0; i < covered; i++) {
                if (symbols[i] == SMALL_DELTA) {
                    dst[at++] = (byte) deltas[i];
                } else if (symbols[i] == LARGE_DELTA) {
                    Bytes.put16(dst, at, deltas[i]);
                    at += 2;
                }
            }
            // RFC 3550 padding, as libwebrtc writes it: zeros, then the padding length in the last byte.
            for (int i = 0; i < padding; i++) {
                dst[at++] = (byte) (i == padding - 1 ? padding : 0);
            }
            encodedCount = covered;
            return length;
        }

        private int runLength(int from, int end) {
            int run = 1;
            while (from + run < end && symbols[from + run] == symbols[from] && run < MAX_RUN_LENGTH) {
                run++;
            }
            return run;
        }

        private char vectorChunk(int from, int count, int capacity) {
            int bits = 0;
            for (int i = 0; i < count; i++) {
                bits |= capacity == ONE_BIT_CAPACITY
                        ? symbols[from + i] << (13 - i)
                        : symbols[from + i] << (12 - 2 * i);
            }
            return (char) ((capacity == ONE_BIT_CAPACITY ? 0x8000 : 0xC000) | bits);
        }

        private boolean fitsOneBit(int from, int end) {
            for (int i = from; i < Math.min(end, from + ONE_BIT_CAPACITY); i++) {
                if (symbols[i] == LARGE_DELTA) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Reads one feedback packet as delimited by {@link RtcpReader}. Reusable; not thread-safe. */
    public static final class Reader {
        private byte[] buffer;
        private int chunksStart;
        private int deltasEnd;
        private long senderSsrc;
        private long mediaSsrc;
        private int baseSequenceNumber;
        private int statusCount;
        private int referenceTime;
        private int feedbackCount;

        /**
         * Validates the packet: RTPFB FMT 15, chunks describing every status, deltas for every
         * received packet within the packet (padding excluded).
         *
         * @return false for anything malformed; the reader is then unusable until the next parse
         */
        public boolean parse(byte[] buffer, int offset, int length) {
            this.buffer = null;
            if (buffer == null || offset < 0 || length < FIXED_LENGTH || offset > buffer.length - length
                    || (buffer[offset] & 0xC0) != 0x80 || (buffer[offset] & 0x1F) != Rtcp.FMT_TWCC
                    || (buffer[offset + 1] & 0xFF) != Rtcp.RTPFB) {
                return false;
            }
            int end = offset + length;
            if ((buffer[offset] & 0x20) != 0) {
                int padding = buffer[end - 1] & 0xFF;
                if (padding == 0 || padding > length - FIXED_LENGTH) {
                    return false;
                }
                end -= padding;
            }
            senderSsrc = Bytes.u32(buffer, offset + 4);
            mediaSsrc = Bytes.u32(buffer, offset + 8);
            baseSequenceNumber = Bytes.u16(buffer, offset + 12);
            statusCount = Bytes.u16(buffer, offset + 14);
            referenceTime = ((buffer[offset + 16] & 0xFF) << 16) | ((buffer[offset + 17] & 0xFF) << 8)
                    | (buffer[offset + 18] & 0xFF);
            feedbackCount = buffer[offset + 19] & 0xFF;
            this.buffer = buffer;
            this.chunksStart = offset + FIXED_LENGTH;
            this.deltasEnd = end;
            if (walk(null) < 0) {
                this.buffer = null;
                return false;
            }
            return true;
        }

        public long senderSsrc() {
            return senderSsrc;
        }

        public long mediaSsrc() {
            return mediaSsrc;
        }

        public int baseSequenceNumber() {
            return baseSequenceNumber;
        }

        public int statusCount() {
            return statusCount;
        }

        /** The raw 24-bit reference time, in 64 ms units; it wraps every ~12.4 days of the sender's clock. */
        public int referenceTime() {
            return referenceTime;
        }

        public int feedbackCount() {
            return feedbackCount;
        }

        /** Calls {@code visitor} once per status of the last successfully parsed packet. */
        public void forEach(Visitor visitor) {
            if (buffer == null) {
                throw new IllegalStateException("no valid feedback parsed");
            }
            walk(visitor);
        }

        /**
         * Walks chunks then deltas; with a null visitor it only checks that they fit.
         *
         * @return the end offset of the deltas, or -1 if the packet is malformed
         */
        private int walk(Visitor visitor) {
            // Pass 1: the chunks, up to statusCount symbols; count the delta bytes they announce.
            int at = chunksStart;
            int seen = 0;
            int deltaBytes = 0;
            while (seen < statusCount) {
                if (at + 2 > deltasEnd) {
                    return -1;
                }
                int chunk = Bytes.u16(buffer, at);
                at += 2;
                int n = Math.min(chunkSize(chunk), statusCount - seen);
                for (int i = 0; i < n; i++) {
                    int symbol = symbol(chunk, i);
                    if (symbol == 3) {
                        return -1; // reserved
                    }
                    deltaBytes += symbol;
                }
                seen += n;
            }
            int deltasStart = at;
            if (deltasStart + deltaBytes > deltasEnd) {
                return -1;
            }
            if (visitor == null) {
                return deltasStart + deltaBytes;
            }
            // Pass 2: the same symbols, now with their deltas.
            int deltaAt = deltasStart;
            long offsetMicros = 0;
            int sequence = baseSequenceNumber;
            seen = 0;
            for (at = chunksStart; seen < statusCount; at += 2) {
                int chunk = Bytes.u16(buffer, at);
                int n = Math.min(chunkSize(chunk), statusCount - seen);
                for (int i = 0; i < n; i++, seen++, sequence = (sequence + 1) & 0xFFFF) {
                    int symbol = symbol(chunk, i);
                    if (symbol == NOT_RECEIVED_SYMBOL) {
                        visitor.packet(sequence, NOT_RECEIVED);
                        continue;
                    }
                    long ticks = symbol == SMALL_DELTA ? buffer[deltaAt] & 0xFF : (short) Bytes.u16(buffer, deltaAt);
                    deltaAt += symbol;
                    offsetMicros += ticks * DELTA_TICK_MICROS;
                    visitor.packet(sequence, offsetMicros);
                }
            }
            return deltaAt;
        }

        private static int chunkSize(int chunk) {
            if ((chunk & 0x8000) == 0) {
                return chunk & MAX_RUN_LENGTH;
            }
            return (chunk & 0x4000) == 0 ? ONE_BIT_CAPACITY : TWO_BIT_CAPACITY;
        }

        private static int symbol(int chunk, int index) {
            if ((chunk & 0x8000) == 0) {
                return (chunk >>> 13) & 0x3;
            }
            if ((chunk & 0x4000) == 0) {
                return (chunk >>> (13 - index)) & 0x1;
            }
            return (chunk >>> (12 - 2 * index)) & 0x3;
        }
    }
}
