package io.jellyfish.webrtc.rtp;

import java.util.Arrays;

/**
 * A padding-only RTP packet for probing a subscriber's downlink (webrtc.md 5.6): no payload, 255
 * bytes of RTP padding (RFC 3550 5.1: the last one holds the count), P bit set, marker clear. It
 * goes out on a real outbound stream with the next munged sequence number, so the receiver files
 * it as padding in sequence (libwebrtc's own probes look the same) and counts it for transport-cc.
 */
public final class PaddingProbe {
    public static final int PADDING = 255;
    public static final int LENGTH = RtpPacket.FIXED_HEADER_LENGTH + PADDING;
    /** With room for a one-byte-header block holding the transport-wide sequence number. */
    public static final int LENGTH_WITH_TRANSPORT_CC = LENGTH + 8;

    private PaddingProbe() {
    }

    /**
     * Writes a probe at {@code buffer[offset]}, leaving {@code extensionLength} zero bytes after the
     * fixed header for the caller's extension block (X bit left clear for it to set).
     *
     * @return the packet length
     */
    public static int write(byte[] buffer, int offset, int payloadType, int sequenceNumber, long timestamp, long ssrc,
                            int extensionLength) {
        int length = LENGTH + extensionLength;
        buffer[offset] = (byte) 0xA0; // V=2, P=1
        buffer[offset + 1] = (byte) (payloadType & 0x7F);
        Bytes.put16(buffer, offset + 2, sequenceNumber);
        Bytes.put32(buffer, offset + 4, timestamp);
        Bytes.put32(buffer, offset + 8, ssrc);
        Arrays.fill(buffer, offset + RtpPacket.FIXED_HEADER_LENGTH, offset + length - 1, (byte) 0);
        buffer[offset + length - 1] = (byte) PADDING;
        return length;
    }
}
