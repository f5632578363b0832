package io.jellyfish.osgihost;

import java.nio.file.Path;

/**
 * A container for the jars of the plugins directory, chosen by name with JF_PLUGIN_HOST and
 * found by the launcher with {@link java.util.ServiceLoader}. The module layer host (the default,
 * {@code layer}) is built into the launcher; this module provides {@code felix}.
 *
 * <p>Only JDK types cross this interface, so the launcher never sees the container's own API.
 */
public interface PluginHostProvider {

    /** The JF_PLUGIN_HOST value that selects this host, e.g. {@code felix}. */
    String name();

    /**
     * Hosts every {@code *.jar} of {@code directory} (a missing directory means no plugins) and
     * starts them. Nothing is left running when it fails.
     *
     * @throws PluginHostException when a jar cannot be hosted, naming the jar and the reason
     */
    HostedPlugins host(Path directory) throws PluginHostException;
}
