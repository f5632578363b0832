/**
 * The OSGi plugin host, selected with JF_PLUGIN_HOST=felix: the jars of the plugins directory
 * become bundles of an embedded Apache Felix framework instead of modules of a layer. Plugins need
 * no OSGi API: their services are found through their own {@code META-INF/services} entries.
 *
 * <p>The package {@code io.jellyfish.osgihost} is the SPI the launcher looks hosts up with; the
 * launcher only {@code requires static} this module, so it runs without it (and without Felix)
 * when the jar is not in lib/.
 *
 * <p>JPMS: Felix 7 ships an explicit module ({@code open module org.apache.felix.framework}, not an
 * automatic one) that exports only the OSGi API, so its factory is found as the OSGi launch API
 * intends, with ServiceLoader. Bundle classes live in the unnamed modules of Felix's bundle class
 * loaders, which export everything, and core reflection reads any module: instantiating a
 * provider through its public constructor needs no {@code opens}. Felix's manifest lists
 * {@code Add-Opens} for its URL handlers, which apply only to {@code java -jar}; they are not
 * needed because the host turns the URL handlers off (felix.service.urlhandlers=false). Its
 * other deep-reflection tricks fall back cleanly when denied. The one visible effect: on JDK 24+
 * the JVM prints a warning on stderr once, when Felix's SecureAction touches sun.misc.Unsafe;
 * JAVA_OPTS="... --sun-misc-unsafe-memory-access=deny" (JDK 23+) silences it, Felix works the same.
 */
module io.jellyfish.osgihost {
    requires io.jellyfish.api;
    requires org.apache.felix.framework;

    exports io.jellyfish.osgihost;

    uses org.osgi.framework.launch.FrameworkFactory;

    provides io.jellyfish.osgihost.PluginHostProvider with io.jellyfish.osgihost.felix.FelixHostProvider;
}
