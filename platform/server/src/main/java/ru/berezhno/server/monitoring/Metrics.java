package ru.berezhno.server.monitoring;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.jetty12.server.DefaultJettyCoreRequestTagsProvider;
import io.micrometer.jetty12.server.JettyCoreRequestTagsProvider;
import io.micrometer.jetty12.server.TimedHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;

import ru.berezhno.core.responses.Batch;
import ru.berezhno.core.responses.Batches;
import ru.berezhno.server.Platform;
import ru.berezhno.spi.SurveyDefinition;
import ru.berezhno.storage.MapDbStore;

/**
 * What {@code /metrics} shows, in Prometheus's text format, through Micrometer: requests by route
 * template, method and status with latency histograms; the journal's fsync time and batch size;
 * the responses accepted per survey (never per organisation: the counts of a small group could
 * name its members); the store's state; the JVM (heap, GC, threads), the process, and the free
 * space of the data folder's file system; Jetty's threads and connections.
 *
 * <p>Quarantined responses (held by the submission limits in batches, until an administrator
 * accepts or discards them) are shown per survey as they stand at each scrape.
 */
public final class Metrics implements AutoCloseable {
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    /** What the Jetty 12 timed handler calls its timer of requests. */
    static final String REQUESTS = "jetty.server.requests";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Routes routes;

    public Metrics(Platform platform, Routes routes, MapDbStore store) {
        this.routes = routes;
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals(REQUESTS) || id.getName().equals("berezhno.journal.fsync")) {
                    return DistributionStatisticConfig.builder().serviceLevelObjectives(java.util.Arrays.stream(LATENCY_BUCKETS)
                            .mapToDouble(Duration::toNanos).toArray()).build().merge(config);
                }
                return config;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new DiskSpaceMetrics(platform.settings().dataFolder().toFile()).bindTo(registry);

        Timer fsync = Timer.builder("berezhno.journal.fsync").description("time to append a batch to the journal and fsync it")
                .register(registry);
        DistributionSummary batches = DistributionSummary.builder("berezhno.journal.batch.size")
                .description("submissions sharing one fsync (group commit)").serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 1024, 4096)
                .register(registry);
        store.journalListener((writes, nanos) -> {
            fsync.record(nanos, TimeUnit.NANOSECONDS);
            batches.record(writes);
        });
        Gauge.builder("berezhno.store.failed", store, s -> s.failure().isPresent() ? 1 : 0)
                .description("1 once the store has failed and refuses every write (see the log)").register(registry);
        Gauge.builder("berezhno.store.disk.full", store, s -> s.diskFull() ? 1 : 0)
                .description("1 while writes are refused for want of disk space (taken again once there is room)").register(registry);
        Gauge.builder("berezhno.backup.last.made.timestamp", platform.backups(), backups -> backups.lastMade())
                .description("when the last backup file was made since start (seconds since the epoch; 0: none yet)").baseUnit("seconds")
                .register(registry);
        for (SurveyDefinition definition : platform.definitions().latest()) {
            String survey = definition.id();
            FunctionCounter.builder("berezhno.responses.accepted", platform.repository(), repository -> repository.count(survey))
                    .description("responses stored, per survey").tag("survey", survey).register(registry);
            Gauge.builder("berezhno.responses.quarantined", platform.batches(), held -> held(held, survey))
                    .description("anonymous responses held in quarantine batches for an administrator's decision, per survey")
                    .tag("survey", survey).register(registry);
        }
    }

    /** The responses of {@code survey} held in quarantine batches now. */
    private static double held(Batches batches, String survey) {
        return batches.list().stream().filter(summary -> summary.batch().survey().equals(survey))
                .filter(summary -> summary.batch().kind() == Batch.Kind.QUARANTINE && summary.batch().status() == Batch.Status.HELD)
                .mapToLong(Batches.Summary::responses).sum();
    }

    /** Times every request, tagged with its route's template, ahead of {@code next}; and binds Jetty's threads and connections. */
    public Handler timed(Server jetty, Handler next) {
        new JettyServerThreadPoolMetrics(jetty.getThreadPool(), Tags.empty()).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(jetty, registry);
        DefaultJettyCoreRequestTagsProvider standard = new DefaultJettyCoreRequestTagsProvider();
        JettyCoreRequestTagsProvider tags = request -> Tags.of(standard.getTags(request))
                .and("route", routes.template(request.getMethod(), Request.getPathInContext(request)));
        TimedHandler timed = new TimedHandler(registry, Tags.empty(), tags);
        timed.setHandler(next);
        return timed;
    }

    /** The metrics in Prometheus's text format. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
