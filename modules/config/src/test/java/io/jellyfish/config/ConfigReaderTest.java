package io.jellyfish.config;

import io.jellyfish.api.config.ConfigurationException;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.config.JellyfishConfig.CheckOrigin;
import io.jellyfish.api.config.JellyfishConfig.Distribution;
import io.jellyfish.api.config.JellyfishConfig.Distribution.Mode;
import io.jellyfish.api.config.JellyfishConfig.S3;
import io.jellyfish.api.config.JellyfishConfig.Sip;
import io.jellyfish.api.config.JellyfishConfig.Tls;
import io.jellyfish.api.config.JellyfishConfig.WebRtc;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReaderTest {
    private static final String HOST = "testhost";

    /** Reads a configuration from alternating names and values; the local host name is {@value HOST}. */
    static JellyfishConfig read(String... namesAndValues) {
        return ConfigReader.read(env(namesAndValues), () -> HOST);
    }

    static Map<String, String> env(String... namesAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }

    static String failure(String... namesAndValues) {
        return assertThrows(ConfigurationException.class, () -> read(namesAndValues)).getMessage();
    }

    @Test
    void defaultsAreTheProdProfile() {
        JellyfishConfig config = read();

        assertFalse(config.structuredLogging());
        assertEquals("127.0.0.1", config.ip());
        assertEquals(8080, config.port());
        assertEquals("127.0.0.1:8080", config.host());
        assertEquals(Path.of("jellyfish_resources").toAbsolutePath().normalize(), config.resourcesBasePath());
        assertEquals("127.0.0.1", config.metricsIp());
        assertEquals(9568, config.metricsPort());
        assertEquals(Duration.ofSeconds(10), config.roomMetricsTick());
        assertEquals(new Distribution(false, Mode.SNAME, "NODES_LIST", "jellyfish_cookie", "jellyfish@testhost",
                Optional.empty(), Optional.empty()), config.distribution());
        assertEquals(new WebRtc(true, "127.0.0.1", "127.0.0.1", 50000, 59999, Optional.empty()), config.webrtc());
        assertEquals(new Sip(false, Optional.empty()), config.sip());
        assertTrue(config.recordingUsed());
        assertEquals(new S3(Optional.empty(), Optional.empty()), config.s3());
        assertEquals("dev", config.gitCommit());
        assertTrue(config.apiToken().generated());
        assertTrue(config.secretKeyBase().generated());
        assertEquals(Optional.empty(), config.tls());
        assertEquals(new CheckOrigin.SameAsHost(), config.checkOrigin());
        assertEquals(1_048_576, config.maxRequestBodyBytes());
        assertEquals(Map.of(), config.environment());
    }

    @Test
    void theWholeEnvironmentIsPassedThrough() {
        Map<String, String> env = env("JF_PORT", "5002", "PATH", "/usr/bin", "MY_PLUGIN_SETTING", "x");
        assertEquals(env, ConfigReader.read(env, () -> HOST).environment());
    }

    @Test
    void readsTheHttpAndMetricsVariables() {
        JellyfishConfig config = read("JF_STRUCTURED_LOGGING", "TRUE", "JF_IP", "0.0.0.0", "JF_PORT", "5002",
                "JF_HOST", "jellyfish.example.com/api", "JF_METRICS_IP", "::1", "JF_METRICS_PORT", "9569",
                "JF_METRICS_ROOM_TICK_MS", "250", "JF_GIT_COMMIT", "abc123", "JF_MAX_REQUEST_BODY_BYTES", "2048");

        assertTrue(config.structuredLogging());
        assertEquals("0.0.0.0", config.ip());
        assertEquals(5002, config.port());
        assertEquals("jellyfish.example.com/api", config.host());
        assertEquals("::1", config.metricsIp());
        assertEquals(9569, config.metricsPort());
        assertEquals(Duration.ofMillis(250), config.roomMetricsTick());
        assertEquals("abc123", config.gitCommit());
        assertEquals(2048, config.maxRequestBodyBytes());
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0, 5002, 0.0.0.0:5002", "127.1, 8080, 127.1:8080", "::1, 8080, ::1:8080"})
    void defaultHostIsTheIpTextAsWrittenAndThePort(String ip, String port, String expectedHost) {
        JellyfishConfig config = read("JF_IP", ip, "JF_PORT", port);
        assertEquals(ip, config.ip());
        assertEquals(expectedHost, config.host());
    }

    @Test
    void resourcesBasePathIsMadeAbsoluteAndNormalized() {
        assertEquals(Path.of("/srv/jellyfish/resources"),
                read("JF_RESOURCES_BASE_PATH", "/srv/jellyfish/tmp/../resources").resourcesBasePath());
        assertEquals(Path.of("res").toAbsolutePath(), read("JF_RESOURCES_BASE_PATH", "./res").resourcesBasePath());
    }

    // --- unset versus empty ---

    @Test
    void anEmptyValueCountsAsSet() {
        assertEquals("", read("JF_HOST", "").host());
        assertEquals("", read("JF_GIT_COMMIT", "").gitCommit());
        assertEquals(Path.of("").toAbsolutePath(), read("JF_RESOURCES_BASE_PATH", "").resourcesBasePath());
        assertEquals(Optional.of(""), read("JF_S3_PATH_PREFIX", "").s3().pathPrefix());
        assertEquals("Bad JF_PORT environment variable value. Expected valid port number, got: ", failure("JF_PORT", ""));
        assertEquals("Bad JF_IP environment variable value. Expected valid ip address, got: ", failure("JF_IP", ""));
        assertEquals("Bad JF_WEBRTC_USED environment variable value. Expected true or false, got: ",
                failure("JF_WEBRTC_USED", ""));
    }

    // --- strict parsers, for every variable that uses them ---

    static Stream<Arguments> portVariables() {
        List<String[]> variables = List.of(
                new String[] {"JF_PORT"},
                new String[] {"JF_METRICS_PORT"},
                new String[] {"JF_WEBRTC_TURN_TCP_PORT"},
                new String[] {"JF_DIST_MIN_PORT", "JF_DIST_ENABLED", "true"},
                new String[] {"JF_DIST_MAX_PORT", "JF_DIST_ENABLED", "true"});
        List<String> badPorts = List.of("8080abc", "+80", "0", "65536", " 80", "", "-1", "abc");
        return variables.stream().flatMap(v -> badPorts.stream().map(bad -> Arguments.of(v[0], bad,
                Stream.of(v).skip(1).toArray(String[]::new))));
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @MethodSource("portVariables")
    void everyPortVariableIsStrict(String variable, String value, String[] context) {
        Map<String, String> env = env(context);
        env.put(variable, value);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigReader.read(env, () -> HOST));
        assertEquals("Bad " + variable + " environment variable value. Expected valid port number, got: " + value,
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"JF_STRUCTURED_LOGGING", "JF_WEBRTC_USED", "JF_SIP_USED", "JF_RECORDING_USED",
            "JF_DIST_ENABLED"})
    void everyBooleanVariableAcceptsOnlyTrueOrFalse(String variable) {
        assertEquals("Bad " + variable + " environment variable value. Expected true or false, got: other",
                failure(variable, "other"));
        assertEquals("Bad " + variable + " environment variable value. Expected true or false, got: 1",
                failure(variable, "1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JF_IP", "JF_METRICS_IP", "JF_WEBRTC_TURN_IP"})
    void everyIpVariableRejectsHostNames(String variable) {
        assertEquals("Bad " + variable + " environment variable value. Expected valid ip address, got: example.com",
                failure(variable, "example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1s", "", "10.5"})
    void roomMetricsTickMustBePositiveMilliseconds(String value) {
        assertEquals("`JF_METRICS_ROOM_TICK_MS` must be a positive integer. Got: " + value,
                failure("JF_METRICS_ROOM_TICK_MS", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "67108865", "1MiB", ""})
    void maxRequestBodyBytesMustBeBetweenOneByteAnd64MiB(String value) {
        assertEquals("`JF_MAX_REQUEST_BODY_BYTES` must be a positive integer not bigger than 67108864. Got: " + value,
                failure("JF_MAX_REQUEST_BODY_BYTES", value));
    }

    @Test
    void maxRequestBodyBytesAccepts64MiB() {
        assertEquals(67_108_864, read("JF_MAX_REQUEST_BODY_BYTES", "67108864").maxRequestBodyBytes());
    }

    // --- evaluation order ---

    /**
     * One bad value per step, in evaluation order, with the message it must produce. A step may
     * also set variables that make its bad value reachable (JF_DIST_ENABLED=true, JF_SIP_USED=true).
     */
    private static final List<Step> ORDER = List.of(
            new Step("Bad JF_STRUCTURED_LOGGING environment variable value. Expected true or false, got: yes",
                    "JF_STRUCTURED_LOGGING", "yes"),
            new Step("Bad JF_IP environment variable value. Expected valid ip address, got: example.com",
                    "JF_IP", "example.com"),
            new Step("Bad JF_PORT environment variable value. Expected valid port number, got: 8080abc",
                    "JF_PORT", "8080abc"),
            new Step("Bad JF_METRICS_IP environment variable value. Expected valid ip address, got: localhost",
                    "JF_METRICS_IP", "localhost"),
            new Step("Bad JF_METRICS_PORT environment variable value. Expected valid port number, got: 0",
                    "JF_METRICS_PORT", "0"),
            new Step("`JF_METRICS_ROOM_TICK_MS` must be a positive integer. Got: 0", "JF_METRICS_ROOM_TICK_MS", "0"),
            new Step("Bad JF_DIST_ENABLED environment variable value. Expected true or false, got: 1",
                    "JF_DIST_ENABLED", "1"),
            new Step("Invalid JF_DIST_MODE. Expected sname or name, got: long", "JF_DIST_MODE", "long"),
            new Step("JF_DIST_NODE_NAME has to be in form of <nodename>@<hostname>. Got: nodename",
                    "JF_DIST_ENABLED", "true", "JF_DIST_NODE_NAME", "nodename"),
            new Step("Bad JF_DIST_MIN_PORT environment variable value. Expected valid port number, got: +9000",
                    "JF_DIST_ENABLED", "true", "JF_DIST_MIN_PORT", "+9000"),
            new Step("Bad JF_DIST_MAX_PORT environment variable value. Expected valid port number, got: 65536",
                    "JF_DIST_ENABLED", "true", "JF_DIST_MAX_PORT", "65536"),
            new Step("JF_DIST_MIN_PORT has to be less than or equal to JF_DIST_MAX_PORT."
                    + " Got: JF_DIST_MIN_PORT=9010, JF_DIST_MAX_PORT=9000",
                    "JF_DIST_ENABLED", "true", "JF_DIST_MIN_PORT", "9010", "JF_DIST_MAX_PORT", "9000"),
            new Step("Bad JF_WEBRTC_USED environment variable value. Expected true or false, got: no",
                    "JF_WEBRTC_USED", "no"),
            new Step("Bad JF_WEBRTC_TURN_IP environment variable value. Expected valid ip address, got: turn.local",
                    "JF_WEBRTC_TURN_IP", "turn.local"),
            new Step("Couldn't resolve unresolvable-hostname, reason: nxdomain.",
                    "JF_WEBRTC_TURN_LISTEN_IP", "unresolvable-hostname"),
            new Step("Bad JF_WEBRTC_TURN_PORT_RANGE environment variable value. Expected \"from-to\", where `from` and"
                    + " `to` are numbers between 0 and 65535 and `from` is not bigger than `to`, got: 10-5",
                    "JF_WEBRTC_TURN_PORT_RANGE", "10-5"),
            new Step("Bad JF_WEBRTC_TURN_TCP_PORT environment variable value. Expected valid port number, got: +80",
                    "JF_WEBRTC_TURN_TCP_PORT", "+80"),
            new Step("Bad JF_SIP_USED environment variable value. Expected true or false, got: maybe",
                    "JF_SIP_USED", "maybe"),
            new Step("JF_SIP_USED has been set to true but incorrect IP address was provided as `JF_SIP_IP`",
                    "JF_SIP_USED", "true", "JF_SIP_IP", "abcdefg"),
            new Step("Bad JF_RECORDING_USED environment variable value. Expected true or false, got: nope",
                    "JF_RECORDING_USED", "nope"),
            new Step("Either all S3 credentials have to be set: `JF_S3_BUCKET`, `JF_S3_REGION`, `JF_S3_ACCESS_KEY_ID`,"
                    + " `JF_S3_SECRET_ACCESS_KEY`, or none must be set. Currently, the following required credentials"
                    + " are missing: [\"JF_S3_REGION\", \"JF_S3_ACCESS_KEY_ID\", \"JF_S3_SECRET_ACCESS_KEY\"].",
                    "JF_S3_BUCKET", "bucket"),
            new Step("JF_SSL_KEY_PATH has been set but JF_SSL_CERT_PATH remains unset", "JF_SSL_KEY_PATH", "/key"),
            new Step("`JF_MAX_REQUEST_BODY_BYTES` must be a positive integer not bigger than 67108864. Got: 0",
                    "JF_MAX_REQUEST_BODY_BYTES", "0"));

    record Step(String message, String... namesAndValues) {}

    static Stream<Arguments> evaluationOrder() {
        return IntStream.range(0, ORDER.size()).mapToObj(i -> Arguments.of(i, ORDER.get(i).message()));
    }

    /** Step i together with every later step's bad value: step i's message must win. */
    @ParameterizedTest(name = "step {0}: {1}")
    @MethodSource("evaluationOrder")
    void theFirstBadValueInEvaluationOrderWins(int step, String expectedMessage) {
        Map<String, String> env = new HashMap<>();
        for (int i = ORDER.size() - 1; i >= step; i--) {
            // Earlier steps overwrite later ones (e.g. JF_DIST_ENABLED=1 over JF_DIST_ENABLED=true).
            env.putAll(env(ORDER.get(i).namesAndValues()));
        }
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigReader.read(env, () -> HOST));
        assertEquals(expectedMessage, e.getMessage());
    }

    @Test
    void messagesAreOneLine() {
        for (Step step : ORDER) {
            assertFalse(step.message().contains("\n"), step.message());
        }
        assertEquals("Bad JF_IP environment variable value. Expected valid ip address, got: 1.2.3.4\\n",
                failure("JF_IP", "1.2.3.4\n"));
    }

    // --- distribution (spec 8, NODES_LIST, adapted: strategies validate their own variables) ---

    @Nested
    class DistributionGroup {
        @Test
        void enabledAloneGivesTheDefaults() {
            assertEquals(new Distribution(true, Mode.SNAME, "NODES_LIST", "jellyfish_cookie", "jellyfish@testhost",
                    Optional.empty(), Optional.empty()), read("JF_DIST_ENABLED", "true").distribution());
        }

        @Test
        void enabledIsCaseInsensitive() {
            assertTrue(read("JF_DIST_ENABLED", "TRUE").distribution().enabled());
        }

        @Test
        void defaultNodeNameUsesTheMachinesShortHostName() {
            String nodeName = ConfigReader.read(Map.of("JF_DIST_ENABLED", "true")).distribution().nodeName();
            assertEquals("jellyfish@" + LocalHostName.shortName(), nodeName);
            assertTrue(nodeName.matches("jellyfish@[^.@]+"), nodeName);
        }

        @Test
        void everythingSet() {
            assertEquals(new Distribution(true, Mode.NAME, "DNS", "testcookie", "testnodename@127.0.0.1",
                            Optional.of(9000), Optional.of(9010)),
                    read("JF_DIST_ENABLED", "true", "JF_DIST_MODE", "name", "JF_DIST_STRATEGY_NAME", "DNS",
                            "JF_DIST_COOKIE", "testcookie", "JF_DIST_NODE_NAME", "testnodename@127.0.0.1",
                            "JF_DIST_MIN_PORT", "9000", "JF_DIST_MAX_PORT", "9010").distribution());
        }

        @Test
        void strategyNameAndStrategyVariablesAreLeftToThePlugins() {
            Distribution distribution = read("JF_DIST_ENABLED", "true", "JF_DIST_STRATEGY_NAME", "EPMD",
                    "JF_DIST_POLLING_INTERVAL", "abcd", "JF_DIST_QUERY", "").distribution();
            assertEquals("EPMD", distribution.strategyName());
        }

        @ParameterizedTest
        @ValueSource(strings = {"testnodename@abc@def", "testnodename", "", "a@b@"})
        void nodeNameNeedsExactlyOneAt(String value) {
            assertEquals("JF_DIST_NODE_NAME has to be in form of <nodename>@<hostname>. Got: " + value,
                    failure("JF_DIST_ENABLED", "true", "JF_DIST_NODE_NAME", value));
        }

        @ParameterizedTest
        @ValueSource(strings = {"a@b", "@", "a@", "@b", "jellyfish@node1.example.com", "a@b:9000", "a@::1"})
        void nodeNamePartsAreNotCheckedFurther(String value) {
            assertEquals(value, read("JF_DIST_ENABLED", "true", "JF_DIST_NODE_NAME", value).distribution().nodeName());
        }

        @ParameterizedTest
        @ValueSource(strings = {"a@b:", "a@b:0", "a@b:65536", "a@b:x", "a@b:+90"})
        void aPinnedPortMustBeValid(String value) {
            assertEquals("JF_DIST_NODE_NAME has to be in form of <nodename>@<hostname> or <nodename>@<hostname>:<port>"
                            + " with a port number between 1 and 65535. Got: " + value,
                    failure("JF_DIST_ENABLED", "true", "JF_DIST_NODE_NAME", value));
        }

        @Test
        void minAndMaxPortMayBeEqualOrGivenAlone() {
            Distribution fixed = read("JF_DIST_ENABLED", "true", "JF_DIST_MIN_PORT", "9000", "JF_DIST_MAX_PORT", "9000")
                    .distribution();
            assertEquals(Optional.of(9000), fixed.minPort());
            assertEquals(Optional.of(9000), fixed.maxPort());
            Distribution minOnly = read("JF_DIST_ENABLED", "true", "JF_DIST_MIN_PORT", "9000").distribution();
            assertEquals(Optional.of(9000), minOnly.minPort());
            assertEquals(Optional.empty(), minOnly.maxPort());
        }

        @Test
        void modeIsParsedEvenWhenDisabled() {
            assertEquals("Invalid JF_DIST_MODE. Expected sname or name, got: invalid", failure("JF_DIST_MODE", "invalid"));
            assertEquals("Invalid JF_DIST_MODE. Expected sname or name, got: NAME", failure("JF_DIST_MODE", "NAME"));
            assertEquals(Mode.NAME, read("JF_DIST_MODE", "name").distribution().mode());
        }

        @Test
        void whenDisabledTheOtherVariablesAreNotRead() {
            assertEquals(new Distribution(false, Mode.SNAME, "NODES_LIST", "jellyfish_cookie", "jellyfish@testhost",
                            Optional.empty(), Optional.empty()),
                    read("JF_DIST_ENABLED", "false", "JF_DIST_NODE_NAME", "a@b@c", "JF_DIST_MIN_PORT", "x",
                            "JF_DIST_COOKIE", "secret", "JF_DIST_STRATEGY_NAME", "DNS").distribution());
        }
    }

    // --- WebRTC (spec 5.1) ---

    @Nested
    class WebRtcGroup {
        @Test
        void allTurnVariables() {
            assertEquals(new WebRtc(true, "192.0.2.10", "0.0.0.0", 40000, 40100, Optional.of(3478)),
                    read("JF_WEBRTC_USED", "true", "JF_WEBRTC_TURN_IP", "192.0.2.10",
                            "JF_WEBRTC_TURN_LISTEN_IP", "0.0.0.0", "JF_WEBRTC_TURN_PORT_RANGE", "40000-40100",
                            "JF_WEBRTC_TURN_TCP_PORT", "3478").webrtc());
        }

        @Test
        void listenIpMayBeAHostNameAndIsResolvedToIpv4() {
            assertEquals("127.0.0.1", read("JF_WEBRTC_TURN_LISTEN_IP", "localhost").webrtc().turnListenIp());
            assertEquals("127.0.0.1", read("JF_WEBRTC_TURN_LISTEN_IP", "127.1").webrtc().turnListenIp());
        }

        @Test
        void unresolvableListenIp() {
            assertEquals("Couldn't resolve unresolvable-hostname, reason: nxdomain.",
                    failure("JF_WEBRTC_TURN_LISTEN_IP", "unresolvable-hostname"));
        }

        @Test
        void portRangeMayStartAtZero() {
            WebRtc webrtc = read("JF_WEBRTC_TURN_PORT_RANGE", "0-0").webrtc();
            assertEquals(0, webrtc.turnPortMin());
            assertEquals(0, webrtc.turnPortMax());
        }

        @ParameterizedTest
        @ValueSource(strings = {"50000-65536", "-1-65536", "abc-10", "10-", " 5-10", ""})
        void malformedPortRanges(String value) {
            assertEquals("Bad JF_WEBRTC_TURN_PORT_RANGE environment variable value. Expected \"from-to\", where `from`"
                            + " and `to` are numbers between 0 and 65535 and `from` is not bigger than `to`, got: "
                            + value,
                    failure("JF_WEBRTC_TURN_PORT_RANGE", value));
        }

        @Test
        void whenOffTheTurnVariablesAreNotRead() {
            assertEquals(new WebRtc(false, "127.0.0.1", "127.0.0.1", 50000, 59999, Optional.empty()),
                    read("JF_WEBRTC_USED", "FALSE", "JF_WEBRTC_TURN_IP", "bad", "JF_WEBRTC_TURN_LISTEN_IP",
                            "unresolvable-hostname", "JF_WEBRTC_TURN_PORT_RANGE", "x", "JF_WEBRTC_TURN_TCP_PORT", "0")
                            .webrtc());
        }
    }

    // --- SIP, recording, S3 (spec 5.2, 5.3) ---

    @Nested
    class SipRecordingAndS3 {
        @Test
        void sipIsOffByDefaultAndItsIpIgnoredThen() {
            assertEquals(new Sip(false, Optional.empty()), read().sip());
            assertEquals(new Sip(false, Optional.empty()), read("JF_SIP_IP", "abcdefg").sip());
        }

        @ParameterizedTest
        @ValueSource(strings = {"abcdefg", "", "example.com"})
        void sipNeedsAnIpLiteral(String ip) {
            assertEquals("JF_SIP_USED has been set to true but incorrect IP address was provided as `JF_SIP_IP`",
                    failure("JF_SIP_USED", "true", "JF_SIP_IP", ip));
        }

        @Test
        void sipWithoutIp() {
            assertEquals("JF_SIP_USED has been set to true but incorrect IP address was provided as `JF_SIP_IP`",
                    failure("JF_SIP_USED", "true"));
        }

        @Test
        void sipWithIpKeepsTheTextAsGiven() {
            assertEquals(new Sip(true, Optional.of("127.0.0.1")), read("JF_SIP_USED", "true", "JF_SIP_IP", "127.0.0.1").sip());
            assertEquals(new Sip(true, Optional.of("127.1")), read("JF_SIP_USED", "True", "JF_SIP_IP", "127.1").sip());
        }

        @Test
        void recordingIsOnUnlessFalse() {
            assertTrue(read().recordingUsed());
            assertTrue(read("JF_RECORDING_USED", "true").recordingUsed());
            assertFalse(read("JF_RECORDING_USED", "false").recordingUsed());
        }

        @Test
        void prefixAloneGivesNoCredentials() {
            assertEquals(new S3(Optional.empty(), Optional.of("path_prefix")),
                    read("JF_S3_PATH_PREFIX", "path_prefix").s3());
        }

        @Test
        void allFourCredentials() {
            assertEquals(new S3(Optional.of(new S3.Credentials("bucket", "region", "id", "key")), Optional.of("path_prefix")),
                    read("JF_S3_PATH_PREFIX", "path_prefix", "JF_S3_BUCKET", "bucket", "JF_S3_REGION", "region",
                            "JF_S3_ACCESS_KEY_ID", "id", "JF_S3_SECRET_ACCESS_KEY", "key").s3());
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "JF_S3_BUCKET | [\"JF_S3_REGION\", \"JF_S3_ACCESS_KEY_ID\", \"JF_S3_SECRET_ACCESS_KEY\"]",
                "JF_S3_SECRET_ACCESS_KEY | [\"JF_S3_BUCKET\", \"JF_S3_REGION\", \"JF_S3_ACCESS_KEY_ID\"]"})
        void partialCredentialsListTheMissingOnesInOrder(String onlySet, String missing) {
            assertEquals("Either all S3 credentials have to be set: `JF_S3_BUCKET`, `JF_S3_REGION`,"
                    + " `JF_S3_ACCESS_KEY_ID`, `JF_S3_SECRET_ACCESS_KEY`, or none must be set. Currently, the"
                    + " following required credentials are missing: " + missing + ".",
                    failure("JF_S3_PATH_PREFIX", "path_prefix", onlySet, "value"));
        }

        @Test
        void oneMissingCredential() {
            assertEquals("Either all S3 credentials have to be set: `JF_S3_BUCKET`, `JF_S3_REGION`,"
                            + " `JF_S3_ACCESS_KEY_ID`, `JF_S3_SECRET_ACCESS_KEY`, or none must be set. Currently, the"
                            + " following required credentials are missing: [\"JF_S3_REGION\"].",
                    failure("JF_S3_BUCKET", "", "JF_S3_ACCESS_KEY_ID", "id", "JF_S3_SECRET_ACCESS_KEY", "key"));
        }
    }

    // --- secrets, TLS, origin check ---

    @Nested
    class Security {
        @Test
        void configuredSecretsAreUsedAsIsEvenEmpty() {
            JellyfishConfig config = read("JF_SERVER_API_TOKEN", "token", "JF_SECRET_KEY_BASE", "");
            assertEquals("token", config.apiToken().value());
            assertFalse(config.apiToken().generated());
            assertEquals("", config.secretKeyBase().value());
            assertFalse(config.secretKeyBase().generated());
            assertEquals("", read("JF_SERVER_API_TOKEN", "").apiToken().value());
        }

        @Test
        void generatedApiTokenIs32RandomBytesInUrlSafeBase64() {
            String first = read().apiToken().value();
            String second = read().apiToken().value();
            assertTrue(first.matches("[A-Za-z0-9_-]{43}"), first);
            assertEquals(32, Base64.getUrlDecoder().decode(first).length);
            assertNotEquals(first, second);
        }

        @Test
        void generatedSecretKeyBaseIs48RandomBytesInBase64() {
            String first = read().secretKeyBase().value();
            assertEquals(64, first.length());
            assertEquals(48, Base64.getDecoder().decode(first).length);
            assertNotEquals(first, read().secretKeyBase().value());
        }

        @Test
        void noTlsWhenNeitherPathIsSet() {
            assertEquals(Optional.empty(), read().tls());
        }

        @Test
        void tlsNeedsBothPaths() {
            assertEquals("JF_SSL_KEY_PATH has been set but JF_SSL_CERT_PATH remains unset",
                    failure("JF_SSL_KEY_PATH", "/some/key/path"));
            assertEquals("JF_SSL_CERT_PATH has been set but JF_SSL_KEY_PATH remains unset",
                    failure("JF_SSL_CERT_PATH", "/some/cert/path"));
        }

        @Test
        void tlsWithBothPaths() {
            assertEquals(Optional.of(new Tls(Path.of("/some/key/path"), Path.of("/some/cert/path"))),
                    read("JF_SSL_KEY_PATH", "/some/key/path", "JF_SSL_CERT_PATH", "/some/cert/path").tls());
        }

        static Stream<Arguments> checkOrigins() {
            return Stream.of(
                    Arguments.of("true", new CheckOrigin.SameAsHost()),
                    Arguments.of("TRUE", new CheckOrigin.SameAsHost()),
                    Arguments.of("false", new CheckOrigin.Disabled()),
                    Arguments.of("False", new CheckOrigin.Disabled()),
                    Arguments.of(":conn", new CheckOrigin.SameAsConnection()),
                    Arguments.of("jellyfish.ovh jellyfish2.ovh jellyfish3.ovh",
                            new CheckOrigin.AllowList(List.of("jellyfish.ovh", "jellyfish2.ovh", "jellyfish3.ovh"))),
                    Arguments.of("//another.com:888 //*.other.com",
                            new CheckOrigin.AllowList(List.of("//another.com:888", "//*.other.com"))),
                    Arguments.of("localhost", new CheckOrigin.AllowList(List.of("localhost"))),
                    Arguments.of(" a  b ", new CheckOrigin.AllowList(List.of("a", "b"))),
                    Arguments.of(":CONN", new CheckOrigin.AllowList(List.of(":CONN"))),
                    Arguments.of("", new CheckOrigin.AllowList(List.of())));
        }

        @ParameterizedTest(name = "JF_CHECK_ORIGIN=''{0}''")
        @MethodSource("checkOrigins")
        void checkOriginNeverFails(String value, CheckOrigin expected) {
            assertEquals(expected, read("JF_CHECK_ORIGIN", value).checkOrigin());
        }
    }
}
