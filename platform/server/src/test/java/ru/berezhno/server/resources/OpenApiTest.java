package ru.berezhno.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import ru.berezhno.server.ApiApplication;
import ru.berezhno.server.monitoring.Routes;

/**
 * The checked-in API description and the routes Jersey has, both ways: a route of the API without
 * its description fails, and so does a description of a route that is not there. The routes are
 * read by Jersey's own model from the production application's resource classes.
 */
class OpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OPERATIONS_OUTSIDE_THE_API = Set.of("/health", "/ready", "/metrics");

    @Test
    void everyRouteOfTheApiIsDescribedAndEveryDescribedRouteExists() throws IOException {
        Set<String> routes = new TreeSet<>();
        for (Routes.Route route : Routes.of(ApiApplication.RESOURCES).all()) {
            String path = route.template().replaceAll("\\{([a-zA-Z][a-zA-Z0-9_]*)\\s*:[^{}]*(\\{[^{}]*}[^{}]*)*}", "{$1}");
            if (path.startsWith("/api/") || OPERATIONS_OUTSIDE_THE_API.contains(path)) {
                routes.add(route.method() + " " + path);
            }
        }
        Set<String> described = new TreeSet<>();
        JsonNode document = document();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));

        Set<String> undescribed = new TreeSet<>(routes);
        undescribed.removeAll(described);
        Set<String> missing = new TreeSet<>(described);
        missing.removeAll(routes);
        assertThat(undescribed).as("routes Jersey has that openapi.json does not describe").isEmpty();
        assertThat(missing).as("routes openapi.json describes that Jersey does not have").isEmpty();
        assertThat(routes).as("the routes were read at all").hasSizeGreaterThan(30);
    }

    @Test
    void everyOperationSaysWhatItDoesAndAnswersProblemsInTheOneErrorSchema() throws IOException {
        JsonNode document = document();
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        JsonNode problem = document.at("/components/schemas/Problem");
        assertThat(problem.at("/properties/errors/items/required").toString()).isEqualTo("[\"field\",\"message\"]");
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(operation -> {
                String name = operation.getKey() + " " + path.getKey();
                assertThat(operation.getValue().path("summary").asText()).as(name + ": summary").isNotBlank();
                assertThat(operation.getValue().at("/responses/default/content/application~1problem+json/schema/$ref").asText())
                        .as(name + ": problems as application/problem+json").isEqualTo("#/components/schemas/Problem");
                operation.getValue().path("parameters").forEach(parameter -> {
                    if (parameter.get("in").asText().equals("path")) {
                        assertThat(path.getKey()).as(name + ": its path names the parameter").contains("{" + parameter.get("name").asText() + "}");
                    }
                });
            });
        }
    }

    private static JsonNode document() throws IOException {
        return JSON.readTree(OpenApiResource.read(OpenApiResource.DOCUMENT));
    }
}
