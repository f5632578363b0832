package io.jellyfish.launcher;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.InvalidModuleDescriptorException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jars of the plugins directory, loaded into one module layer on top of the server's
 * ({@code lib/}, the boot layer), with one class loader for all of them: the default plugin host
 * (JF_PLUGIN_HOST=layer). Services are then looked up with {@code ServiceLoader.load(layer(), type)},
 * which sees the providers of this layer and of the boot layer.
 *
 * <p>Any problem with a jar stops start-up with one line naming the jar and the reason: a file
 * that is not a readable jar, a bad module descriptor, a module name used twice (by two plugin
 * jars, or by a plugin and the server), or a plugin whose dependencies cannot be resolved.
 * A missing directory simply means no plugins.
 */
final class PluginLayer implements PluginHost {
    private final Path directory;
    private final ModuleLayer layer;
    private final Map<String, Path> jarsByModule;

    private PluginLayer(Path directory, ModuleLayer layer, Map<String, Path> jarsByModule) {
        this.directory = directory;
        this.layer = layer;
        this.jarsByModule = jarsByModule;
    }

    /** The layer to look services up in: the plugin layer, or {@code parent} when there are no plugins. */
    ModuleLayer layer() {
        return layer;
    }

    /** Module name to jar, in the order of the jar file names. */
    Map<String, Path> modules() {
        return jarsByModule;
    }

    @Override
    public String description() {
        return jarsByModule.isEmpty() ? "" : directory + ": " + jarsByModule.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue().getFileName() + ")")
                .collect(Collectors.joining(", "));
    }

    @Override
    public <S> List<S> services(Class<S> type) throws StartupException {
        List<S> services = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<S> provider : Server.providers(type, layer)) {
                services.add(provider.get());
            }
        } catch (ServiceConfigurationError e) {
            throw new StartupException("cannot start: cannot load a " + type.getName() + ": "
                    + StartupException.describe(e), e);
        }
        return services;
    }

    /** A module layer cannot be unloaded: it goes with the process. */
    @Override
    public void close() {
    }

    static PluginLayer load(Path directory, ModuleLayer parent) throws StartupException {
        return load(directory, parent, ModuleFinder.of());
    }

    /**
     * @param server the server's module path ({@code lib/}): a module there that the boot layer
     *               did not resolve (nothing in the server requires it) can still be required by
     *               a plugin, and is then loaded into the plugin layer
     */
    static PluginLayer load(Path directory, ModuleLayer parent, ModuleFinder server) throws StartupException {
        List<Path> jars = jars(directory);
        if (jars.isEmpty()) {
            return new PluginLayer(directory, parent, Map.of());
        }

        // One finder per jar first, so a broken jar or a duplicate is blamed on its own file.
        Map<String, Path> jarsByModule = new LinkedHashMap<>();
        for (Path jar : jars) {
            String module = moduleName(jar);
            Path other = jarsByModule.putIfAbsent(module, jar);
            if (other != null) {
                throw cannotLoad(jar, "module " + module + " is also in " + other.getFileName()
                        + ": remove one of the two jars");
            }
            if (parent.findModule(module).isPresent() || inServer(server, module)) {
                throw cannotLoad(jar, "module " + module + " is already part of the server (lib/)");
            }
        }

        ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
        Configuration configuration;
        try {
            configuration = parent.configuration().resolveAndBind(finder, server, jarsByModule.keySet());
        } catch (FindException | ResolutionException e) {
            throw blame(directory, jarsByModule, e);
        }
        // One class loader for all plugins: a package may live in only one of them.
        Map<String, String> modulesByPackage = new HashMap<>();
        for (String module : jarsByModule.keySet()) {
            ResolvedModule resolved = configuration.findModule(module).orElseThrow();
            for (String pkg : new TreeSet<>(resolved.reference().descriptor().packages())) {
                String other = modulesByPackage.putIfAbsent(pkg, module);
                if (other != null) {
                    throw new StartupException("cannot load plugins " + jarsByModule.get(other) + ", "
                            + jarsByModule.get(module) + ": both contain package " + pkg);
                }
            }
        }
        try {
            ModuleLayer layer = parent.defineModulesWithOneLoader(configuration, PluginLayer.class.getClassLoader());
            return new PluginLayer(directory, layer, Collections.unmodifiableMap(jarsByModule));
        } catch (LayerInstantiationException e) {
            throw blame(directory, jarsByModule, e);
        }
    }

    private static boolean inServer(ModuleFinder server, String module) throws StartupException {
        try {
            return server.find(module).isPresent();
        } catch (FindException e) {
            throw new StartupException("cannot read the server's modules (lib/): " + StartupException.describe(e), e);
        }
    }

    /** The module path this JVM was started with ({@code -p lib}), as a finder. */
    static ModuleFinder serverModulePath() {
        String path = System.getProperty("jdk.module.path", "");
        return ModuleFinder.of(Stream.of(path.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(Path::of)
                .toArray(Path[]::new));
    }

    private static List<Path> jars(Path directory) throws StartupException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        if (!Files.isDirectory(directory)) {
            throw new StartupException("cannot load plugins: " + directory + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new StartupException("cannot load plugins: cannot list " + directory + ": "
                    + StartupException.describe(e), e);
        }
    }

    private static String moduleName(Path jar) throws StartupException {
        if (!Files.isRegularFile(jar)) {
            throw cannotLoad(jar, "not a jar file");
        }
        Set<ModuleReference> found;
        try {
            found = ModuleFinder.of(jar).findAll();
        } catch (FindException e) {
            throw cannotLoad(jar, reason(e), e);
        }
        if (found.size() != 1) {
            throw cannotLoad(jar, "not a jar file");
        }
        return found.iterator().next().descriptor().name();
    }

    /** Why a single jar could not be read as a module. */
    private static String reason(FindException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof InvalidModuleDescriptorException) {
            return "bad module descriptor (" + detail + ")";
        }
        if (root instanceof IOException) {
            // ZipException for a file that is not a zip, or an unreadable file.
            return "not a readable jar file (" + detail + ")";
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Unable to derive module descriptor")) {
            return "no module-info.class and no usable automatic module name (" + detail + ")";
        }
        return StartupException.describe(e);
    }

    /**
     * A failure of the layer as a whole (resolution, or two plugins with the same package),
     * blamed on the jars whose modules its message names, else on the directory.
     */
    private static StartupException blame(Path directory, Map<String, Path> jarsByModule, Exception e) {
        String message = StartupException.oneLine(e.getMessage());
        List<String> named = new ArrayList<>();
        for (Map.Entry<String, Path> entry : jarsByModule.entrySet()) {
            Pattern word = Pattern.compile("(?<![\\w.$])" + Pattern.quote(entry.getKey()) + "(?![\\w$]|\\.\\w)");
            if (word.matcher(message).find()) {
                named.add(entry.getValue().toString());
            }
        }
        String where = named.isEmpty() ? "plugins in " + directory
                : (named.size() == 1 ? "plugin " : "plugins ") + String.join(", ", named);
        return new StartupException("cannot load " + where + ": " + message, e);
    }

    private static StartupException cannotLoad(Path jar, String reason) {
        return new StartupException("cannot load plugin " + jar + ": " + reason);
    }

    private static StartupException cannotLoad(Path jar, String reason, Throwable cause) {
        return new StartupException("cannot load plugin " + jar + ": " + reason, cause);
    }
}
