package ru.berezhno.server.monitoring;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@code /metrics} in Prometheus's text format. It names no person and no organisation; keep it
 * to the monitoring network all the same (docs/deploy.md: the reverse proxy does not pass it on).
 */
@Singleton
@Path("/metrics")
public final class MetricsResource {
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final Metrics metrics;

    @Inject
    public MetricsResource(Metrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @GET
    @Produces(TEXT_FORMAT)
    public String scrape() {
        return metrics.scrape();
    }
}
