package ru.berezhno.server.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;

/**
 * Style sheets, scripts and images served from the jar itself: the server may have no internet,
 * so nothing comes from a CDN. Files are read once and kept in memory.
 */
@Path("/static")
public final class StaticResource {
    private static final String FOLDER = "ru/berezhno/server/static/";
    private static final Map<String, String> TYPES = Map.of("css", "text/css; charset=UTF-8", "js", "text/javascript; charset=UTF-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();

    @GET
    @Path("{name: [a-z0-9][a-z0-9.-]{0,80}}")
    public Response file(@PathParam("name") String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        byte[] content = type == null ? null : FILES.computeIfAbsent(name, StaticResource::read);
        if (content == null || content.length == 0) {
            throw new ApiException(ErrorCode.NOT_FOUND, "detail.notFound");
        }
        return Response.ok(content, type).header("Cache-Control", "public, max-age=3600").build();
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticResource.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
