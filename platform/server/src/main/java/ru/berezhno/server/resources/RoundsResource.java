package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;

import jakarta.inject.Singleton;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.rounds.RoundService;
import ru.berezhno.server.http.RequestBodies;

/** Rounds of a survey run in rounds: listed by anyone, opened and closed by a coordinator or admin. */
@Singleton
@Path("/api/v1/surveys/{survey}/rounds")
@Produces(MediaType.APPLICATION_JSON)
public final class RoundsResource {
    private final RoundService rounds;

    @Inject
    public RoundsResource(RoundService rounds) {
        this.rounds = requireNonNull(rounds, "rounds is null");
    }

    @GET
    public List<Map<String, Object>> list(@PathParam("survey") String survey) {
        return rounds.rounds(survey).stream().map(RoundsResource::view).toList();
    }

    /** A round of a district-wide survey is opened and closed for everyone: by УЭР's analysts or an admin, never a unit's coordinator. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"analyst", "admin"})
    public Response open(@PathParam("survey") String survey, InputStream body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode request = RequestBodies.object(body, Set.of("id"), errors);
        JsonNode id = request.get("id");
        if (id == null || !id.isTextual() || !RoundService.ID.matcher(id.asText()).matches()) {
            errors.add(FieldError.of("id", "error.roundId"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return Response.status(Response.Status.CREATED).entity(view(rounds.open(survey, id.asText()))).build();
    }

    @POST
    @Path("{round}/close")
    @RolesAllowed({"analyst", "admin"})
    public Map<String, Object> close(@PathParam("survey") String survey, @PathParam("round") String round) {
        return view(rounds.close(survey, round));
    }

    private static Map<String, Object> view(RoundService.Round round) {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("id", round.id());
        view.put("status", round.open() ? "open" : "closed");
        return view;
    }
}
