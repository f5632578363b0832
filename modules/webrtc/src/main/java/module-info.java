/**
 * The WebRTC media plane (webrtc.md 3-5): integrated TURN with virtual relay addresses, ICE-lite,
 * DTLS-SRTP, SDP answers and RTP/RTCP forwarding. The room engine stays free of packet code.
 */
module io.jellyfish.webrtc {
    requires transitive io.jellyfish.api;
    // BouncyCastle ships real module descriptors (org.bouncycastle.provider/.tls/.util/.pkix).
    requires org.bouncycastle.provider;
    requires org.bouncycastle.tls;
    requires org.bouncycastle.util;
    requires org.bouncycastle.pkix;
    // Packages are exported as the pieces land: stun, turn, ice, dtls, srtp, sdp, rtp.

}
