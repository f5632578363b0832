package io.jellyfish.launcher;

import io.jellyfish.osgihost.HostedPlugins;
import io.jellyfish.osgihost.PluginHostException;
import io.jellyfish.osgihost.PluginHostProvider;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * A plugin host of module io.jellyfish.osgihost (JF_PLUGIN_HOST=felix), found with ServiceLoader.
 * The only class of the launcher that uses that module's types, and it is loaded only when such a
 * host is chosen: the launcher runs without the module.
 */
final class OsgiPluginHost implements PluginHost {
    private final HostedPlugins plugins;

    private OsgiPluginHost(HostedPlugins plugins) {
        this.plugins = plugins;
    }

    static PluginHost open(String name, Path directory) throws StartupException {
        PluginHostProvider provider = provider(name);
        try {
            return new OsgiPluginHost(provider.host(directory));
        } catch (PluginHostException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static PluginHostProvider provider(String name) throws StartupException {
        List<PluginHostProvider> providers;
        try {
            // The class loader of lib/ (module path) and of the class path (tests) alike.
            providers = ServiceLoader.load(PluginHostProvider.class, OsgiPluginHost.class.getClassLoader())
                    .stream().map(ServiceLoader.Provider::get).toList();
        } catch (ServiceConfigurationError e) {
            throw new StartupException("cannot start: cannot load a " + PluginHostProvider.class.getName() + ": "
                    + StartupException.describe(e), e);
        }
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new StartupException(VARIABLE + "=" + name + " needs a plugin host named " + name
                        + " in lib/; found: " + (providers.isEmpty() ? "none"
                                : providers.stream().map(PluginHostProvider::name).collect(Collectors.joining(", ")))));
    }

    @Override
    public String description() {
        return plugins.description();
    }

    @Override
    public <S> List<S> services(Class<S> type) throws StartupException {
        try {
            return plugins.services(type);
        } catch (PluginHostException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    @Override
    public void close() throws StartupException {
        try {
            plugins.close();
        } catch (PluginHostException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }
}
