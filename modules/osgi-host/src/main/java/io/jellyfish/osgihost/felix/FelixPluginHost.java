package io.jellyfish.osgihost.felix;

import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.osgihost.HostedPlugins;
import io.jellyfish.osgihost.PluginHostException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jars of the plugins directory as bundles of an embedded Apache Felix framework, whose
 * storage is a fresh temporary directory removed on {@link #close()}.
 *
 * <p>The system bundle exports the JDK's packages (Felix's default) and the API packages at the
 * API's version, so bundles import {@code io.jellyfish.api.*} from the server's own class loader
 * and their providers are instances of the server's interfaces.
 *
 * <p>Services are found like {@link ServiceLoader} would, so plugins need no OSGi API: for each
 * bundle, the class names in its own {@code META-INF/services/<type>} entry are loaded through the
 * bundle and created with their public no-argument constructor. Services that bundles register in
 * the OSGi service registry under the type's name are added after those.
 *
 * <p>Every jar must install and resolve: the first that does not stops start-up with one line
 * naming it and the reason.
 */
final class FelixPluginHost implements HostedPlugins {
    private static final System.Logger LOG = System.getLogger(FelixPluginHost.class.getName());

    /** The packages module io.jellyfish.api exports, all of them offered to the bundles. */
    static final List<String> API_PACKAGES = List.of("io.jellyfish.api.cluster", "io.jellyfish.api.config",
            "io.jellyfish.api.room", "io.jellyfish.api.event", "io.jellyfish.api.media", "io.jellyfish.api.spi");

