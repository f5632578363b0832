package io.jellyfish.osgihost.felix;

import io.jellyfish.api.cluster.DiscoveryContext;
import io.jellyfish.api.cluster.DiscoveryStrategy;
import io.jellyfish.api.cluster.DiscoveryStrategy.Candidate;
import io.jellyfish.api.cluster.DiscoveryStrategyProvider;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.config.ConfigReader;
import io.jellyfish.osgihost.HostedPlugins;
import io.jellyfish.osgihost.PluginHostException;
import io.jellyfish.osgihost.PluginHostProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FelixPluginHostTest {
    private static final String NODES_LIST_JAR = "jellyfish-strategy-nodes-list-0.5.0.jar";
    private static final String DNS_JAR = "jellyfish-strategy-dns-0.5.0.jar";

    @TempDir
    Path work;

    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    private Path plugins() throws IOException {
        return Files.createDirectories(work.resolve("plugins"));
    }

    private Path temporary() throws IOException {
        return Files.createDirectories(work.resolve("tmp"));
    }

    private FelixPluginHost host(Path plugins) throws Exception {
        FelixPluginHost host = FelixPluginHost.start(plugins, temporary());
        open.add(host);
        return host;
    }

    private static String strategyName(DiscoveryStrategyProvider provider) {
        return provider.name();
    }

    private static DiscoveryContext context(Map<String, String> environment) {
        JellyfishConfig config = ConfigReader.read(environment);
        System.Logger logger = System.getLogger("test.strategy");
        return new DiscoveryContext() {
            @Override
            public JellyfishConfig config() {
                return config;
            }

            @Override
            public System.Logger logger() {
                return logger;
            }
        };
    }

    private static Map<String, String> cluster(String strategy, String nodeName, String... namesAndValues) {
        Map<String, String> environment = new HashMap<>(Map.of("JF_SERVER_API_TOKEN", "t", "JF_DIST_ENABLED", "true",
                "JF_DIST_STRATEGY_NAME", strategy, "JF_DIST_NODE_NAME", nodeName));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            environment.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return environment;
    }

    @Test
    void theProviderIsFoundByNameThroughServiceLoader() {
        List<String> names = ServiceLoader.load(PluginHostProvider.class).stream()
                .map(provider -> provider.get().name()).toList();
        assertEquals(List.of("felix"), names);
    }

    @Test
    void hostsTheRealStrategyBundlesAndCreatesTheirProviders() throws Exception {
        Path plugins = plugins();
        TestBundles.strategy("jellyfish.bundle.nodes-list", NODES_LIST_JAR, plugins);
        TestBundles.strategy("jellyfish.bundle.dns", DNS_JAR, plugins);

        FelixPluginHost host = host(plugins);

        assertTrue(host.description().matches(java.util.regex.Pattern.quote(plugins.toString())
                + " into Apache Felix 7\\.\\d+\\.\\d+: io\\.jellyfish\\.strategy\\.dns 0\\.5\\.0 \\(" + DNS_JAR
                + "\\), io\\.jellyfish\\.strategy\\.nodeslist 0\\.5\\.0 \\(" + NODES_LIST_JAR + "\\)"), host.description());

        List<DiscoveryStrategyProvider> providers = host.services(DiscoveryStrategyProvider.class);
        assertEquals(List.of("DNS", "NODES_LIST"), providers.stream().map(FelixPluginHostTest::strategyName).toList());
        for (DiscoveryStrategyProvider provider : providers) {
            Bundle bundle = FrameworkUtil.getBundle(provider.getClass());
            assertEquals(Bundle.ACTIVE, bundle.getState(), bundle.toString());
            assertNotSame(getClass().getClassLoader(), provider.getClass().getClassLoader());
            // The API comes from the system bundle at the API's version, JNDI from the JDK through it.
            Map<String, String> wires = new TreeMap<>();
            for (BundleWire wire : bundle.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package")) {
                wires.put((String) wire.getCapability().getAttributes().get("osgi.wiring.package"),
                        wire.getProvider().getBundle().getBundleId() + "@" + wire.getCapability().getAttributes().get("version"));
            }
            assertEquals("0@0.5.0", wires.get("io.jellyfish.api.cluster"), wires.toString());
            assertEquals("0@0.5.0", wires.get("io.jellyfish.api.config"), wires.toString());
            if (provider.name().equals("DNS")) {
                assertTrue(wires.get("javax.naming").startsWith("0@"), wires.toString());
                assertTrue(wires.get("javax.naming.directory").startsWith("0@"), wires.toString());
            }
        }
        // A new instance per lookup, as ServiceLoader gives.
        assertNotSame(providers.get(0), host.services(DiscoveryStrategyProvider.class).get(0));
        assertEquals(List.of(), host.services(Runnable.class));
    }

    @Test
    void theNodesListStrategyOfItsBundleWorks() throws Exception {
        Path plugins = plugins();
        TestBundles.strategy("jellyfish.bundle.nodes-list", NODES_LIST_JAR, plugins);
        DiscoveryStrategyProvider provider = host(plugins).services(DiscoveryStrategyProvider.class).get(0);

        try (DiscoveryStrategy strategy = provider.start(context(cluster("NODES_LIST", "j1@127.0.0.1",
                "JF_DIST_NODES", "j1@127.0.0.1 j2@127.0.0.2:9100")))) {
            assertEquals("j1@127.0.0.1", strategy.nodeName());
            assertEquals(List.of(new Candidate("j2@127.0.0.2:9100", "127.0.0.2", 9100)), strategy.candidates());
        }
    }

    @Test
    void theDnsStrategyOfItsBundleAsksADnsServerThroughJndi() throws Exception {
        Path plugins = plugins();
        TestBundles.strategy("jellyfish.bundle.dns", DNS_JAR, plugins);
        DiscoveryStrategyProvider provider = host(plugins).services(DiscoveryStrategyProvider.class).get(0);

        try (TinyDns dns = new TinyDns("jf.cluster.test", List.of(InetAddress.getByName("127.0.0.11"),
                     InetAddress.getByName("127.0.0.12")));
             DiscoveryStrategy strategy = provider.start(context(cluster("DNS", "app@127.0.0.1",
                     "JF_DIST_MODE", "name", "JF_DIST_QUERY", "jf.cluster.test", "JF_DIST_DNS_SERVER", dns.server())))) {
            assertEquals(List.of(new Candidate("app@127.0.0.11", "127.0.0.11", 0),
                    new Candidate("app@127.0.0.12", "127.0.0.12", 0)), strategy.candidates());
        }
    }

    @Test
    void theApiPackagesAreThoseTheApiModuleExportsAtItsVersion() throws Exception {
        ModuleDescriptor api = ModuleFinder.of(TestBundles.location(JellyfishConfig.class)).findAll()
                .iterator().next().descriptor();
        assertEquals(api.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()),
                Set.copyOf(FelixPluginHost.API_PACKAGES));
        assertEquals("0.5.0", FelixPluginHost.apiVersion());
        assertEquals("io.jellyfish.api.cluster;version=0.5.0,io.jellyfish.api.config;version=0.5.0,"
                + "io.jellyfish.api.room;version=0.5.0,io.jellyfish.api.event;version=0.5.0,"
                + "io.jellyfish.api.media;version=0.5.0,io.jellyfish.api.spi;version=0.5.0",
                FelixPluginHost.configuration(work).get("org.osgi.framework.system.packages.extra"));
    }

    @Test
    void noDirectoryOrNoJarMeansNoPluginsAndNoFramework() throws Exception {
        HostedPlugins none = host(work.resolve("missing"));
        assertEquals("", none.description());
        assertEquals(List.of(), none.services(DiscoveryStrategyProvider.class));

        Path plugins = plugins();
        Files.writeString(plugins.resolve("README.txt"), "not a jar");
        assertEquals(List.of(), host(plugins).services(DiscoveryStrategyProvider.class));
        assertEquals(List.of(), entries(temporary()));
    }

    @Test
    void aFileInsteadOfADirectoryIsAnError() throws Exception {
        Path file = Files.writeString(work.resolve("plugins"), "x");
        PluginHostException e = assertThrows(PluginHostException.class, () -> host(file));
        assertEquals("cannot load plugins: " + file + " is not a directory", e.getMessage());
    }

    @Test
    void closingStopsTheBundlesAndRemovesTheStorage() throws Exception {
        Path plugins = plugins();
        TestBundles.strategy("jellyfish.bundle.nodes-list", NODES_LIST_JAR, plugins);
        FelixPluginHost host = FelixPluginHost.start(plugins, temporary());
        Bundle bundle = FrameworkUtil.getBundle(host.services(DiscoveryStrategyProvider.class).get(0).getClass());
        assertEquals(1, entries(temporary()).size());

        host.close();

        assertTrue(bundle.getState() != Bundle.ACTIVE, "state " + bundle.getState());
        assertEquals(List.of(), entries(temporary()));
    }

    @Test
    void aGarbageJarStopsStartUpWithOneLineNamingIt() throws Exception {
        Path plugins = plugins();
        TestBundles.strategy("jellyfish.bundle.nodes-list", NODES_LIST_JAR, plugins);
        Files.writeString(plugins.resolve("garbage.jar"), "this is not a jar");

        PluginHostException e = assertThrows(PluginHostException.class, () -> host(plugins));

        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().startsWith("plugin garbage.jar cannot be hosted by Felix: "), e.getMessage());
        assertTrue(e.getMessage().contains("zip END header not found"), e.getMessage());
        assertEquals(List.of(), entries(temporary()), "nothing left in the temporary directory");
    }

    @Test
    void aBundleWithAnUnresolvableImportStopsStartUpWithOneLineNamingIt() throws Exception {
        Path plugins = plugins();
        TestBundles.strategy("jellyfish.bundle.nodes-list", NODES_LIST_JAR, plugins);
        TestBundles.jar(plugins.resolve("jellyfish-foo.jar"), bundleHeaders("test.foo",
                "Import-Package", "com.example.missing;version=\"[1,2)\""), Map.of());

        PluginHostException e = assertThrows(PluginHostException.class, () -> host(plugins));

        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().startsWith("plugin jellyfish-foo.jar cannot be hosted by Felix: Unable to resolve test.foo"),
                e.getMessage());
        assertTrue(e.getMessage().contains("missing requirement"), e.getMessage());
        assertTrue(e.getMessage().contains("osgi.wiring.package=com.example.missing"), e.getMessage());
        assertEquals(List.of(), entries(temporary()));
    }

    @Test
    void anApiImportOutsideTheApisVersionDoesNotResolve() throws Exception {
        Path plugins = plugins();
        TestBundles.jar(plugins.resolve("future.jar"), bundleHeaders("test.future",
                "Import-Package", "io.jellyfish.api.cluster;version=\"[1,2)\""), Map.of());

        PluginHostException e = assertThrows(PluginHostException.class, () -> host(plugins));

        assertTrue(e.getMessage().startsWith("plugin future.jar cannot be hosted by Felix: Unable to resolve test.future"),
                e.getMessage());
        assertTrue(e.getMessage().contains("osgi.wiring.package=io.jellyfish.api.cluster"), e.getMessage());
    }

    @Test
    void aJarWithoutBundleHeadersIsNotABundle() throws Exception {
        Path plugins = plugins();
        TestBundles.jar(plugins.resolve("plain.jar"), Map.of(), Map.of("a/B.txt", TestBundles.utf8("b")));

        PluginHostException e = assertThrows(PluginHostException.class, () -> host(plugins));

        assertEquals("plugin plain.jar cannot be hosted by Felix: not an OSGi bundle: its manifest has no Bundle-SymbolicName",
                e.getMessage());
    }

    @Test
    void twoJarsOfTheSameBundleStopStartUpNamingTheSecond() throws Exception {
        Path plugins = plugins();
        TestBundles.strategy("jellyfish.bundle.nodes-list", NODES_LIST_JAR, plugins);
        Files.copy(plugins.resolve(NODES_LIST_JAR), plugins.resolve("x-copy.jar"));

        PluginHostException e = assertThrows(PluginHostException.class, () -> host(plugins));

        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().startsWith("plugin x-copy.jar cannot be hosted by Felix: "), e.getMessage());
    }

    @Test
    void aDeclaredProviderThatCannotBeLoadedIsOneLineNamingTheJar() throws Exception {
        Path plugins = plugins();
        TestBundles.jar(plugins.resolve("ghost.jar"), bundleHeaders("test.ghost"), Map.of(
                "META-INF/services/" + DiscoveryStrategyProvider.class.getName(),
                TestBundles.utf8("# a comment\n  test.ghost.Missing  # trailing comment\n")));
        HostedPlugins host = host(plugins);

        PluginHostException e = assertThrows(PluginHostException.class, () -> host.services(DiscoveryStrategyProvider.class));

        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().startsWith("plugin ghost.jar cannot be hosted by Felix: META-INF/services/"
                + DiscoveryStrategyProvider.class.getName() + " names test.ghost.Missing, which cannot be loaded: "),
                e.getMessage());
    }

    @Test
    void aProviderThatEmbedsTheApiInsteadOfImportingItIsRefused() throws Exception {
        Path plugins = plugins();
        Path api = TestBundles.location(JellyfishConfig.class);
        TestBundles.compiled(work, plugins.resolve("embedded.jar"), bundleHeaders("test.embedded"), Map.of(
                "io/jellyfish/api/cluster/DiscoveryStrategyProvider.java", "package io.jellyfish.api.cluster;\n"
                        + "public interface DiscoveryStrategyProvider { String name(); }\n",
                "test/embedded/Provider.java", "package test.embedded;\n"
                        + "public class Provider implements io.jellyfish.api.cluster.DiscoveryStrategyProvider {\n"
                        + "  public String name() { return \"EMBEDDED\"; }\n}\n"),
                Map.of("META-INF/services/" + DiscoveryStrategyProvider.class.getName(), "test.embedded.Provider\n"),
                api);
        HostedPlugins host = host(plugins);

        PluginHostException e = assertThrows(PluginHostException.class, () -> host.services(DiscoveryStrategyProvider.class));

        assertEquals("plugin embedded.jar cannot be hosted by Felix: test.embedded.Provider is not a "
                + DiscoveryStrategyProvider.class.getName() + " of this server (the bundle must import package"
                + " io.jellyfish.api.cluster, not contain it)", e.getMessage());
    }

    @Test
    void servicesRegisteredByABundleActivatorAreFoundToo() throws Exception {
        Path plugins = plugins();
        TestBundles.strategy("jellyfish.bundle.nodes-list", NODES_LIST_JAR, plugins);
        TestBundles.compiled(work, plugins.resolve("registered.jar"), bundleHeaders("test.registered",
                "Bundle-Activator", "test.registered.Activator",
                "Import-Package", "io.jellyfish.api.cluster;version=\"[0.5,1)\",org.osgi.framework;version=\"[1.8,2)\""),
                Map.of("test/registered/Activator.java", """
                        package test.registered;

                        import io.jellyfish.api.cluster.DiscoveryContext;
                        import io.jellyfish.api.cluster.DiscoveryStrategy;
                        import io.jellyfish.api.cluster.DiscoveryStrategyProvider;
                        import java.util.List;
                        import org.osgi.framework.BundleActivator;
                        import org.osgi.framework.BundleContext;

                        public class Activator implements BundleActivator {
                            public void start(BundleContext context) {
                                context.registerService(DiscoveryStrategyProvider.class, new DiscoveryStrategyProvider() {
                                    public String name() { return "REGISTERED"; }
                                    public DiscoveryStrategy start(DiscoveryContext discovery) {
                                        return new DiscoveryStrategy() {
                                            public String nodeName() { return "r@127.0.0.1"; }
                                            public List<Candidate> candidates() { return List.of(); }
                                            public String describe() { return "registered"; }
                                        };
                                    }
                                }, null);
                            }

                            public void stop(BundleContext context) {
                            }
                        }
                        """), Map.of(), TestBundles.location(JellyfishConfig.class), TestBundles.location(BundleActivator.class));

        List<DiscoveryStrategyProvider> providers = host(plugins).services(DiscoveryStrategyProvider.class);

        assertEquals(List.of("NODES_LIST", "REGISTERED"), providers.stream().map(FelixPluginHostTest::strategyName).toList());
        assertEquals("r@127.0.0.1", providers.get(1).start(null).nodeName());
    }

    private static Map<String, String> bundleHeaders(String symbolicName, String... more) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Bundle-ManifestVersion", "2",
                "Bundle-SymbolicName", symbolicName, "Bundle-Version", "1.0.0"));
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.toList();
        }
    }

    private static void assertOneLine(String message) {
        assertFalse(message.isBlank());
        assertFalse(message.contains("\n") || message.contains("\r"), message);
    }
}
