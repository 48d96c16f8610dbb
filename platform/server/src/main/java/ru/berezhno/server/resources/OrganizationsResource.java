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

import ru.berezhno.core.organizations.OrganizationDirectory;

/** The organisation directory. */
@Singleton
@Path("/api/v1/organizations")
public final class OrganizationsResource {
    private final OrganizationDirectory organizations;

    @Inject
    public OrganizationsResource(OrganizationDirectory organizations) {
        this.organizations = requireNonNull(organizations, "organizations is null");
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        return organizations.all().stream().map(organization -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", organization.id());
            view.put("name", organization.name());
            view.put("nameEn", organization.nameEn());
            view.put("kind", organization.kind());
            view.put("reporting", organization.reporting());
            view.put("parent", organization.parent());
            return view;
        }).toList();
    }
}
