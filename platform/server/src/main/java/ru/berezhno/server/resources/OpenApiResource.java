package ru.berezhno.server.resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The API described: the OpenAPI 3.1 document checked in beside the code ({@code openapi.json},
 * held to the routes Jersey has both ways by {@code OpenApiTest}), and a page that renders it
 * with Swagger UI from its WebJar, under a policy that allows scripts of this origin only and
 * fetches of this origin only.
 */
@Singleton
@Path("/")
public final class OpenApiResource {
    static final String DOCUMENT = "ru/berezhno/server/openapi.json";
    private static final String PAGE = "ru/berezhno/server/api-docs.html";
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final byte[] document = read(DOCUMENT);
    private final byte[] page = read(PAGE);

    @GET
    @Path("api/v1/openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response document() {
        return Response.ok(document).header("Cache-Control", "no-cache").build();
    }

    @GET
    @Path("api-docs")
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        return Response.ok(page).header("Content-Security-Policy", PAGE_POLICY).build();
    }

    static byte[] read(String resource) {
        try (InputStream in = OpenApiResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + resource);
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
