package io.jellyfish.webrtc.rtp;

/**
 * RTCP helpers on a single packet of a compound (as delimited by {@link RtcpReader}), and builders
 * for the feedback the server sends. Builders write into a caller buffer and return the bytes
 * written; they throw {@link IllegalArgumentException} if it is too small.
 */
public final class Rtcp {

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** Transport-layer feedback (RFC 4585). */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585). */
    public static final int PSFB = 206;

    public static final int FMT_NACK = 1;
    public static final int FMT_TWCC = 15;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    public static final int FMT_AFB = 15;

    /** Common header plus sender and media SSRC. */
    public static final int FEEDBACK_HEADER_LENGTH = 12;
    public static final int PLI_LENGTH = 12;
    public static final int FIR_LENGTH = 20;

    private Rtcp() {
    }

    /**
     * RTP/RTCP demultiplexing on a shared port (RFC 5761 4): RTCP packet types 192-223 in the
     * second byte.
     */
    public static boolean isRtcp(byte[] buffer, int offset, int length) {
        if (buffer == null || offset < 0 || length < 4 || offset > buffer.length - length) {
            return false;
        }
        int type = buffer[offset + 1] & 0xFF;
        return (buffer[offset] & 0xC0) == 0x80 && type >= 192 && type <= 223;
    }

    /** Classifies a packet that {@link RtcpReader} has delimited. */
    static RtcpKind kind(byte[] buffer, int offset, int length) {
        int fmt = buffer[offset] & 0x1F;
        return switch (buffer[offset + 1] & 0xFF) {
            case SR -> RtcpKind.SENDER_REPORT;
            case RR -> RtcpKind.RECEIVER_REPORT;
            case SDES -> RtcpKind.SDES;
            case BYE -> RtcpKind.BYE;
            case APP -> RtcpKind.APP;
            case RTPFB -> fmt == FMT_NACK ? RtcpKind.GENERIC_NACK : fmt == FMT_TWCC ? RtcpKind.TRANSPORT_CC : RtcpKind.OTHER;
            case PSFB -> switch (fmt) {
                case FMT_PLI -> RtcpKind.PLI;
                case FMT_FIR -> RtcpKind.FIR;
                case FMT_AFB -> isRemb(buffer, offset, length) ? RtcpKind.REMB : RtcpKind.OTHER;
                default -> RtcpKind.OTHER;
            };
            default -> RtcpKind.OTHER;
        };
    }

    private static boolean isRemb(byte[] b, int offset, int length) {
        int i = offset + FEEDBACK_HEADER_LENGTH;
        return length >= FEEDBACK_HEADER_LENGTH + 4 && b[i] == 'R' && b[i + 1] == 'E' && b[i + 2] == 'M' && b[i + 3] == 'B';
    }

    /**
     * The SSRC a feedback packet is about: the first FCI entry's SSRC for FIR (whose media SSRC
     * field is 0, RFC 5104 4.3.1.2), the media SSRC field otherwise; -1 if the packet is too short.
     */
    public static long targetSsrc(byte[] buffer, int offset, int length) {
        if (isFir(buffer, offset, length)) {
            return length >= FIR_LENGTH ? Bytes.u32(buffer, offset + FEEDBACK_HEADER_LENGTH) : -1;
        }
        return length >= FEEDBACK_HEADER_LENGTH ? Bytes.u32(buffer, offset + 8) : -1;
    }

    /**
     * Points a feedback packet at {@code ssrc}: every FCI entry of a FIR, the media SSRC field of
     * other feedback (so a subscriber's PLI can be forwarded to the publisher's layer).
     */
    public static void rewriteTargetSsrc(byte[] buffer, int offset, int length, long ssrc) {
        if (isFir(buffer, offset, length)) {
            for (int i = offset + FEEDBACK_HEADER_LENGTH; i + 8 <= offset + length; i += 8) {
                Bytes.put32(buffer, i, ssrc);
            }
        } else if (length >= FEEDBACK_HEADER_LENGTH) {
            Bytes.put32(buffer, offset + 8, ssrc);
        }
    }

    /** The packet sender's SSRC (second word of every RTCP packet type the server handles). */
    public static void setSenderSsrc(byte[] buffer, int offset, int length, long ssrc) {
        if (length >= 8) {
            Bytes.put32(buffer, offset + 4, ssrc);
        }
    }

    /** The FIR command sequence number of the first FCI entry, or -1. */
    public static int firSequenceNumber(byte[] buffer, int offset, int length) {
        return isFir(buffer, offset, length) && length >= FIR_LENGTH ? buffer[offset + 16] & 0xFF : -1;
    }

    /**
     * Expands a Generic NACK's PID/BLP entries (RFC 4585 6.2.1) into {@code out}.
     *
     * @return how many sequence numbers were written (at most {@code out.length}); 0 for a packet
     *         that is not a well-formed Generic NACK
     */
    public static int readNack(byte[] buffer, int offset, int length, int[] out) {
        if (length < FEEDBACK_HEADER_LENGTH + 4 || kind(buffer, offset, length) != RtcpKind.GENERIC_NACK) {
            return 0;
        }
        int count = 0;
        for (int i = offset + FEEDBACK_HEADER_LENGTH; i + 4 <= offset + length && count < out.length; i += 4) {
            int pid = Bytes.u16(buffer, i);
            int blp = Bytes.u16(buffer, i + 2);
            out[count++] = pid;
            for (int bit = 0; bit < 16 && count < out.length; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    out[count++] = (pid + bit + 1) & 0xFFFF;
                }
            }
        }
        return count;
    }

    /** Writes a PLI (PSFB FMT 1). */
    public static int writePli(byte[] dst, int offset, long senderSsrc, long mediaSsrc) {
        checkCapacity(dst, offset, PLI_LENGTH);
        writeFeedbackHeader(dst, offset, FMT_PLI, PSFB, PLI_LENGTH, senderSsrc, mediaSsrc);
        return PLI_LENGTH;
    }

    /** Writes a FIR (PSFB FMT 4) for one SSRC with command sequence number {@code sequenceNumber}. */
    public static int writeFir(byte[] dst, int offset, long senderSsrc, long mediaSsrc, int sequenceNumber) {
        checkCapacity(dst, offset, FIR_LENGTH);
        writeFeedbackHeader(dst, offset, FMT_FIR, PSFB, FIR_LENGTH, senderSsrc, 0);
        Bytes.put32(dst, offset + 12, mediaSsrc);
        dst[offset + 16] = (byte) sequenceNumber;
        dst[offset + 17] = 0;
        dst[offset + 18] = 0;
        dst[offset + 19] = 0;
        return FIR_LENGTH;
    }

    /**
     * Writes a Generic NACK (RTPFB FMT 1) for {@code sequenceNumbers[0, count)}. A number within 16
     * after the current entry's PID goes into its BLP; any other starts a new entry, so any order
     * is encoded correctly (ascending order gives the fewest entries).
     */
    public static int writeNack(byte[] dst, int offset, long senderSsrc, long mediaSsrc, int[] sequenceNumbers, int count) {
        if (count <= 0 || count > sequenceNumbers.length) {
            throw new IllegalArgumentException("NACK needs 1.." + sequenceNumbers.length + " sequence numbers: " + count);
        }
        int entries = 0;
        int pid = -1;
        for (int n = 0; n < count; n++) {
            int seq = sequenceNumbers[n] & 0xFFFF;
            int delta = pid < 0 ? -1 : (seq - pid) & 0xFFFF;
            if (delta < 0 || delta > 16) {
                entries++;
                pid = seq;
            }
        }
        int length = FEEDBACK_HEADER_LENGTH + 4 * entries;
        checkCapacity(dst, offset, length);
        writeFeedbackHeader(dst, offset, FMT_NACK, RTPFB, length, senderSsrc, mediaSsrc);
        int entry = offset + FEEDBACK_HEADER_LENGTH - 4;
        pid = -1;
        for (int n = 0; n < count; n++) {
            int seq = sequenceNumbers[n] & 0xFFFF;
            int delta = pid < 0 ? -1 : (seq - pid) & 0xFFFF;
            if (delta < 0 || delta > 16) {
                entry += 4;
                pid = seq;
                Bytes.put16(dst, entry, pid);
                Bytes.put16(dst, entry + 2, 0);
            } else if (delta > 0) {
                Bytes.put16(dst, entry + 2, Bytes.u16(dst, entry + 2) | (1 << (delta - 1)));
            }
        }
        return length;
    }

    private static boolean isFir(byte[] buffer, int offset, int length) {
        return length >= 4 && (buffer[offset + 1] & 0xFF) == PSFB && (buffer[offset] & 0x1F) == FMT_FIR;
    }

    private static void writeFeedbackHeader(byte[] dst, int offset, int fmt, int type, int length, long sender, long media) {
        dst[offset] = (byte) (0x80 | fmt);
        dst[offset + 1] = (byte) type;
        Bytes.put16(dst, offset + 2, length / 4 - 1);
        Bytes.put32(dst, offset + 4, sender);
        Bytes.put32(dst, offset + 8, media);
    }

    private static void checkCapacity(byte[] dst, int offset, int needed) {
        if (offset < 0 || offset > dst.length - needed) {
            throw new IllegalArgumentException("RTCP buffer too small: need " + needed + " bytes at " + offset);
        }
    }
}
