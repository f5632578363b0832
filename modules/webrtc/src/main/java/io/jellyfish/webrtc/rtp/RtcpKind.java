package io.jellyfish.webrtc.rtp;

/** The RTCP packets the server tells apart (RFC 3550, 4585, 5104, draft-holmer TWCC, REMB). */
public enum RtcpKind {
    SENDER_REPORT, RECEIVER_REPORT, SDES, BYE, APP,
    /** RTPFB FMT 1. */
    GENERIC_NACK,
    /** RTPFB FMT 15. */
    TRANSPORT_CC,
    /** PSFB FMT 1. */
    PLI,
    /** PSFB FMT 4. */
    FIR,
    /** PSFB FMT 15 with the "REMB" identifier. */
    REMB,
    OTHER
}
