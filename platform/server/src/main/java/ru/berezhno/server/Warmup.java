package ru.berezhno.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ru.berezhno.server.http.ObjectMapperProvider;
import ru.berezhno.server.http.RolesAllowedFeature;
import ru.berezhno.storage.MapDbStore;
import ru.berezhno.server.pages.PageRenderer;

/**
 * Loads and initialises the web stack's classes (MapDB, Jersey, HK2, Jackson, Jetty) on a second thread
 * while the main thread opens the store and loads the definitions: on two cores this takes the
 * class loading of Jersey's start, most of the start-up time, off the critical path. Nothing it
 * builds is used; a failure here only costs the time it would have saved.
 */
final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    private Warmup() {
    }

    static void begin() {
        start("warm-up-storage", MapDbStore::warmUp);
        start("warm-up-web", Warmup::web);
    }

    private static void start(String name, Runnable work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            }
            catch (RuntimeException | LinkageError e) {
                LOG.debug("Warm-up failed; start-up is only slower", e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void web() {
        {
            ResourceConfig config = new ResourceConfig();
            config.register(JacksonFeature.withoutExceptionMappers());
            config.register(new ObjectMapperProvider());
            config.register(RolesAllowedFeature.class);
            config.register(Probe.class);
            new ApplicationHandler(config);
            new org.eclipse.jetty.server.Server().getClass();
            new PageRenderer();
        }
    }

    /** A resource for the throwaway application. */
    @Path("/")
    public static final class Probe {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String get() {
            return "";
        }
    }
}
