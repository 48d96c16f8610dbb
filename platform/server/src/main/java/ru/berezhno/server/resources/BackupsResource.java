package ru.berezhno.server.resources;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.server.api.BackupViews;
import ru.berezhno.server.backup.Backups;

/**
 * Backups for administrators: make one now into the backup folder (as the daily schedule does,
 * with the same retention), list them, download one.
 */
@Singleton
@jakarta.ws.rs.Path("/api/v1/admin/backups")
public final class BackupsResource {
    private final Backups backups;

    @Inject
    public BackupsResource(Backups backups) {
        this.backups = requireNonNull(backups, "backups is null");
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public Response create() throws IOException {
        requireFolder();
        Backups.Made made = backups.create();
        String name = made.file().getFileName().toString();
        return Response.created(URI.create("/api/v1/admin/backups/" + name))
                .entity(new BackupViews.Made(name, Files.size(made.file()), made.manifest().created(), made.manifest().journalPoint(),
                        made.manifest().sequence(), made.manifest().surveys()))
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    public List<BackupViews.Listed> list() throws IOException {
        requireFolder();
        return backups.list().stream().map(file -> new BackupViews.Listed(file.name(), file.bytes(), file.modified().toString())).toList();
    }

    @GET
    @jakarta.ws.rs.Path("{name}")
    @Produces("application/zip")
    @RolesAllowed("admin")
    public Response download(@PathParam("name") String name) {
        requireFolder();
        Path file = backups.file(name).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.notFound"));
        StreamingOutput body = out -> Files.copy(file, out);
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    private void requireFolder() {
        if (!backups.hasFolder()) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.noBackupFolder");
        }
    }
}
