package io.jellyfish.webrtc.session;

import io.jellyfish.webrtc.rtp.Rtcp;
import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.rtp.SequenceGaps;

/**
 * Generic NACKs towards a publisher (webrtc.md 5.1): as soon as a packet reveals a sequence gap in
 * its stream, one NACK lists the missing numbers. Runs on the publisher's listener thread only, with
 * buffers allocated once.
 */
final class PublisherNacks {

    /** Where the built RTCP goes: the peer protects and sends it. */
    @FunctionalInterface
    interface RtcpSender {
        void sendRtcp(byte[] packet, int length);
    }

    private final long senderSsrc;
    private final RtcpSender sender;
    private final int[] missing = new int[SequenceGaps.MAX_REPORTED];
    /** Gaps are consecutive runs, so MAX_REPORTED numbers take at most 16 PID/BLP entries. */
    private final byte[] nack = new byte[Rtcp.FEEDBACK_HEADER_LENGTH + 4 * (SequenceGaps.MAX_REPORTED / 17)];

    PublisherNacks(long senderSsrc, RtcpSender sender) {
        this.senderSsrc = senderSsrc;
        this.sender = sender;
    }

    /** One packet of the stream {@code gaps} tracks; NACKs what it skipped, if anything. */
    void onPacket(SequenceGaps gaps, RtpPacket packet) {
        int count = gaps.onPacket(packet.sequenceNumber(), missing);
        if (count > 0) {
            sender.sendRtcp(nack, Rtcp.writeNack(nack, 0, senderSsrc, packet.ssrc(), missing, count));
        }
    }
}
