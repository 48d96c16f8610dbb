package ru.berezhno.server.http;

import static java.util.Objects.requireNonNull;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

import org.eclipse.jetty.server.Request;

import ru.berezhno.core.limits.SubmissionGate;

/**
 * Puts the client's key ({@link ClientKeys}) on every request that may submit an answer, as the
 * property {@link #CLIENT}, for the resources to pass to the limits on anonymous submissions.
 */
@Priority(Priorities.AUTHENTICATION)
public final class ClientKeyFilter implements ContainerRequestFilter {
    public static final String CLIENT = "berezhno.client";

    private final ClientKeys keys;
    private final Provider<Request> requests;

    @Inject
    public ClientKeyFilter(ClientKeys keys, Provider<Request> requests) {
        this.keys = requireNonNull(keys, "keys is null");
        this.requests = requireNonNull(requests, "requests is null");
    }

    @Override
    public void filter(ContainerRequestContext context) {
        if ("POST".equals(context.getMethod())) {
            context.setProperty(CLIENT, keys.key(requests.get()));
        }
    }

    /** The client's key of a request, or {@link SubmissionGate#UNKNOWN_CLIENT}. */
    public static long client(ContainerRequestContext context) {
        return context.getProperty(CLIENT) instanceof Long key ? key : SubmissionGate.UNKNOWN_CLIENT;
    }
}