    private static final String FELIX_FACTORY = "org.apache.felix.framework.FrameworkFactory";
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Pattern OSGI_VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,2}");

    private final Path directory;
    private final Framework framework;
    private final Path storage;
    private final List<Plugin> plugins;

    /** A bundle and the jar it was installed from. */
    private record Plugin(Path jar, Bundle bundle) {
        String jarName() {
            return jar.getFileName().toString();
        }
    }

    private FelixPluginHost(Path directory, Framework framework, Path storage, List<Plugin> plugins) {
        this.directory = directory;
        this.framework = framework;
        this.storage = storage;
        this.plugins = plugins;
    }

    /** Starts Felix with every jar of {@code directory} installed and started; no jar, no framework. */
    static FelixPluginHost start(Path directory) throws PluginHostException {
        return start(directory, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param temporary where the framework's storage directory is created */
    static FelixPluginHost start(Path directory, Path temporary) throws PluginHostException {
        List<Path> jars = jars(directory);
        if (jars.isEmpty()) {
            return new FelixPluginHost(directory, null, null, List.of());
        }
        Path storage;
        try {
            storage = Files.createTempDirectory(temporary, "jellyfish-felix-");
        } catch (IOException e) {
            throw new PluginHostException("cannot start Apache Felix: cannot create its storage directory: "
                    + describe(e), e);
        }
        Framework framework = null;
        try {
            framework = factory().newFramework(configuration(storage));
            framework.init();
            framework.getBundleContext().addFrameworkListener(FelixPluginHost::log);
            framework.start();
            List<Plugin> plugins = install(framework.getBundleContext(), jars);
            for (Plugin plugin : plugins) {
                try {
                    plugin.bundle().start();
                } catch (BundleException | RuntimeException e) {
                    // Resolution happens here: "Unable to resolve <bundle>: missing requirement ...".
                    throw cannotHost(plugin.jar(), describe(e), e);
                }
            }
            return new FelixPluginHost(directory, framework, storage, List.copyOf(plugins));
        } catch (PluginHostException | RuntimeException | Error e) {
            abandon(framework, storage, e);
            throw e;
        } catch (BundleException e) {
            PluginHostException failure = new PluginHostException("cannot start Apache Felix: " + describe(e), e);
            abandon(framework, storage, failure);
            throw failure;
        }
    }

    /**
     * The framework configuration. Besides the storage and the API packages:
     * <ul>
     *   <li>no URL handlers: Felix would install a JVM-wide URLStreamHandlerFactory, reaching into
     *       java.net by reflection; the host needs none (bundle entry URLs carry their handler);</li>
     *   <li>Felix's own logger off: it prints raw lines on System.out, which would break
     *       JF_STRUCTURED_LOGGING's one JSON object per line. Framework errors and warnings reach
     *       the server log as framework events instead (see {@link #log}).</li>
     * </ul>
     */
    static Map<String, String> configuration(Path storage) {
        Map<String, String> configuration = new HashMap<>();
        configuration.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        configuration.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        configuration.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, API_PACKAGES.stream()
                .map(pkg -> pkg + ";version=" + apiVersion())
                .collect(Collectors.joining(",")));
        configuration.put("felix.service.urlhandlers", "false");
        configuration.put("felix.log.level", "0");
        return configuration;
    }

    /**
     * The version the API packages are exported at: the API module's own version when it runs
     * as a module (lib/), else the version it was built for; as an OSGi version (0.5.0).
     */
    static String apiVersion() {
        String version = Optional.ofNullable(JellyfishConfig.class.getModule().getDescriptor())
                .flatMap(ModuleDescriptor::rawVersion)
                .orElse(JellyfishConfig.VERSION);
        Matcher numeric = OSGI_VERSION.matcher(version);
        return numeric.lookingAt() ? numeric.group() : JellyfishConfig.VERSION;
    }

    private static FrameworkFactory factory() throws PluginHostException {
        return ServiceLoader.load(FrameworkFactory.class, FelixPluginHost.class.getClassLoader()).stream()
                .filter(provider -> provider.type().getName().equals(FELIX_FACTORY))
                .findFirst()
                .map(ServiceLoader.Provider::get)
                .orElseThrow(() -> new PluginHostException(
                        "cannot start Apache Felix: org.apache.felix.framework is not in lib/"));
    }

    private static List<Path> jars(Path directory) throws PluginHostException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        if (!Files.isDirectory(directory)) {
            throw new PluginHostException("cannot load plugins: " + directory + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new PluginHostException("cannot load plugins: cannot list " + directory + ": " + describe(e), e);
        }
    }

    /** Installs every jar before starting any, so that bundles may import from each other. */
    private static List<Plugin> install(BundleContext context, List<Path> jars) throws PluginHostException {
        List<Plugin> plugins = new ArrayList<>();
        for (Path jar : jars) {
            Bundle bundle;
            try (InputStream content = Files.newInputStream(jar)) {
                bundle = context.installBundle(jar.toUri().toString(), content);
            } catch (BundleException | IOException | RuntimeException e) {
                throw cannotHost(jar, describe(e), e);
            }
            if (bundle.getSymbolicName() == null) {
                // Felix would take it as an OSGi R3 bundle, importing and exporting nothing.
                throw cannotHost(jar, "not an OSGi bundle: its manifest has no Bundle-SymbolicName");
            }
            plugins.add(new Plugin(jar, bundle));
        }
        return plugins;
    }

    @Override
    public String description() {
        if (plugins.isEmpty()) {
            return "";
        }
        return directory + " into Apache Felix " + framework.getVersion() + ": " + plugins.stream()
                .map(p -> p.bundle().getSymbolicName() + " " + p.bundle().getVersion() + " (" + p.jarName() + ")")
                .collect(Collectors.joining(", "));
    }

    @Override
    public <S> List<S> services(Class<S> type) throws PluginHostException {
        List<S> services = new ArrayList<>();
        for (Plugin plugin : plugins) {
            for (String className : declared(plugin, type)) {
                services.add(create(plugin, type, className));
            }
        }
        services.addAll(registered(type));
        return services;
    }

    /** The class names of the bundle's own META-INF/services entry for {@code type}, as ServiceLoader reads them. */
    private static Set<String> declared(Plugin plugin, Class<?> type) throws PluginHostException {
        String entry = "META-INF/services/" + type.getName();
        URL url = plugin.bundle().getEntry(entry);
        if (url == null) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int comment = line.indexOf('#');
                String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw cannotHost(plugin.jar(), "cannot read " + entry + ": " + describe(e), e);
        }
        return names;
    }

    private static <S> S create(Plugin plugin, Class<S> type, String className) throws PluginHostException {
        Class<?> found;
        try {
            found = plugin.bundle().loadClass(className);
        } catch (ClassNotFoundException | RuntimeException e) {
            throw cannotHost(plugin.jar(), "META-INF/services/" + type.getName() + " names " + className
                    + ", which cannot be loaded: " + describe(e), e);
        }
        if (!type.isAssignableFrom(found)) {
            throw cannotHost(plugin.jar(), className + " is not a " + type.getName() + " of this server (the bundle"
                    + " must import package " + type.getPackageName() + ", not contain it)");
        }
        try {
            return type.cast(found.getConstructor().newInstance());
        } catch (NoSuchMethodException e) {
            throw cannotHost(plugin.jar(), className + " has no public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw cannotHost(plugin.jar(), "cannot create " + className + ": " + describe(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw cannotHost(plugin.jar(), "cannot create " + className + ": " + describe(e), e);
        }
    }

    /** Services the bundles registered under {@code type}'s name, highest ranking first. */
    private <S> List<S> registered(Class<S> type) {
        if (framework == null) {
            return List.of();
        }
        BundleContext context = framework.getBundleContext();
        ServiceReference<?>[] references;
        try {
            references = context.getServiceReferences(type.getName(), null);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        if (references == null) {
            return List.of();
        }
        // A ServiceReference orders by ranking, then registration: the reverse puts the preferred first.
        Arrays.sort(references, Collections.reverseOrder());
        List<S> services = new ArrayList<>();
        for (ServiceReference<?> reference : references) {
            Object service = context.getService(reference);
            if (type.isInstance(service)) {
                services.add(type.cast(service));
            }
        }
        return services;
    }

    @Override
    public void close() throws PluginHostException {
        if (framework == null) {
            return;
        }
        try {
            stop(framework);
        } finally {
            delete(storage);
        }
    }

    /** After a failed start: stops what runs and removes the storage; problems doing so are suppressed into {@code failure}. */
    private static void abandon(Framework framework, Path storage, Throwable failure) {
        if (framework != null) {
            try {
                stop(framework);
            } catch (PluginHostException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            delete(storage);
        } catch (PluginHostException e) {
            failure.addSuppressed(e);
        }
    }

    private static void stop(Framework framework) throws PluginHostException {
        try {
            framework.stop();
            FrameworkEvent stopped = framework.waitForStop(STOP_WAIT.toMillis());
            if (stopped.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                throw new PluginHostException("Apache Felix did not stop within " + STOP_WAIT.toSeconds() + " s");
            }
        } catch (BundleException e) {
            throw new PluginHostException("Apache Felix did not stop cleanly: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginHostException("interrupted while Apache Felix was stopping", e);
        }
    }

    private static void delete(Path storage) throws PluginHostException {
        if (!Files.exists(storage)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(storage)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new PluginHostException("cannot remove the Apache Felix storage directory " + storage + ": "
                    + describe(e), e);
        }
    }

    /** Framework errors and warnings, in the server log (Felix's own logger is off). */
    private static void log(FrameworkEvent event) {
        Level level = switch (event.getType()) {
            case FrameworkEvent.ERROR -> Level.ERROR;
            case FrameworkEvent.WARNING -> Level.WARNING;
            case FrameworkEvent.INFO -> Level.DEBUG;
            default -> null;
        };
        if (level == null || !LOG.isLoggable(level)) {
            return;
        }
        Bundle bundle = event.getBundle();
        String source = bundle == null || bundle.getBundleId() == 0 ? "Apache Felix" : bundle.getSymbolicName();
        Throwable error = event.getThrowable();
        LOG.log(level, source + ": " + (error == null ? "framework event " + event.getType() : describe(error)), error);
    }

    private static PluginHostException cannotHost(Path jar, String reason) {
        return new PluginHostException("plugin " + jar.getFileName() + " cannot be hosted by Felix: " + reason);
    }

    private static PluginHostException cannotHost(Path jar, String reason, Throwable cause) {
        return new PluginHostException("plugin " + jar.getFileName() + " cannot be hosted by Felix: " + reason, cause);
    }

    /**
     * A one-line account of {@code error} and its causes, outermost first, each message once
     * ({@code Unable to cache bundle: ...: zip END header not found}); a throwable without a
     * message is named by its class.
     */
    static String describe(Throwable error) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = error; t != null && parts.size() < 8; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null || t.getMessage().isBlank()
                    ? t.getClass().getSimpleName()
                    : t.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
            if (parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(message);
            }
        }
        return String.join(": ", parts);
    }
}
