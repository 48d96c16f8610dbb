package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import ru.berezhno.core.plugins.PluginRegistry;

/** The loaded plugins and the instrument kinds they bring. */
@Singleton
@Path("/api/v1/plugins")
public final class PluginsResource {
    private final PluginRegistry plugins;

    @Inject
    public PluginsResource(PluginRegistry plugins) {
        this.plugins = requireNonNull(plugins, "plugins is null");
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        return plugins.plugins().stream().map(plugin -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", plugin.id());
            view.put("version", plugin.version());
            view.put("kinds", plugins.kindsOf(plugin));
            return view;
        }).toList();
    }
}
