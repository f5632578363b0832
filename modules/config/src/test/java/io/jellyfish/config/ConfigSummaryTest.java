package io.jellyfish.config;

import io.jellyfish.api.config.JellyfishConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.jellyfish.config.ConfigReaderTest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigSummaryTest {

    @Test
    void defaultConfiguration() {
        assertEquals("listening=127.0.0.1:8080 host=127.0.0.1:8080 metrics=127.0.0.1:9568 resources="
                        + Path.of("jellyfish_resources").toAbsolutePath().normalize()
                        + " distribution=off webrtc=on(turnIp=127.0.0.1 turnListenIp=127.0.0.1 turnPorts=50000-59999"
                        + " turnTcpPort=-) sip=off recording=on s3=off tls=off checkOrigin=host apiToken=generated"
                        + " secretKeyBase=generated structuredLogging=false roomMetricsTick=10000ms"
                        + " maxRequestBodyBytes=1048576 gitCommit=dev",
                ConfigSummary.of(read()));
    }

    @Test
    void everythingOn() {
        JellyfishConfig config = read("JF_IP", "::1", "JF_HOST", "jf.example.com", "JF_RESOURCES_BASE_PATH", "/srv/res",
                "JF_DIST_ENABLED", "true", "JF_DIST_MODE", "name", "JF_DIST_NODE_NAME", "a@10.0.0.1",
                "JF_DIST_MIN_PORT", "9000", "JF_DIST_MAX_PORT", "9000", "JF_WEBRTC_USED", "false",
                "JF_SIP_USED", "true", "JF_SIP_IP", "10.0.0.2", "JF_RECORDING_USED", "false",
                "JF_S3_BUCKET", "b", "JF_S3_REGION", "r", "JF_S3_ACCESS_KEY_ID", "id", "JF_S3_SECRET_ACCESS_KEY", "k",
                "JF_S3_PATH_PREFIX", "p", "JF_SSL_KEY_PATH", "/tls/key.pem", "JF_SSL_CERT_PATH", "/tls/cert.pem",
                "JF_CHECK_ORIGIN", "//a.com //*.b.com", "JF_SERVER_API_TOKEN", "t", "JF_SECRET_KEY_BASE", "s",
                "JF_STRUCTURED_LOGGING", "true");
        assertEquals("listening=[::1]:8080 host=jf.example.com metrics=127.0.0.1:9568 resources=/srv/res"
                        + " distribution=on(mode=name strategy=NODES_LIST node=a@10.0.0.1 ports=9000..9000)"
                        + " webrtc=off sip=on(ip=10.0.0.2) recording=off s3=on(bucket=b region=r pathPrefix=p)"
                        + " tls=on(cert=/tls/cert.pem key=/tls/key.pem) checkOrigin=[//a.com //*.b.com]"
                        + " apiToken=configured secretKeyBase=configured structuredLogging=true"
                        + " roomMetricsTick=10000ms maxRequestBodyBytes=1048576 gitCommit=dev",
                ConfigSummary.of(config));
    }

    @Test
    void s3PrefixWithoutCredentials() {
        String summary = ConfigSummary.of(read("JF_S3_PATH_PREFIX", "recordings"));
        assertFalse(summary.contains("s3=off "), summary);
        assertTrue(summary.contains(" s3=off(pathPrefix=recordings) "), summary);
    }

    @Test
    void staysOnOneLine() {
        String summary = ConfigSummary.of(read("JF_HOST", "evil\nhost", "JF_GIT_COMMIT", "a\r\nb"));
        assertFalse(summary.contains("\n") || summary.contains("\r"), summary);
        assertTrue(summary.contains(" host=evil\\nhost "), summary);
    }

    @Test
    void noSecretInTheSummaryOrInTheGroupsToString() {
        JellyfishConfig config = read("JF_SERVER_API_TOKEN", "TOKEN-7f3a", "JF_SECRET_KEY_BASE", "KEYBASE-91c2",
                "JF_DIST_ENABLED", "true", "JF_DIST_COOKIE", "COOKIE-55d1",
                "JF_S3_BUCKET", "bucket", "JF_S3_REGION", "region", "JF_S3_ACCESS_KEY_ID", "KEYID-0e4b",
                "JF_S3_SECRET_ACCESS_KEY", "S3SECRET-a8d0");
        JellyfishConfig generated = read();
        String texts = String.join("\n", ConfigSummary.of(config), ConfigSummary.of(generated),
                config.apiToken().toString(), config.secretKeyBase().toString(), config.distribution().toString(),
                config.s3().toString(), generated.apiToken().toString(), generated.secretKeyBase().toString());

        for (String secret : new String[] {"TOKEN-7f3a", "KEYBASE-91c2", "COOKIE-55d1", "S3SECRET-a8d0",
                generated.apiToken().value(), generated.secretKeyBase().value()}) {
            assertFalse(texts.contains(secret), secret);
        }
        assertFalse(ConfigSummary.of(config).contains("KEYID-0e4b"));
        assertEquals("Secret[configured]", config.apiToken().toString());
        assertEquals("Secret[generated]", generated.apiToken().toString());
    }
}
