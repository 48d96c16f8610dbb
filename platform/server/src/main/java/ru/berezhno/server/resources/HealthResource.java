package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
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
import ru.berezhno.server.ServerSettings;

/**
 * Liveness ({@code /health}) and readiness ({@code /ready}): both answer 200 while the server takes
 * answers, and 503 once the store has failed and refuses every write, so that a supervisor (systemd,
 * a load balancer, monitoring) sees it at once instead of a platform quietly turned read-only.
 * Readiness also needs room on the data folder's disk ({@code --min-free-disk-mb}): below it the
 * server still runs and answers, but a load balancer should send answers elsewhere and someone
 * should free space before the journal cannot grow. The body says why and what to do; the full
 * cause of a failure is in the log.
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
    private final ServerSettings settings;

    @Inject
    public HealthResource(Store store, ServerSettings settings) {
        this.store = requireNonNull(store, "store is null");
        this.settings = requireNonNull(settings, "settings is null");
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
        Response health = answer();
        if (health.getStatus() != 200) {
            return health;
        }
        long free;
        try {
            free = Files.getFileStore(settings.dataFolder()).getUsableSpace();
        }
        catch (IOException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(new Health("down", "the data folder's disk cannot be read: "
                    + e.getMessage(), "check the disk and the data folder " + settings.dataFolder())).build();
        }
        if (store.diskFull()) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(new Health("down", "the data folder's disk is full: answers are"
                    + " refused with 503 (everything acknowledged is safe)", "free space on the disk of " + settings.dataFolder()
                    + "; answers are taken again by themselves, without a restart")).build();
        }
        long minimum = settings.minimumFreeDiskMegabytes() * 1024 * 1024;
        if (free < minimum) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(new Health("down", "the data folder's disk has " + free / (1024 * 1024)
                    + " MiB free, less than the " + settings.minimumFreeDiskMegabytes() + " MiB kept (--min-free-disk-mb)",
                    "free space on the disk of " + settings.dataFolder() + " (old backups, logs), or give it a larger disk")).build();
        }
        return health;
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
