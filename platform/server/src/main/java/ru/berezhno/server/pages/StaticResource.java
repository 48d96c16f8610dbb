package ru.berezhno.server.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;
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
@Singleton
@Path("/static")
public final class StaticResource {
    private static final String FOLDER = "ru/berezhno/server/static/";
    private static final Map<String, String> TYPES = Map.of("css", "text/css; charset=UTF-8", "js", "text/javascript; charset=UTF-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    /** Files of well-kept libraries, from their WebJars on the class path. */
    private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/" + webJarVersion("org.webjars", "swagger-ui") + "/";
    private static final Map<String, String> VENDORED = Map.of("echarts.min.js",
            "META-INF/resources/_static/echarts/" + webJarVersion("org.mvnpm", "echarts") + "/dist/echarts.min.js",
            "swagger-ui-bundle.js", SWAGGER_UI + "swagger-ui-bundle.js", "swagger-ui.css", SWAGGER_UI + "swagger-ui.css");

    @GET
    @Path("{name: [a-z0-9][a-z0-9.-]{0,80}}")
    public Response file(@PathParam("name") String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        byte[] content = type == null ? null : content(name);
        if (content == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "detail.notFound");
        }
        return Response.ok(content, type).header("Cache-Control", "public, max-age=3600").build();
    }

    /** A WebJar's version from its Maven metadata, so that the version lives only in the POM. */
    private static String webJarVersion(String group, String artifact) {
        try (InputStream in = StaticResource.class.getClassLoader().getResourceAsStream("META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                return "missing";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "missing");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file's content, read once and kept; null for a name the jar does not hold, which is never
     * kept, so that asking for any number of made-up names costs no memory.
     */
    private static byte[] content(String name) {
        byte[] cached = FILES.get(name);
        if (cached != null) {
            return cached;
        }
        byte[] content = read(name);
        if (content != null) {
            FILES.putIfAbsent(name, content);
        }
        return content;
    }

    private static byte[] read(String name) {
        String path = VENDORED.getOrDefault(name, FOLDER + name);
        try (InputStream in = StaticResource.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many files are kept in memory (for tests: it must not grow with requests for missing names). */
    static int cached() {
        return FILES.size();
    }
}
