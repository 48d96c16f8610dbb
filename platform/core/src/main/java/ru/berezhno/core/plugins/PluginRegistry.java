package ru.berezhno.core.plugins;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Plugin;

/**
 * The plugins found with {@link ServiceLoader} and the instrument kinds they bring. Loading is
 * strict: a duplicate plugin or kind id, an invalid id, or a plugin that brings nothing stops
 * start-up with the class names involved.
 */
public final class PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final Map<String, Plugin> plugins;
    private final Map<String, InstrumentKind> kinds;
    private final Map<String, Plugin> pluginOfKind;

    private PluginRegistry(Map<String, Plugin> plugins, Map<String, InstrumentKind> kinds, Map<String, Plugin> pluginOfKind) {
        this.plugins = plugins;
        this.kinds = kinds;
        this.pluginOfKind = pluginOfKind;
    }

    /** Loads every plugin visible to the class loader. */
    public static PluginRegistry load(ClassLoader classLoader) {
        List<Plugin> found = new ArrayList<>();
        ServiceLoader.load(Plugin.class, classLoader).forEach(found::add);
        return of(found);
    }

    /** Registers the given plugins, checking them as {@link #load} does. */
    public static PluginRegistry of(Collection<? extends Plugin> candidates) {
        Map<String, Plugin> plugins = new LinkedHashMap<>();
        Map<String, InstrumentKind> kinds = new LinkedHashMap<>();
        Map<String, Plugin> pluginOfKind = new LinkedHashMap<>();
        for (Plugin plugin : candidates) {
            String pluginId = requireNonNull(plugin.id(), () -> "plugin " + plugin.getClass().getName() + " has a null id");
            if (!ID.matcher(pluginId).matches()) {
                throw new PluginLoadingException("plugin " + plugin.getClass().getName() + " has an invalid id '" + pluginId
                        + "' (lowercase letters, digits and dashes)");
            }
            Plugin previous = plugins.putIfAbsent(pluginId, plugin);
            if (previous != null) {
                throw new PluginLoadingException("two plugins have the id '" + pluginId + "': "
                        + previous.getClass().getName() + " and " + plugin.getClass().getName());
            }
            List<InstrumentKind> contributed = plugin.instrumentKinds();
            if (contributed.isEmpty()) {
                throw new PluginLoadingException("plugin '" + pluginId + "' (" + plugin.getClass().getName() + ") contributes nothing");
            }
            for (InstrumentKind kind : contributed) {
                String kindId = kind.id();
                if (kindId == null || !ID.matcher(kindId).matches()) {
                    throw new PluginLoadingException("instrument kind " + kind.getClass().getName() + " of plugin '" + pluginId
                            + "' has an invalid id '" + kindId + "'");
                }
                InstrumentKind existing = kinds.putIfAbsent(kindId, kind);
                if (existing != null) {
                    throw new PluginLoadingException("two instrument kinds have the id '" + kindId + "': "
                            + existing.getClass().getName() + " (plugin '" + pluginOfKind.get(kindId).id() + "') and "
                            + kind.getClass().getName() + " (plugin '" + pluginId + "')");
                }
                pluginOfKind.put(kindId, plugin);
            }
            LOG.info("Loaded plugin '{}' version {} ({}) with kinds {}", pluginId, plugin.version(), plugin.getClass().getName(),
                    contributed.stream().map(InstrumentKind::id).toList());
        }
        if (plugins.isEmpty()) {
            LOG.warn("No plugins were found: no instrument kind is available");
        }
        return new PluginRegistry(Map.copyOf(plugins), Map.copyOf(kinds), Map.copyOf(pluginOfKind));
    }

    public Optional<InstrumentKind> kind(String kindId) {
        return Optional.ofNullable(kinds.get(kindId));
    }

    public Collection<String> kindIds() {
        return kinds.keySet().stream().sorted().toList();
    }

    /** The plugins, ordered by id. */
    public List<Plugin> plugins() {
        return plugins.values().stream().sorted(java.util.Comparator.comparing(Plugin::id)).toList();
    }

    /** The ids of the kinds a plugin brings, in its order. */
    public List<String> kindsOf(Plugin plugin) {
        return plugin.instrumentKinds().stream().map(InstrumentKind::id).toList();
    }

    public Plugin pluginOf(String kindId) {
        return pluginOfKind.get(kindId);
    }
}
