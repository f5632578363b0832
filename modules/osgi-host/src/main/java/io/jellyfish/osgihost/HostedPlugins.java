package io.jellyfish.osgihost;

import java.util.List;

/** The plugins of a {@link PluginHostProvider}, running until {@link #close()}. */
public interface HostedPlugins extends AutoCloseable {

    /**
     * What is hosted, for the server's start-up line {@code Loaded plugins from <description>}:
     * the directory, the container and each plugin with its jar; empty when there are no plugins.
     */
    String description();

    /**
     * New instances of the providers of {@code type} that the plugins declare, in the order of
     * their jar file names.
     *
     * @throws PluginHostException when a declared provider cannot be created, naming its jar
     */
    <S> List<S> services(Class<S> type) throws PluginHostException;

    /** Stops the plugins and the container and removes what it stored on disk. */
    @Override
    void close() throws PluginHostException;
}
