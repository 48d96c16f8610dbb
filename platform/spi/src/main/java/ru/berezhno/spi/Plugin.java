package ru.berezhno.spi;

import java.util.List;

/**
 * The single entry point of a plugin, found with {@link java.util.ServiceLoader}. Every method but
 * {@link #id()} has a default that contributes nothing; a plugin overrides what it brings. A plugin
 * that contributes nothing at all stops start-up.
 */
public interface Plugin {
    /** A short, stable, lowercase id, unique among loaded plugins. */
    String id();

    /** The plugin's version; by default the Implementation-Version of its jar, or {@code "dev"}. */
    default String version() {
        String version = getClass().getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** The instrument kinds this plugin brings; each kind's id is unique across all plugins. */
    default List<InstrumentKind> instrumentKinds() {
        return List.of();
    }
}
