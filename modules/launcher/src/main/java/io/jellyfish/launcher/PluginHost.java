package io.jellyfish.launcher;

import io.jellyfish.api.config.ConfigurationException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the jars of the plugins directory run, chosen with JF_PLUGIN_HOST: {@code layer} (the
 * default), a module layer of their own ({@link PluginLayer}); or {@code felix}, bundles of an
 * embedded OSGi framework, provided by module io.jellyfish.osgihost ({@link OsgiPluginHost}).
 */
interface PluginHost extends AutoCloseable {
    String VARIABLE = "JF_PLUGIN_HOST";
    String LAYER = "layer";
    String FELIX = "felix";

    /**
     * What was loaded, for the start-up line {@code Loaded plugins from <description>}; empty
     * when there are no plugins.
     */
    String description();

    /** The providers of {@code type} the plugins offer (with the layer host, lib/'s too). */
    <S> List<S> services(Class<S> type) throws StartupException;

    /** Stops the plugins; nothing to do for a module layer. */
    @Override
    void close() throws StartupException;

    /** The JF_PLUGIN_HOST value: {@code layer} when unset, else exactly {@code layer} or {@code felix}. */
    static String choice(Map<String, String> environment) {
        String value = environment.getOrDefault(VARIABLE, LAYER);
        if (!value.equals(LAYER) && !value.equals(FELIX)) {
            throw new ConfigurationException("Bad " + VARIABLE + " environment variable value. Expected "
                    + LAYER + " or " + FELIX + ", got: " + StartupException.oneLine(value));
        }
        return value;
    }

    /** Loads the plugins of {@code directory} into the host {@code choice} names. */
    static PluginHost open(String choice, Path directory) throws StartupException {
        if (choice.equals(LAYER)) {
            return PluginLayer.load(directory, ModuleLayer.boot(), PluginLayer.serverModulePath());
        }
        try {
            return OsgiPluginHost.open(choice, directory);
        } catch (NoClassDefFoundError e) {
            // The launcher only `requires static` io.jellyfish.osgihost: its jar may be missing.
            throw new StartupException(VARIABLE + "=" + choice + " needs jellyfish-osgi-host and the Apache Felix"
                    + " framework in lib/: " + StartupException.describe(e), e);
        }
    }
}
