package io.jellyfish.webrtc.srtp;

/**
 * SRTP/SRTCP protection for one DTLS-SRTP association: one master key/salt protects what this
 * side sends, the peer's unprotects what it receives (RFC 3711, RFC 7714 for GCM).
 *
 * <p>All methods work in place on {@code buf[off, off + len)} and return the new length. Protect
 * needs room for {@link #rtpOverhead()} / {@link #rtcpOverhead()} extra bytes after the packet.
 * Unprotect returns -1 for anything that is not an authentic, fresh packet (malformed, forged,
 * replayed or too old) and never throws; after -1 the buffer content is unspecified.
 *
 * <p>Per-SSRC state (rollover counter, replay windows, SRTCP counters) is created on first use;
 * on the receive side only once a packet has authenticated. The per-packet path does not
 * allocate for AES-CM.
 *
 * <p><b>Not thread-safe</b>, by design: each session is driven by one thread at a time (a peer's
 * receiving side, or the publisher thread of one outbound stream). Two threads must not use one
 * session concurrently, and two sessions of one key must never protect the same SSRC (keystream
 * reuse).
 */
public final class SrtpSession {
    /** Wide enough for NACK retransmissions of a few hundred packets per second of video. */
    static final int RTP_REPLAY_WINDOW = 1024;
    static final int RTCP_REPLAY_WINDOW = 128;
    private static final int MAX_STREAMS = 1024;
    private static final int RTP_HEADER_LENGTH = 12;
    private static final int RTCP_HEADER_LENGTH = 8;

    private final SrtpProfile profile;
    private final SrtpTransformer outbound;
    private final SrtpTransformer inbound;
    private final SsrcMap<SendStream> sendStreams = new SsrcMap<>(MAX_STREAMS);
    private final SsrcMap<ReceiveStream> receiveStreams = new SsrcMap<>(MAX_STREAMS);

    /** Sender-side state of one SSRC. */
    private static final class SendStream {
        long highestRtpIndex = -1;
        int srtcpIndex;
    }

    /** Receiver-side state of one SSRC; the RTP window's highest index also yields the ROC. */
    private static final class ReceiveStream {
        final ReplayWindow rtp = new ReplayWindow(RTP_REPLAY_WINDOW);
        final ReplayWindow rtcp = new ReplayWindow(RTCP_REPLAY_WINDOW);
    }

    public SrtpSession(SrtpProfile profile, byte[] sendKey, byte[] sendSalt, byte[] receiveKey, byte[] receiveSalt) {
        this.profile = profile;
        this.outbound = SrtpTransformer.create(profile, checked(profile, sendKey, sendSalt), sendSalt);
        this.inbound = SrtpTransformer.create(profile, checked(profile, receiveKey, receiveSalt), receiveSalt);
    }

    /** The DTLS server's view: send with the server keys, receive with the client (browser) keys. */
    public static SrtpSession forServer(SrtpKeyingMaterial keys) {
        return new SrtpSession(keys.profile(), keys.serverKey(), keys.serverSalt(), keys.clientKey(), keys.clientSalt());
    }

