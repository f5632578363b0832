package io.jellyfish.webrtc.rtp;

/**
 * Iterates the packets of a compound RTCP packet (RFC 3550 6.1) without allocating:
 * {@code reader.reset(buf, off, len); while (reader.next()) { … reader.kind() … }}. Iteration stops
 * at the first malformed packet; {@link #malformed()} then tells the caller.
 */
public final class RtcpReader {

    private byte[] buffer;
    private int end;
    private int next;
    private int offset;
    private int length;
    private boolean malformed;

    /** @return false if the range itself is unusable (null buffer, out of bounds) */
    public boolean reset(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.malformed = false;
        this.length = 0;
        if (buffer == null || offset < 0 || length < 0 || offset > buffer.length - length) {
            this.malformed = true;
            this.next = this.end = 0;
            return false;
        }
        this.next = offset;
        this.end = offset + length;
        return true;
    }

    /** Advances to the next packet; false at the end or at a malformed packet. */
    public boolean next() {
        if (malformed || next >= end) {
            return false;
        }
        if (end - next < 4 || (buffer[next] & 0xC0) != 0x80) {
            return fail();
        }
        int packetLength = (Bytes.u16(buffer, next + 2) + 1) * 4;
        if (packetLength > end - next) {
            return fail();
        }
        int type = buffer[next + 1] & 0xFF;
        // Every type the server reads carries a sender SSRC; feedback also a media SSRC.
        int minimum = type == Rtcp.RTPFB || type == Rtcp.PSFB ? Rtcp.FEEDBACK_HEADER_LENGTH : type == Rtcp.SR || type == Rtcp.RR ? 8 : 4;
        if (packetLength < minimum) {
            return fail();
        }
        offset = next;
        length = packetLength;
        next += packetLength;
        return true;
    }

    private boolean fail() {
        malformed = true;
        length = 0;
        return false;
    }

    /** Whether iteration stopped at malformed data. */
    public boolean malformed() {
        return malformed;
    }

    /** Absolute offset of the current packet. */
    public int offset() {
        return offset;
    }

    /** Length in bytes of the current packet (from its length field). */
    public int length() {
        return length;
    }

    public int packetType() {
        return buffer[offset + 1] & 0xFF;
    }

    /** FMT for feedback, report count for SR/RR. */
    public int format() {
        return buffer[offset] & 0x1F;
    }

    public RtcpKind kind() {
        return Rtcp.kind(buffer, offset, length);
    }

    /** The sender SSRC, or -1 for a packet too short to carry one (an empty BYE/SDES). */
    public long senderSsrc() {
        return length >= 8 ? Bytes.u32(buffer, offset + 4) : -1;
    }

    /** See {@link Rtcp#targetSsrc}. */
    public long targetSsrc() {
        return Rtcp.targetSsrc(buffer, offset, length);
    }
}
