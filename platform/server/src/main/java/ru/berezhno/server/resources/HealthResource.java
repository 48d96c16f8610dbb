package ru.berezhno.server.resources;

import java.util.Map;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Liveness: answers as long as the server runs. */
@Singleton
@Path("/health")
public final class HealthResource {
    private static final Map<String, String> UP = Map.of("status", "up");

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> health() {
        return UP;
    }
}
