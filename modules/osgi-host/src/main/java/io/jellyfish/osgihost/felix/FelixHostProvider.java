package io.jellyfish.osgihost.felix;

import io.jellyfish.osgihost.HostedPlugins;
import io.jellyfish.osgihost.PluginHostException;
import io.jellyfish.osgihost.PluginHostProvider;

import java.nio.file.Path;

/** JF_PLUGIN_HOST=felix: the plugins as bundles of an embedded Apache Felix framework. */
public final class FelixHostProvider implements PluginHostProvider {
    static final String NAME = "felix";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HostedPlugins host(Path directory) throws PluginHostException {
        return FelixPluginHost.start(directory);
    }
}
