/**
 * The WebRTC media plane (webrtc.md 3-5): integrated TURN with virtual relay addresses, ICE-lite,
 * DTLS-SRTP, SDP answers and RTP/RTCP forwarding. The room engine stays free of packet code: it
 * drives this module through the media-plane SPI, and the launcher finds it with ServiceLoader.
 */
module io.jellyfish.webrtc {
    requires io.jellyfish.api;
    requires com.fasterxml.jackson.databind;
    // BouncyCastle ships real module descriptors (org.bouncycastle.provider/.tls/.util/.pkix).
    requires org.bouncycastle.provider;
    requires org.bouncycastle.tls;
    requires org.bouncycastle.util;
    requires org.bouncycastle.pkix;

    provides io.jellyfish.api.spi.MediaPlaneProvider with io.jellyfish.webrtc.WebRtcMediaPlaneProvider;
}
