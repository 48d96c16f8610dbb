package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoreException;

/**
 * Liveness ({@code /health}) and readiness ({@code /ready}): both answer 200 while the server takes
 * answers, and 503 once the store has failed and refuses every write, so that a supervisor (systemd,
 * a load balancer, monitoring) sees it at once instead of a platform quietly turned read-only. The
 * body says why and what to do; the full cause is in the log.
 */
@Singleton
@Path("/")
public final class HealthResource {
    /** What {@code /health} and {@code /ready} answer; a healthy server answers only its status. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Health(String status, String problem, String action) {
    }

    private static final Health UP = new Health("up", null, null);

    private final Store store;

    @Inject
    public HealthResource(Store store) {
        this.store = requireNonNull(store, "store is null");
    }

    @GET
    @Path("health")
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        return answer();
    }

    @GET
    @Path("ready")
    @Produces(MediaType.APPLICATION_JSON)
    public Response ready() {
        return answer();
    }

    private Response answer() {
        Optional<StoreException> failure = store.failure();
        if (failure.isEmpty()) {
            return Response.ok(UP).build();
        }
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .entity(new Health("down", "storage failure: every write is refused",
                        "answers acknowledged before are safe in the journal; remove the cause named in the log (disk space, permissions, "
                                + "a failing disk) and restart the server"))
                .build();
    }
}
