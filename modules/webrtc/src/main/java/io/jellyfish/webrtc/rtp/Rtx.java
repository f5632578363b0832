package io.jellyfish.webrtc.rtp;

/** RFC 4588 retransmission packets, as Chromium sends them on its RTX streams (webrtc.md 5.1). */
public final class Rtx {

    /** The original sequence number (OSN) that starts every RTX payload (RFC 4588 4). */
    public static final int OSN_LENGTH = 2;

    private Rtx() {
    }

    /**
     * Turns the RTX packet viewed by {@code packet} back into the original media packet, in place:
     * the OSN becomes the sequence number, SSRC and payload type become the media stream's. The
     * header moves up over the OSN (rather than the payload down), so only a few bytes are copied;
     * the view is re-wrapped on the result, {@link Rtx#OSN_LENGTH} bytes further into the buffer.
     *
     * @return false, with the packet untouched, if there is no media to merge: a payload too short
     *         for the OSN, or just the OSN (Chromium's padding-only probes have an empty payload)
     */
    public static boolean unwrap(RtpPacket packet, long mediaSsrc, int mediaPayloadType) {
        if (packet.payloadLength() <= OSN_LENGTH) {
            return false;
        }
        byte[] buffer = packet.buffer();
        int offset = packet.offset();
        int length = packet.length();
        int headerLength = packet.headerLength();
        int originalSequenceNumber = Bytes.u16(buffer, offset + headerLength);
        System.arraycopy(buffer, offset, buffer, offset + OSN_LENGTH, headerLength);
        // Same header, same padding at the end: the shorter packet is well-formed by construction.
        packet.wrap(buffer, offset + OSN_LENGTH, length - OSN_LENGTH);
        packet.setSequenceNumber(originalSequenceNumber);
        packet.setSsrc(mediaSsrc);
        packet.setPayloadType(mediaPayloadType);
        return true;
    }
}
