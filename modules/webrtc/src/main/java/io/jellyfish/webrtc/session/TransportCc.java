package io.jellyfish.webrtc.session;

import io.jellyfish.webrtc.bwe.TwccReceiver;
import io.jellyfish.webrtc.bwe.TwccSender;
import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.sdp.Direction;
import io.jellyfish.webrtc.sdp.HeaderExtensions;
import io.jellyfish.webrtc.sdp.MediaAnswer;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Transport-wide congestion control of one peer, in both directions: as a publisher it gets
 * transport-cc feedback every 250 ms (webrtc.md 5.1); as a subscriber its packets are stamped
 * with the session's sequence numbers, its feedback feeds an estimator, and the estimate goes to
 * it as {@code bandwidthEstimation} every 5 s (5.5). The peer endpoint calls in from its hooks.
 */
final class TransportCc {
    static final long REPORT_INTERVAL_SECONDS = 5;

    /** Where the feedback goes: the peer's SRTCP and selected path. */
    @FunctionalInterface
    interface RtcpSink {
        /** Sends {@code buffer[0, length)}, protecting it in place (the buffer has room for the trailer). */
        void sendRtcp(byte[] buffer, int length);
    }

    final TwccSender sender = new TwccSender();
    private final TwccReceiver receiver = new TwccReceiver(System.nanoTime());
    private final long senderSsrc;
    private final RtcpSink sink;
    /** Feedback towards the publisher is built on its listener thread only. */
    private final byte[] feedbackBuffer;
    private final ScheduledFuture<?> reports;

    TransportCc(ScheduledExecutorService timers, long senderSsrc, int bufferLength, RtcpSink sink,
                Consumer<String> mediaEvents) {
        this.senderSsrc = senderSsrc;
        this.sink = sink;
        this.feedbackBuffer = new byte[bufferLength];
        this.reports = timers.scheduleAtFixedRate(() -> {
            double estimate = sender.estimateBps();
            if (estimate > 0) {
                mediaEvents.accept(MediaEvents.bandwidthEstimation(estimate));
            }
        }, REPORT_INTERVAL_SECONDS, REPORT_INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * After every answer: the extension ids of the peer's sending and receiving m-lines. BUNDLE
     * gives an extension one id across the session, so the first m-line of each direction tells.
     */
    void negotiated(List<MediaAnswer> sections) {
        receiver.setExtensionId(transportCcId(sections, Direction.RECVONLY));
        sender.setExtensionId(transportCcId(sections, Direction.SENDONLY));
    }

    private static int transportCcId(List<MediaAnswer> sections, Direction direction) {
        for (MediaAnswer section : sections) {
            if (section.direction() == direction) {
                var id = HeaderExtensions.id(section.extensions(), HeaderExtensions.TRANSPORT_CC);
                if (id.isPresent()) {
                    return id.getAsInt();
                }
            }
        }
        return 0;
    }

    /** Every decrypted packet from the peer, before any is dropped (listener thread). */
    void onInboundRtp(RtpPacket packet, long nowNanos) {
        receiver.onPacket(packet, nowNanos);
        if (receiver.feedbackDue(nowNanos)) {
            for (int length; (length = receiver.writeFeedback(feedbackBuffer, 0, senderSsrc, nowNanos)) > 0; ) {
                sink.sendRtcp(feedbackBuffer, length);
            }
        }
    }

    /** A transport-cc feedback packet from the peer as a subscriber (listener thread). */
    void onFeedback(byte[] buffer, int offset, int length, long nowNanos) {
        sender.onFeedback(buffer, offset, length, nowNanos);
    }

    void close() {
        reports.cancel(false);
    }
}
