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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
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
import ru.berezhno.server.ServerSettings;
import ru.berezhno.server.http.RequestBodies;

/** Tokens (admin only): issued, listed and revoked. */
@Singleton
@Path("/api/v1/tokens")
public final class TokensResource {
    private static final Set<String> FIELDS = Set.of("role", "name", "organization", "expires");
    private static final int MAX_NAME_LENGTH = 200;

    private final TokenService tokens;
    private final OrganizationDirectory organizations;
    private final java.time.Clock clock;
    private final java.time.ZoneId zone;

    @Inject
    public TokensResource(TokenService tokens, OrganizationDirectory organizations, ServerSettings settings, java.time.Clock clock) {
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.zone = settings.zone();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public Response issue(InputStream body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode request = RequestBodies.object(body, FIELDS, errors);
        java.time.LocalDate today = java.time.LocalDate.now(clock.withZone(zone));
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
        JsonNode expiresNode = request.get("expires");
        java.time.LocalDate expires = null;
        if (expiresNode != null && !expiresNode.isNull()) {
            try {
                expires = java.time.LocalDate.parse(expiresNode.isTextual() ? expiresNode.asText() : "");
                if (expires.isBefore(today)) {
                    errors.add(FieldError.of("expires", "error.dateInPast"));
                }
            }
            catch (java.time.format.DateTimeParseException e) {
                errors.add(FieldError.of("expires", "error.date"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Principal principal = new Principal(role.orElseThrow(), name, organization);
        String token = tokens.issue(principal, expires);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("token", token);
        view.put("id", TokenService.idOf(token));
        view.put("role", principal.role().id());
        view.put("name", principal.name());
        view.put("organization", principal.organization());
        view.put("expires", expires == null ? null : expires.toString());
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

    /** A token as listed: everything but the token itself, which is never kept. */
    public record TokenView(String id, String name, String role, String organization, String created, String expires, String lastUsed) {
    }

    /** Every token: its id, holder, role, organisation, the day issued, the last valid day and the last day used. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public List<TokenView> list() {
        return tokens.list().stream().map(issued -> new TokenView(issued.id(), issued.principal().name(), issued.principal().role().id(),
                issued.principal().organization(), issued.created(), issued.expires(), issued.lastUsed())).toList();
    }

    /** Revokes a token: it signs nobody in from now on, and the sessions it opened end. */
    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    public Response revoke(@PathParam("id") String id) {
        if (!id.matches("[0-9a-f]{16}") || !tokens.revoke(id)) {
            throw new ApiException(ru.berezhno.core.errors.ErrorCode.NOT_FOUND, "detail.unknownToken", id);
        }
        return Response.noContent().build();
    }
}
