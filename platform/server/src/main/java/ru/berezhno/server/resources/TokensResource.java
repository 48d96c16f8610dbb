package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.access.TokenService;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.server.http.RequestBodies;

/** Issues tokens (admin only). */
@Singleton
@Path("/api/v1/tokens")
public final class TokensResource {
    private static final Set<String> FIELDS = Set.of("role", "name", "organization");
    private static final int MAX_NAME_LENGTH = 200;

    private final TokenService tokens;
    private final OrganizationDirectory organizations;

    @Inject
    public TokensResource(TokenService tokens, OrganizationDirectory organizations) {
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public Response issue(InputStream body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode request = RequestBodies.object(body, FIELDS, errors);
        String allRoles = String.join(", ", Arrays.stream(Role.values()).map(Role::id).toList());
        JsonNode roleNode = request.get("role");
        Optional<Role> role = roleNode != null && roleNode.isTextual() ? Role.fromId(roleNode.asText()) : Optional.empty();
        if (role.isEmpty()) {
            errors.add(FieldError.of("role", "error.role", allRoles));
        }
        JsonNode nameNode = request.get("name");
        String name = nameNode != null && nameNode.isTextual() ? nameNode.asText().strip() : "";
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            errors.add(FieldError.of("name", "error.blankName"));
        }
        JsonNode organizationNode = request.get("organization");
        String organization = null;
        if (organizationNode != null && !organizationNode.isNull()) {
            if (!organizationNode.isTextual()) {
                errors.add(FieldError.of("organization", "error.notText"));
            }
            else if (!organizations.contains(organizationNode.asText())) {
                errors.add(FieldError.of("organization", "error.unknownOrganization", organizationNode.asText()));
            }
            else {
                organization = organizationNode.asText();
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Principal principal = new Principal(role.orElseThrow(), name, organization);
        String token = tokens.issue(principal);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("token", token);
        view.put("role", principal.role().id());
        view.put("name", principal.name());
        view.put("organization", principal.organization());
        return Response.status(Response.Status.CREATED).entity(view).build();
    }
}
