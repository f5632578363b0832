package io.jellyfish.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jellyfish.webrtc.srtp.SrtpKeyingMaterial;
import io.jellyfish.webrtc.srtp.SrtpProfile;
import io.jellyfish.webrtc.srtp.SrtpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DtlsServerSessionTest {
    private static DtlsCertificate serverCertificate;
    private static DtlsCertificate clientCertificate;

    private final RecordingListener listener = new RecordingListener();
    private final LinkedBlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    private DtlsServerSession server;

    @BeforeAll
    static void certificates() {
        serverCertificate = DtlsCertificate.generate(DtlsCertificate.KeyType.ECDSA_P256);
        clientCertificate = DtlsCertificate.generate(DtlsCertificate.KeyType.ECDSA_P256);
    }

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Listener that completes futures, so tests can wait for the outcome. */
    static final class RecordingListener implements DtlsServerSession.Listener {
        final CompletableFuture<SrtpKeyingMaterial> connected = new CompletableFuture<>();
        final CompletableFuture<Exception> failed = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public void onConnected(SrtpProfile profile, SrtpKeyingMaterial keys) {
            assertEquals(profile, keys.profile());
            connected.complete(keys);
        }

        @Override
        public void onFailed(Exception cause) {
            failed.complete(cause);
        }

        @Override
        public void onClosed() {
            closed.complete(null);
        }
    }

    /** The client's end of the in-memory link: reads what the server sent, writes into the server. */
    class ClientTransport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] datagram = toClient.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (datagram == null) {
                    return -1;
                }
                assertTrue(datagram.length <= 1200, "server datagram of " + datagram.length + " bytes");
                System.arraycopy(datagram, 0, buf, off, datagram.length);
                return datagram.length;
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            server.receive(buf, off, len);
        }

        @Override
        public void close() {
        }
    }

    private DtlsServerSession newServer(DtlsCertificate certificate, String expectedClientFingerprint,
            DtlsServerSession.Options options) {
        server = new DtlsServerSession(certificate, expectedClientFingerprint, toClient::add, listener, options);
        return server;
    }

    private CompletableFuture<DTLSTransport> connect(TestDtlsClient client) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new DTLSClientProtocol().connect(client, new ClientTransport());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void handshakeExportsTheSameKeysOnBothSidesAndSrtpFlowsBothWays() throws Exception {
        newServer(serverCertificate, clientCertificate.fingerprintSha256(), DtlsServerSession.Options.defaults());
        TestDtlsClient client = new TestDtlsClient(clientCertificate, serverCertificate.fingerprintSha256(),
                SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        DTLSTransport clientTransport = connect(client).get(10, TimeUnit.SECONDS);

        SrtpKeyingMaterial serverKeys = listener.connected.get(10, TimeUnit.SECONDS);
        SrtpKeyingMaterial clientKeys = client.exportKeys();
        assertEquals(clientKeys, serverKeys);
        assertEquals(SrtpProfile.AES_CM_128_HMAC_SHA1_80, serverKeys.profile(), "server preference wins");
        assertEquals(DtlsServerSession.State.CONNECTED, server.state());
        assertEquals(serverKeys, server.keyingMaterial().orElseThrow());

        SrtpSession serverSrtp = server.newSrtpSession();
        SrtpSession browserSrtp = SrtpSession.forClient(clientKeys);
        byte[] rtp = rtpPacket(1234);
        byte[] plain = Arrays.copyOf(rtp, 112);
        int length = browserSrtp.protectRtp(rtp, 0, 112);
        assertEquals(112, serverSrtp.unprotectRtp(rtp, 0, length), "browser -> server");
        assertArrayEquals(plain, Arrays.copyOf(rtp, 112));

        length = serverSrtp.protectRtp(rtp, 0, 112);
        assertEquals(112, browserSrtp.unprotectRtp(rtp, 0, length), "server -> browser");
        assertArrayEquals(plain, Arrays.copyOf(rtp, 112));

        // Application data after the handshake is read and dropped without disturbing the session.
        clientTransport.send(new byte[] {1, 2, 3}, 0, 3);
        server.close();
        assertEquals(DtlsServerSession.State.CLOSED, server.state());
    }

    @Test
    void browserCloseNotifyEndsTheConnectedSession() throws Exception {
        newServer(serverCertificate, null, DtlsServerSession.Options.defaults());
        DTLSTransport clientTransport = connect(new TestDtlsClient(clientCertificate,
                serverCertificate.fingerprintSha256(), SrtpProfile.AES_CM_128_HMAC_SHA1_80)).get(10, TimeUnit.SECONDS);
        listener.connected.get(10, TimeUnit.SECONDS);

        clientTransport.close();
        listener.closed.get(10, TimeUnit.SECONDS);
        assertEquals(DtlsServerSession.State.CLOSED, server.state());
        assertNotNull(server.newSrtpSession(), "SRTP keys outlive the DTLS association");
    }

    @Test
    void rsaCertificateAndGcmOnlyClientWork() throws Exception {
        DtlsCertificate rsa = DtlsCertificate.generate(DtlsCertificate.KeyType.RSA_2048);
        newServer(rsa, null, DtlsServerSession.Options.defaults());
        TestDtlsClient client = new TestDtlsClient(clientCertificate, rsa.fingerprintSha256(),
                SrtpProfile.AEAD_AES_128_GCM);
        connect(client).get(10, TimeUnit.SECONDS);

        SrtpKeyingMaterial keys = listener.connected.get(10, TimeUnit.SECONDS);
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, keys.profile());
        assertEquals(client.exportKeys(), keys);
    }

    @Test
    void clientCertificateNotMatchingTheOfferFingerprintFailsTheSession() throws Exception {
        String someoneElse = DtlsCertificate.generate(DtlsCertificate.KeyType.ECDSA_P256).fingerprintSha256();
        newServer(serverCertificate, someoneElse, DtlsServerSession.Options.defaults());
        CompletableFuture<DTLSTransport> clientResult = connect(new TestDtlsClient(clientCertificate,
                serverCertificate.fingerprintSha256(), SrtpProfile.AES_CM_128_HMAC_SHA1_80));

        Exception cause = listener.failed.get(10, TimeUnit.SECONDS);
        assertInstanceOf(TlsFatalAlert.class, cause);
        assertTrue(cause.getMessage().contains("fingerprint"), cause.getMessage());
        assertEquals(DtlsServerSession.State.FAILED, server.state());
        assertThrows(Exception.class, () -> clientResult.get(10, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, server::newSrtpSession);
        assertFalse(listener.connected.isDone());
    }

    @Test
    void clientWithoutUseSrtpFails() throws Exception {
        newServer(serverCertificate, null, DtlsServerSession.Options.defaults());
        connect(new TestDtlsClient(clientCertificate, serverCertificate.fingerprintSha256()));
        Exception cause = listener.failed.get(10, TimeUnit.SECONDS);
        assertTrue(cause.getMessage().contains("use_srtp"), cause.getMessage());
    }

    @Test
    void garbageBeforeAndDuringTheHandshakeIsIgnored() throws Exception {
        newServer(serverCertificate, clientCertificate.fingerprintSha256(), DtlsServerSession.Options.defaults());
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (junk.length > 0) {
                junk[0] = (byte) (20 + random.nextInt(44));
            }
            server.receive(junk, 0, junk.length);
        }
        server.receive(new byte[10], 5, 20);
        server.receive(null, 0, 0);
        assertEquals(DtlsServerSession.State.NEW, server.state(), "garbage does not start a handshake");

        TestDtlsClient client = new TestDtlsClient(clientCertificate, serverCertificate.fingerprintSha256(),
                SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        CompletableFuture<DTLSTransport> clientResult = connect(client);
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[60];
            random.nextBytes(junk);
            junk[0] = 23; // application data record with a bogus epoch
            server.receive(junk, 0, junk.length);
        }
        clientResult.get(10, TimeUnit.SECONDS);
        assertEquals(client.exportKeys(), listener.connected.get(10, TimeUnit.SECONDS));
    }

    @Test
    void handshakeTimesOutWhenTheClientGoesSilent() throws Exception {
        newServer(serverCertificate, null, new DtlsServerSession.Options(Duration.ofMillis(1500), 1200,
                List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80)));
        // Only the client's first flight arrives, then the link dies.
        TestDtlsClient client = new TestDtlsClient(clientCertificate, serverCertificate.fingerprintSha256(),
                SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        DatagramTransport oneShot = new ClientTransport() {
            private boolean sent;

            @Override
            public void send(byte[] buf, int off, int len) {
                if (!sent) {
                    sent = true;
                    super.send(buf, off, len);
                }
            }
        };
        CompletableFuture.runAsync(() -> {
            try {
                new DTLSClientProtocol().connect(client, oneShot);
            } catch (IOException expected) {
                // the client times out too
            }
        });
        assertNotNull(listener.failed.get(10, TimeUnit.SECONDS));
        assertEquals(DtlsServerSession.State.FAILED, server.state());
    }

    @Test
    void fingerprintIsUpperCaseColonSeparatedSha256() {
        String fingerprint = serverCertificate.fingerprintSha256();
        assertTrue(Pattern.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}", fingerprint), fingerprint);
        assertEquals(fingerprint, DtlsCertificate.fingerprintSha256(serverCertificate.encoded()));
        assertArrayEquals(DtlsCertificate.parseFingerprintSha256(fingerprint.toLowerCase()),
                DtlsCertificate.sha256(serverCertificate.encoded()));
        assertThrows(IllegalArgumentException.class, () -> DtlsCertificate.parseFingerprintSha256("AB:CD"));
    }

    private static byte[] rtpPacket(int seq) {
        byte[] packet = new byte[112 + 16];
        packet[0] = (byte) 0x80;
        packet[1] = 111;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        packet[11] = 42;
        for (int i = 12; i < 112; i++) {
            packet[i] = (byte) i;
        }
        return packet;
    }
}
