package io.jellyfish.webrtc.session;

import io.jellyfish.webrtc.rtp.RtpPacket;

/**
 * Voice activity of one published audio track (webrtc.md 5.7): reads the audio-level extension of
 * its packets into a {@link VoiceActivityEstimator} and tells the track's subscribers about every
 * change, and each new subscriber about the current state.
 *
 * <p>Packets arrive on the publisher's listener thread only. A change is announced under this
 * object's monitor, as is the state a new subscription gets, so a subscriber can never end up with
 * a state older than the last change.
 */
final class VoiceActivity {
    /** Who hears about the track's voice activity: each of its subscriptions. */
    interface Listener {
        void onVoiceActivity(boolean speech);
    }

    private final int extensionId;
    private final VoiceActivityEstimator estimator = new VoiceActivityEstimator();
    // ---- publisher's listener thread only ----
    private boolean sawTimestamp;
    private long lastTimestamp;
    /** Written under the monitor by the listener thread; read by it without locking. */
    private boolean speech;

    /** @param extensionId the publisher's negotiated id of {@code ssrc-audio-level} */
    VoiceActivity(int extensionId) {
        this.extensionId = extensionId;
    }

    /** One packet of the track; announces a change of state to {@code listeners}. */
    void onPacket(RtpPacket packet, Iterable<? extends Listener> listeners) {
        int offset = packet.extensionOffset(extensionId);
        if (offset < 0 || packet.extensionLength(extensionId) < 1) {
            return;
        }
        long timestamp = packet.timestamp();
        // Late (reordered) packets would replay old levels into the window: skip them.
        if (sawTimestamp && (int) (timestamp - lastTimestamp) < 0) {
            return;
        }
        sawTimestamp = true;
        lastTimestamp = timestamp;
        // RFC 6464: V flag, then the level in -dBov. The sender's V flag is ignored, as in the engine.
        boolean now = estimator.add(packet.buffer()[offset] & 0x7F);
        if (now != speech) {
            synchronized (this) {
                speech = now;
                for (Listener listener : listeners) {
                    listener.onVoiceActivity(now);
                }
            }
        }
    }

    /** The current state for a listener that was just added (a subscription attached to the track). */
    synchronized void announceTo(Listener listener) {
        listener.onVoiceActivity(speech);
    }
}
