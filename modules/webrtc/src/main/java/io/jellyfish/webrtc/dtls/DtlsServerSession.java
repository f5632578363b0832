package io.jellyfish.webrtc.dtls;

import io.jellyfish.webrtc.srtp.SrtpKeyingMaterial;
import io.jellyfish.webrtc.srtp.SrtpProfile;
import io.jellyfish.webrtc.srtp.SrtpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;

/**
 * The server side (a=setup:passive) of one peer's DTLS-SRTP association (webrtc.md 4.6).
 *
 * <p>The ICE/TURN layer feeds every datagram whose first byte is 20-63 (RFC 7983) to
 * {@link #receive}; everything the session sends goes to the {@code output} consumer, which
 * routes it over the selected TURN path (holding it until one is nominated is the caller's job).
 * The first ClientHello starts BouncyCastle's blocking handshake on a virtual thread; datagrams
 * that cannot start a handshake are dropped. On success the SRTP keys are exported and
 * {@link Listener#onConnected} is called; on failure or timeout {@link Listener#onFailed}. Both
 * run on the session's virtual thread and are called at most once, and never both.
 *
 * <p>After the handshake the thread keeps reading so that BouncyCastle can retransmit its last
 * flight if the browser's Finished is repeated; DTLS application data is dropped (no data
 * channels). {@link #receive} and {@link #close} are thread-safe.
 */
public final class DtlsServerSession implements AutoCloseable {

    public enum State { NEW, HANDSHAKING, CONNECTED, FAILED, CLOSED }

    /** Outcome callbacks, invoked on the session's virtual thread. */
    public interface Listener {
        /** The handshake completed; {@code keys.profile() == profile}. */
        void onConnected(SrtpProfile profile, SrtpKeyingMaterial keys);

        /** The handshake failed (alert, fingerprint mismatch, no common SRTP profile, timeout). */
        void onFailed(Exception cause);

        /** The browser closed a connected association (close_notify or a fatal alert). */
        default void onClosed() {
        }
    }

    /**
     * Tunables. {@code maxDatagramSize} bounds every datagram the session sends (1200 keeps a
     * TURN Data indication under typical path MTUs, webrtc.md 4.6); {@code srtpProfiles} is the
     * server's preference order.
     */
    public record Options(Duration handshakeTimeout, int maxDatagramSize, List<SrtpProfile> srtpProfiles) {
        public static final int MIN_DATAGRAM_SIZE = 576;
        public static final int MAX_DATAGRAM_SIZE = 1500;

        public Options {
            Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
            if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("handshakeTimeout out of range: " + handshakeTimeout);
            }
            if (maxDatagramSize < MIN_DATAGRAM_SIZE || maxDatagramSize > MAX_DATAGRAM_SIZE) {
                throw new IllegalArgumentException("maxDatagramSize must be within " + MIN_DATAGRAM_SIZE + ".."
                        + MAX_DATAGRAM_SIZE + ": " + maxDatagramSize);
            }
            srtpProfiles = List.copyOf(srtpProfiles);
            if (srtpProfiles.isEmpty()) {
                throw new IllegalArgumentException("at least one SRTP profile is required");
            }
        }

