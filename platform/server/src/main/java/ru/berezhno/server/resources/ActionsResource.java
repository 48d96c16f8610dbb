package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.inject.Singleton;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.actions.Action;
import ru.berezhno.core.actions.ActionService;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.server.http.AuthenticationFilter;
import ru.berezhno.server.http.OrganizationScope;
import ru.berezhno.server.http.RequestBodies;

/**
 * Corrective actions raised by audits. Analysts, auditors and admins see every organisation's; a
 * coordinator sees and updates only their own organisation's.
 */
@Singleton
@Path("/api/v1/actions")
@Produces(MediaType.APPLICATION_JSON)
public final class ActionsResource {
    private static final Set<String> PATCH_FIELDS = Set.of("status", "owner", "due");
    private static final int MAXIMUM_OWNER = 200;

    private final ActionService actions;
    private final OrganizationDirectory organizations;

    @Inject
    public ActionsResource(ActionService actions, OrganizationDirectory organizations) {
        this.actions = requireNonNull(actions, "actions is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
    }

    @GET
    @RolesAllowed({"analyst", "auditor", "coordinator", "admin"})
    public Map<String, Object> list(@QueryParam("organization") String organization, @QueryParam("status") String status,
            @QueryParam("overdue") String overdue, @Context ContainerRequestContext context) {
        List<FieldError> errors = new ArrayList<>();
        if (organization != null && !organizations.contains(organization)) {
            errors.add(FieldError.of("organization", "error.unknownOrganization", organization));
        }
        if (status != null && Action.Status.fromId(status).isEmpty()) {
            errors.add(FieldError.of("status", "error.actionStatus"));
        }
        if (overdue != null && !overdue.equals("true") && !overdue.equals("false")) {
            errors.add(FieldError.of("overdue", "error.boolean"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Principal principal = AuthenticationFilter.principal(context);
        String only = OrganizationScope.visible(principal, organization);
        LocalDate today = actions.today();
        String organizationFilter = only;
        Predicate<Action> filter = action -> (organizationFilter == null || action.organization().equals(organizationFilter))
                && (status == null || action.status().id().equals(status))
                && (overdue == null || action.overdueOn(today) == overdue.equals("true"));
        List<Map<String, Object>> listed = actions.list(filter).stream().map(action -> view(action, today)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("today", today.toString());
        body.put("count", listed.size());
        body.put("overdue", listed.stream().filter(action -> Boolean.TRUE.equals(action.get("overdue"))).count());
        body.put("actions", listed);
        return body;
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"analyst", "auditor", "coordinator", "admin"})
    public Map<String, Object> get(@PathParam("id") String id, @Context ContainerRequestContext context) {
        Action action = actions.find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownAction", id));
        Principal principal = AuthenticationFilter.principal(context);
        if (principal.role() == Role.COORDINATOR && !action.organization().equals(principal.organization())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.otherOrganization");
        }
        return view(action, actions.today());
    }

    /** Changes an action's status, owner or due date; fields left out stay as they are. */
    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed({"auditor", "coordinator", "admin"})
    public Map<String, Object> update(@PathParam("id") String id, InputStream body, @Context ContainerRequestContext context) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode request = RequestBodies.object(body, PATCH_FIELDS, errors);
        ActionService.Patch patch = patch(request, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Action updated = actions.update(id, patch, AuthenticationFilter.principal(context));
        return view(updated, actions.today());
    }

    public static Map<String, Object> view(Action action, LocalDate today) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", action.id());
        view.put("survey", action.survey());
        view.put("response", action.response());
        view.put("organization", action.organization());
        view.put("subject", action.subject());
        view.put("item", action.source());
        view.put("text", action.text());
        view.put("owner", action.owner());
        view.put("due", action.due());
        view.put("status", action.status().id());
        view.put("overdue", action.overdueOn(today));
        view.put("createdAt", action.createdAt());
        view.put("history", action.history());
        return view;
    }

    /** The change a request asks for, with a field error for each bad field (the pages' forms use it too). */
    public static ActionService.Patch patch(JsonNode request, List<FieldError> errors) {
        Action.Status status = null;
        JsonNode statusNode = request.get("status");
        if (statusNode != null) {
            status = statusNode.isTextual() ? Action.Status.fromId(statusNode.asText()).orElse(null) : null;
            if (status == null) {
                errors.add(FieldError.of("status", "error.actionStatus"));
            }
        }
        String owner = null;
        JsonNode ownerNode = request.get("owner");
        if (ownerNode != null) {
            if (!ownerNode.isTextual() || ownerNode.asText().isBlank() || ownerNode.asText().length() > MAXIMUM_OWNER) {
                errors.add(FieldError.of("owner", "error.blankOwner"));
            }
            else {
                owner = ownerNode.asText();
            }
        }
        String due = null;
        JsonNode dueNode = request.get("due");
        if (dueNode != null) {
            try {
                if (!dueNode.isTextual()) {
                    throw new DateTimeParseException("not text", dueNode.toString(), 0);
                }
                due = LocalDate.parse(dueNode.asText()).toString();
            }
            catch (DateTimeParseException e) {
                errors.add(FieldError.of("due", "error.date"));
            }
        }
        return new ActionService.Patch(status, owner, due);
    }
}
