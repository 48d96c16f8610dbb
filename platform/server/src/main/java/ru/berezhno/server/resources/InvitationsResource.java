package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.invitations.InvitationService;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.server.http.AuthenticationFilter;
import ru.berezhno.server.http.RequestBodies;
import ru.berezhno.spi.SurveyDefinition;

/** Issues single-use invitation codes for a staff survey: a coordinator for their own organisation, or an admin. */
@Singleton
@Path("/api/v1/surveys/{survey}/invitations")
public final class InvitationsResource {
    private static final Set<String> FIELDS = Set.of("organization", "count");

    private final InvitationService invitations;
    private final DefinitionCatalog definitions;
    private final OrganizationDirectory organizations;

    @Inject
    public InvitationsResource(InvitationService invitations, DefinitionCatalog definitions, OrganizationDirectory organizations) {
        this.invitations = requireNonNull(invitations, "invitations is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"coordinator", "admin"})
    public Response issue(@PathParam("survey") String survey, InputStream body, @Context ContainerRequestContext context) {
        SurveyDefinition definition = definitions.latest(survey).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownSurvey", survey));
        List<FieldError> errors = new ArrayList<>();
        JsonNode request = RequestBodies.object(body, FIELDS, errors);
        JsonNode organization = request.get("organization");
        if (organization == null || !organization.isTextual()) {
            errors.add(FieldError.of("organization", "error.required"));
        }
        else if (!organizations.contains(organization.asText())) {
            errors.add(FieldError.of("organization", "error.unknownOrganization", organization.asText()));
        }
        JsonNode count = request.get("count");
        if (count == null || !count.isIntegralNumber() || count.asLong() < 1 || count.asLong() > InvitationService.MAXIMUM_COUNT) {
            errors.add(FieldError.of("count", "error.invitationCount", InvitationService.MAXIMUM_COUNT));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        if (!definition.audience().equals("staff")) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.noInvitations", survey);
        }
        Principal principal = AuthenticationFilter.principal(context);
        if (principal.role() == Role.COORDINATOR && !organization.asText().equals(principal.organization())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.otherOrganization");
        }
        List<String> codes = invitations.issue(survey, organization.asText(), count.asInt());
        return Response.status(Response.Status.CREATED).entity(Map.of("codes", codes)).build();
    }
}