        /** 30 s handshake timeout, 1200-byte datagrams, the engine's profile order (AES-CM first). */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(30), 1200,
                    List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM));
        }
    }

    /** How long one blocking read waits before the reader re-checks whether it should stop. */
    private static final int POLL_MILLIS = 1000;

    private final DtlsCertificate certificate;
    private final Listener listener;
    private final QueuedDatagramTransport transport;
    private final SrtpTlsServer tlsServer;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private volatile SrtpKeyingMaterial keys;

    /** A session with {@link Options#defaults()}. */
    public DtlsServerSession(DtlsCertificate certificate, String remoteFingerprintSha256, Consumer<byte[]> output,
            Listener listener) {
        this(certificate, remoteFingerprintSha256, output, listener, Options.defaults());
    }

    /**
     * @param certificate the local certificate whose fingerprint went into the SDP answer
     * @param remoteFingerprintSha256 the offer's {@code a=fingerprint:sha-256} value; when non-null
     *     the client certificate is requested and must match, when null none is requested
     * @param output receives each outgoing datagram (a fresh array the callee may keep)
     * @throws IllegalArgumentException if the fingerprint is not a SHA-256 fingerprint
     */
    public DtlsServerSession(DtlsCertificate certificate, String remoteFingerprintSha256, Consumer<byte[]> output,
            Listener listener, Options options) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.listener = Objects.requireNonNull(listener, "listener");
        byte[] expected = remoteFingerprintSha256 == null
                ? null : DtlsCertificate.parseFingerprintSha256(remoteFingerprintSha256);
        this.transport = new QueuedDatagramTransport(Objects.requireNonNull(output, "output"), options.maxDatagramSize());
        this.tlsServer = new SrtpTlsServer(certificate, expected, options.srtpProfiles(),
                (int) options.handshakeTimeout().toMillis());
    }

    /**
     * Hands over one datagram from the browser (first byte 20-63). Copies it; never blocks or
     * throws on bad input. Before the handshake, anything but a ClientHello is dropped.
     */
    public void receive(byte[] datagram, int off, int len) {
        if (datagram == null || off < 0 || len < 0 || len > datagram.length - off) {
            return;
        }
        State current = state.get();
        if (current == State.NEW) {
            if (!isClientHello(datagram, off, len)) {
                return;
            }
            if (state.compareAndSet(State.NEW, State.HANDSHAKING)) {
                transport.deliver(datagram, off, len);
                Thread.ofVirtual().name("dtls-server").start(this::run);
                return;
            }
            current = state.get();
        }
        if (current == State.HANDSHAKING || current == State.CONNECTED) {
            transport.deliver(datagram, off, len);
        }
    }

    public State state() {
        return state.get();
    }

    public DtlsCertificate certificate() {
        return certificate;
    }

    /** The local SHA-256 fingerprint for the SDP answer. */
    public String localFingerprint() {
        return certificate.fingerprintSha256();
    }

    /** The exported keys once connected. */
    public Optional<SrtpKeyingMaterial> keyingMaterial() {
        return Optional.ofNullable(keys);
    }

    /**
     * A fresh server-role SRTP session: protects with the server keys, unprotects with the client
     * keys. Create it once per association; two sessions sending the same SSRC would reuse keystream.
     *
     * @throws IllegalStateException before the handshake completed
     */
    public SrtpSession newSrtpSession() {
        SrtpKeyingMaterial material = keys;
        if (material == null) {
            throw new IllegalStateException("DTLS handshake not completed (state " + state.get() + ")");
        }
        return SrtpSession.forServer(material);
    }

    /**
     * Ends the session. A connected session sends close_notify (from its own thread, shortly);
     * a handshake in progress is aborted without a callback. Idempotent.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        switch (previous) {
            case CONNECTED -> transport.wakeUp();
            case HANDSHAKING, NEW -> transport.abort();
            case FAILED, CLOSED -> {
            }
        }
    }

    private void run() {
        DTLSTransport dtls;
        try {
            DTLSServerProtocol protocol = new DTLSServerProtocol();
            // ICE has already proven the path; a HelloVerifyRequest cookie round trip buys nothing.
            protocol.setVerifyRequests(false);
            dtls = protocol.accept(tlsServer, transport);
            byte[] exported = tlsServer.takeSrtpKeyingMaterial();
            keys = SrtpKeyingMaterial.fromDtlsExporter(tlsServer.selectedProfile(), exported);
            Arrays.fill(exported, (byte) 0);
        } catch (IOException | RuntimeException e) {
            transport.abort();
            if (state.compareAndSet(State.HANDSHAKING, State.FAILED)) {
                listener.onFailed(e);
            }
            return;
        }
        if (!state.compareAndSet(State.HANDSHAKING, State.CONNECTED)) {
            closeQuietly(dtls); // close() raced with the last flight
            return;
        }
        listener.onConnected(keys.profile(), keys);
        readUntilClosed(dtls);
    }

    /** Keeps BouncyCastle's record layer serviced; application data is read and dropped. */
    private void readUntilClosed(DTLSTransport dtls) {
        byte[] sink = new byte[QueuedDatagramTransport.RECEIVE_LIMIT];
        try {
            while (state.get() == State.CONNECTED && !tlsServer.connectionClosed()) {
                dtls.receive(sink, 0, sink.length, POLL_MILLIS);
            }
        } catch (IOException e) {
            // A fatal alert from the browser or a broken record layer: the association is over.
        }
        if (state.get() == State.CLOSED) {
            closeQuietly(dtls);
        } else if (state.compareAndSet(State.CONNECTED, State.CLOSED)) {
            transport.abort();
            listener.onClosed();
        }
    }

    private void closeQuietly(DTLSTransport dtls) {
        try {
            dtls.close();
        } catch (IOException e) {
            // close_notify is best effort.
        }
        transport.abort();
    }

    /** DTLS record header (13 bytes) of content type handshake, then handshake type client_hello. */
    private static boolean isClientHello(byte[] datagram, int off, int len) {
        return len > 13 + 12 && datagram[off] == 22 && (datagram[off + 1] & 0xff) == 0xfe && datagram[off + 13] == 1;
    }
}
