package io.jellyfish.http;

import io.jellyfish.api.config.JellyfishConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS from PEM files, and the purge timers end to end on the real clock. */
class TlsAndTimersTest {

    @TempDir
    Path dir;

    private static JellyfishConfig withTls(JellyfishConfig c, Path key, Path cert) {
        return new JellyfishConfig(c.structuredLogging(), c.ip(), c.port(), c.host(), c.resourcesBasePath(),
                c.metricsIp(), c.metricsPort(), c.roomMetricsTick(), c.distribution(), c.webrtc(), c.sip(),
                c.recordingUsed(), c.s3(), c.gitCommit(), c.apiToken(), c.secretKeyBase(),
                Optional.of(new JellyfishConfig.Tls(key, cert)), c.checkOrigin(), c.maxRequestBodyBytes(),
                c.environment());
    }

    private void openssl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, output);
    }

    @Test
    void servesHttpsWithAPemKeyAndCertificate() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        // The traditional PKCS#1 form ("RSA PRIVATE KEY") that older tools write.
        openssl("rsa", "-in", "key.pem", "-out", "key-pkcs1.pem", "-traditional");
        for (String keyFile : new String[]{"key.pem", "key-pkcs1.pem"}) {
            Path key = dir.resolve(keyFile);
            Path cert = dir.resolve("cert.pem");
            try (TestServer server = new TestServer(dir, c -> withTls(c, key, cert))) {
                assertEquals("https", server.http.uri().getScheme());
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                try (InputStream in = Files.newInputStream(cert)) {
                    trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
                }
                TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(trust);
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, trustManagers.getTrustManagers(), null);
                HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("/health"))
                        .header("Authorization", "Bearer " + TestServer.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), keyFile);
            }
        }
    }

    @Test
    void peerlessAndDisconnectTimersPurgeOverTheRealClock() throws Exception {
        try (TestServer server = new TestServer(dir, c -> c)) {
            assertEquals(201, server.postJson("/room", "{\"roomId\":\"peers-go\",\"peerDisconnectedTimeout\":1}").statusCode());
            assertEquals(201, server.postJson("/room/peers-go/peer", "{\"type\":\"webrtc\"}").statusCode());
            assertEquals(201, server.postJson("/room", "{\"roomId\":\"room-goes\",\"peerlessPurgeTimeout\":1}").statusCode());

            awaitTrue(() -> server.get("/room/room-goes").statusCode() == 404, "peerless room purged");
            awaitTrue(() -> server.get("/room/peers-go").body().contains("\"peers\":[]"), "unconnected peer purged");
            assertEquals(200, server.get("/room/peers-go").statusCode());
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll interval of a deadline-bounded wait
        }
    }
}
