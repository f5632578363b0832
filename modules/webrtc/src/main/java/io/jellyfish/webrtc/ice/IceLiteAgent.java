package io.jellyfish.webrtc.ice;

import io.jellyfish.webrtc.stun.Stun;
import io.jellyfish.webrtc.stun.StunIntegrity;
import io.jellyfish.webrtc.stun.StunMessage;
import io.jellyfish.webrtc.stun.StunMessageBuilder;
import io.jellyfish.webrtc.stun.StunParseException;
import io.jellyfish.webrtc.turn.RelayPath;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The ICE-lite side of one peer session (RFC 8445 §2.5, webrtc.md 4.5). It never sends checks:
 * it answers the Binding requests the client relays through TURN, and the path of a request with
 * USE-CANDIDATE becomes the selected path. Because every path is a TURN allocation, peer-reflexive
 * learning is implicit and the XOR-MAPPED-ADDRESS is the allocation's relayed address.
 *
 * <p>Requests are verified (webrtc.md 4.5 recommends it; the engine does not): USERNAME must be
 * {@code localUfrag:remoteUfrag} (the remote half once known) and MESSAGE-INTEGRITY must match the
 * local password, else 401. {@link #restart()} switches to new local credentials; the previous
 * ones are still answered (USERNAME tells which apply), so Chromium's consent checks on the old
 * pair keep succeeding until the restarted pair is nominated (webrtc.md 4.5). Only a check with
 * the current credentials can nominate.
 *
 * <p>Thread-safe: requests arrive on TURN listener threads, restarts on the signalling thread.
 * The nomination callback runs on the listener thread, outside the agent's lock.
 */
public final class IceLiteAgent {
    public static final int UFRAG_LENGTH = 4;
    public static final int PWD_LENGTH = 22;

    private static final String ALPHANUMERICS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private record LocalCredentials(String ufrag, String pwd, byte[] ufragBytes, byte[] key) {
        static LocalCredentials random() {
            String ufrag = randomString(UFRAG_LENGTH);
            String pwd = randomString(PWD_LENGTH);
            return new LocalCredentials(ufrag, pwd, ufrag.getBytes(StandardCharsets.UTF_8),
                    StunIntegrity.shortTermKey(pwd));
        }
    }

    private final Consumer<RelayPath> onNominated;
    private final InstantSource clock;
    private final Object lock = new Object();
    private LocalCredentials local = LocalCredentials.random();
    private byte[] remoteUfrag;
    /** The credentials before the last restart, and the remote ufrag that went with them; null before any. */
    private LocalCredentials previous;
    private byte[] previousRemoteUfrag;
    /** Bumped by every restart and every new remote credential set: a nomination after it counts again. */
    private long epoch;
    private long nominatedEpoch = -1;
    private volatile RelayPath selectedPath;
    private volatile long lastConsentMillis = -1;

    /**
     * @param onNominated called with the path of each nomination that selects a new path or is the
     *     first since {@link #restart()} or {@link #setRemoteCredentials}: this is how a negotiation
     *     completes (webrtc.md 3.9 R2)
     */
    public IceLiteAgent(Consumer<RelayPath> onNominated, InstantSource clock) {
        this.onNominated = Objects.requireNonNull(onNominated);
        this.clock = Objects.requireNonNull(clock);
    }

    public String localUfrag() {
        synchronized (lock) {
            return local.ufrag();
        }
    }

    public String localPwd() {
        synchronized (lock) {
            return local.pwd();
        }
    }

    /** New local ufrag and pwd for the next answer (ICE restart); the selected path stays until re-nominated. */
    public void restart() {
        synchronized (lock) {
            previous = local;
            previousRemoteUfrag = remoteUfrag;
            local = LocalCredentials.random();
            remoteUfrag = null;
            epoch++;
        }
    }

    /**
     * The client's credentials from its offer. Only the ufrag is used: as a lite agent this side
     * never signs a request, so the remote password has nothing to key.
     */
    public void setRemoteCredentials(String ufrag, String pwd) {
        Objects.requireNonNull(pwd);
        synchronized (lock) {
            remoteUfrag = ufrag.getBytes(StandardCharsets.UTF_8);
            epoch++;
        }
    }

    /** The nominated path: where DTLS and SRTP go. Null until the first nomination. */
    public RelayPath selectedPath() {
        return selectedPath;
    }

    /** Wall-clock millis of the last valid check on the selected path, or -1 if none yet. */
    public long lastConsentMillis() {
        return lastConsentMillis;
    }

    /** RFC 7983: a first byte of 0-3 is STUN. */
    public static boolean isStun(byte[] data, int offset, int length) {
        return length > 0 && (data[offset] & 0xFF) <= 3;
    }

    /**
     * Handles a STUN message the client sent over {@code from}. Binding requests are answered on the
     * same path; Binding indications (keepalives), other methods and malformed input are ignored.
     */
    public void handleStun(byte[] data, int offset, int length, RelayPath from) {
        StunMessage request;
        try {
            request = StunMessage.parse(data, offset, length);
        } catch (StunParseException e) {
            return;
        }
        if (!request.is(Stun.BINDING, Stun.REQUEST) || request.hasFingerprint() && !request.verifyFingerprint()) {
            return;
        }
        byte[] username = request.bytes(Stun.ATTR_USERNAME);
        if (username == null || !request.hasIntegrity()) {
            from.send(error(request, 400, "Bad Request"));
            return;
        }
        boolean nominate;
        byte[] response;
        synchronized (lock) {
            boolean current = usernameMatches(username, local, remoteUfrag);
            LocalCredentials credentials = current ? local
                    : previous != null && usernameMatches(username, previous, previousRemoteUfrag) ? previous : null;
            if (credentials == null || !request.verifyIntegrity(credentials.key())) {
                response = null;
                nominate = false;
            } else {
                response = new StunMessageBuilder(Stun.BINDING, Stun.SUCCESS, request.transactionId())
                        .addXorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS, from.relayedAddress())
                        .addMessageIntegrity(credentials.key())
                        .addFingerprint()
                        .build();
                nominate = current && request.has(Stun.ATTR_USE_CANDIDATE)
                        && (from != selectedPath || nominatedEpoch != epoch);
                if (nominate) {
                    selectedPath = from;
                    nominatedEpoch = epoch;
                }
                if (from == selectedPath) {
                    lastConsentMillis = clock.millis();
                }
            }
        }
        if (response == null) {
            from.send(error(request, 401, "Unauthorized"));
            return;
        }
        if (nominate) {
            onNominated.accept(from); // before the answer, so the caller has the path when the client acts on it
        }
        from.send(response);
    }

    /** {@code localUfrag:remoteUfrag}, compared in constant time; the remote half only once known. */
    private static boolean usernameMatches(byte[] username, LocalCredentials local, byte[] remoteUfrag) {
        byte[] localUfrag = local.ufragBytes();
        if (username.length <= localUfrag.length || username[localUfrag.length] != ':') {
            return false;
        }
        byte[] localPart = Arrays.copyOf(username, localUfrag.length);
        boolean localMatches = MessageDigest.isEqual(localPart, localUfrag);
        if (remoteUfrag == null) {
            return localMatches;
        }
        byte[] remotePart = Arrays.copyOfRange(username, localUfrag.length + 1, username.length);
        return localMatches & MessageDigest.isEqual(remotePart, remoteUfrag);
    }

    /** Error responses carry no MESSAGE-INTEGRITY: the request could not be authenticated (RFC 5389 §10.1.2). */
    private static byte[] error(StunMessage request, int code, String reason) {
        return new StunMessageBuilder(Stun.BINDING, Stun.ERROR, request.transactionId())
                .addErrorCode(code, reason)
                .addFingerprint()
                .build();
    }

    private static String randomString(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMERICS.charAt(RANDOM.nextInt(ALPHANUMERICS.length())));
        }
        return text.toString();
    }
}