    /** The DTLS client's view (used by tests and any client-side tooling). */
    public static SrtpSession forClient(SrtpKeyingMaterial keys) {
        return new SrtpSession(keys.profile(), keys.clientKey(), keys.clientSalt(), keys.serverKey(), keys.serverSalt());
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Bytes {@link #protectRtp} appends. */
    public int rtpOverhead() {
        return profile.tagLength();
    }

    /** Bytes {@link #protectRtcp} appends. */
    public int rtcpOverhead() {
        return profile.maxRtcpOverhead();
    }

    /**
     * Encrypts and authenticates an RTP packet. Returns the SRTP length, or -1 if the packet is
     * not RTP version 2 with a consistent header.
     *
     * @throws IllegalArgumentException if {@code buf} has no room for the tag after the packet
     */
    public int protectRtp(byte[] buf, int off, int len) {
        requireRoom(buf, off, len, rtpOverhead());
        int headerLength = rtpHeaderLength(buf, off, len);
        if (headerLength < 0) {
            return -1;
        }
        int ssrc = SrtpTransformer.getInt(buf, off + 8);
        int seq = sequenceNumber(buf, off);
        SendStream stream = sendStreams.getOrCreate(ssrc, SendStream::new);
        long index = stream.highestRtpIndex < 0 ? seq : estimateIndex(stream.highestRtpIndex, seq);
        if (index < 0) {
            return -1;
        }
        stream.highestRtpIndex = Math.max(stream.highestRtpIndex, index);
        return outbound.protectRtp(buf, off, len, headerLength, ssrc, index);
    }

    /** Authenticates and decrypts an SRTP packet; returns the RTP length or -1. */
    public int unprotectRtp(byte[] buf, int off, int len) {
        if (!inBounds(buf, off, len)) {
            return -1;
        }
        int authenticated = len - profile.tagLength();
        int headerLength = rtpHeaderLength(buf, off, authenticated);
        if (headerLength < 0) {
            return -1;
        }
        int ssrc = SrtpTransformer.getInt(buf, off + 8);
        int seq = sequenceNumber(buf, off);
        ReceiveStream stream = receiveStreams.get(ssrc);
        long highest = stream == null ? -1 : stream.rtp.highest();
        // RFC 3711 3.3.1: a new stream starts with ROC 0 at its first sequence number.
        long index = highest < 0 ? seq : estimateIndex(highest, seq);
        if (index < 0 || (stream != null && stream.rtp.rejects(index))) {
            return -1;
        }
        int plainLength = inbound.unprotectRtp(buf, off, len, headerLength, ssrc, index);
        if (plainLength < 0) {
            return -1;
        }
        if (stream == null) {
            stream = receiveStreams.put(ssrc, new ReceiveStream());
        }
        stream.rtp.accept(index);
        return plainLength;
    }

    /**
     * Encrypts and authenticates a (compound) RTCP packet. Returns the SRTCP length, or -1 if it
     * is not RTCP version 2.
     *
     * @throws IllegalArgumentException if {@code buf} has no room for index and tag after the packet
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        requireRoom(buf, off, len, rtcpOverhead());
        if (len < RTCP_HEADER_LENGTH || (buf[off] & 0xc0) != 0x80) {
            return -1;
        }
        int ssrc = SrtpTransformer.getInt(buf, off + 4);
        SendStream stream = sendStreams.getOrCreate(ssrc, SendStream::new);
        // Pre-increment: the first SRTCP index is 1, as in libsrtp. The 31-bit counter wraps.
        stream.srtcpIndex = (stream.srtcpIndex + 1) & 0x7fffffff;
        return outbound.protectRtcp(buf, off, len, ssrc, stream.srtcpIndex);
    }

    /** Authenticates and decrypts an SRTCP packet; returns the RTCP length or -1. */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        if (!inBounds(buf, off, len) || len < RTCP_HEADER_LENGTH + rtcpOverhead() || (buf[off] & 0xc0) != 0x80) {
            return -1;
        }
        int ssrc = SrtpTransformer.getInt(buf, off + 4);
        int indexWord = SrtpTransformer.getInt(buf, off + inbound.rtcpIndexWordOffset(len));
        int index = indexWord & 0x7fffffff;
        ReceiveStream stream = receiveStreams.get(ssrc);
        if (stream != null && stream.rtcp.rejects(index)) {
            return -1;
        }
        int plainLength = inbound.unprotectRtcp(buf, off, len, ssrc, indexWord);
        if (plainLength < 0) {
            return -1;
        }
        if (stream == null) {
            stream = receiveStreams.put(ssrc, new ReceiveStream());
        }
        stream.rtcp.accept(index);
        return plainLength;
    }

    /**
     * RFC 3711 Appendix A: the index (ROC || SEQ) closest to the highest one seen so far.
     * Returns -1 for a packet that would precede ROC 0.
     */
    static long estimateIndex(long highestIndex, int seq) {
        long roc = highestIndex >>> 16;
        int highestSeq = (int) (highestIndex & 0xffff);
        long guessedRoc;
        if (highestSeq < 0x8000) {
            guessedRoc = seq - highestSeq > 0x8000 ? roc - 1 : roc;
        } else {
            guessedRoc = highestSeq - 0x8000 > seq ? roc + 1 : roc;
        }
        if (guessedRoc < 0 || guessedRoc > 0xffffffffL) {
            return -1;
        }
        return guessedRoc << 16 | seq;
    }

    /** Header length including CSRCs and the extension block, or -1 if it does not fit in len. */
    private static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (len < RTP_HEADER_LENGTH) {
            return -1;
        }
        int first = buf[off] & 0xff;
        if ((first & 0xc0) != 0x80) {
            return -1;
        }
        int length = RTP_HEADER_LENGTH + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (length + 4 > len) {
                return -1;
            }
            int extensionWords = (buf[off + length + 2] & 0xff) << 8 | (buf[off + length + 3] & 0xff);
            length += 4 + 4 * extensionWords;
        }
        return length <= len ? length : -1;
    }

    private static int sequenceNumber(byte[] buf, int off) {
        return (buf[off + 2] & 0xff) << 8 | (buf[off + 3] & 0xff);
    }

    private static boolean inBounds(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && len <= buf.length - off;
    }

    private static void requireRoom(byte[] buf, int off, int len, int overhead) {
        if (off < 0 || len < 0 || len > buf.length - off - overhead) {
            throw new IllegalArgumentException("need " + overhead + " spare bytes after the packet: buffer "
                    + buf.length + ", offset " + off + ", length " + len);
        }
    }

    private static byte[] checked(SrtpProfile profile, byte[] key, byte[] salt) {
        if (key.length != profile.keyLength() || salt.length != profile.saltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.keyLength() + "-byte key and a "
                    + profile.saltLength() + "-byte salt");
        }
        return key;
    }
}
