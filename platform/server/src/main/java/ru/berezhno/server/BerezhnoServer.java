package ru.berezhno.server;

import static java.util.Objects.requireNonNull;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.berezhno.server.http.ClientKeys;
import ru.berezhno.server.http.ConnectionGuard;
import ru.berezhno.server.http.MinimumDataRateHandler;
import ru.berezhno.server.http.ObjectMapperProvider;
import ru.berezhno.server.http.SubmissionHandler;
import ru.berezhno.server.pages.FormSubmissionHandler;
import ru.berezhno.server.pages.PageFailures;
import ru.berezhno.server.pages.PageRenderer;
import ru.berezhno.server.pages.SiteAddress;

/** The HTTP server: Jetty carrying the Jersey application of a {@link Platform}, and anonymous submissions ahead of it. */
public final class BerezhnoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BerezhnoServer.class);
    private static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;
    /** A connection with nothing sent or received for this long is closed. */
    static final long IDLE_TIMEOUT_MILLIS = 20_000;
    /**
     * The slowest a request body may arrive, in bytes per second over the whole body after the
     * grace: a phone on a poor line sends a form far faster, while a client trickling bytes to keep a
     * request open is cut off instead of keeping it until it stops sending for the idle timeout.
     */
    static final long MIN_REQUEST_BYTES_PER_SECOND = 256;
    /** The time a body may take to get going before its rate counts. */
    static final long MIN_REQUEST_RATE_GRACE_MILLIS = 5_000;
    /** The most connections at once; beyond, Jetty stops accepting until some close. */
    static final int MAX_CONNECTIONS = 10_000;
    /** The idle timeout of connections while the server is at {@link #MAX_CONNECTIONS}. */
    static final long AT_LIMIT_IDLE_TIMEOUT_MILLIS = 2_000;
    /** The most connections one address may hold at once: a mobile operator's shared address is many phones. */
    static final int MAX_CONNECTIONS_PER_ADDRESS = 256;
    /** A connection must deliver its first request's headers this soon. */
    static final long FIRST_REQUEST_MILLIS = 20_000;
    /** A body of at most {@link #MAX_EAGER_BODY_BYTES} must be whole this soon after its request began, whatever its rate. */
    static final long MAX_BODY_MILLIS = 60_000;
    /** Bodies up to this size (every form and JSON submission) are read whole before a handler runs; imports stream on. */
    static final long MAX_EAGER_BODY_BYTES = 64 * 1024;

    private final Platform platform;
    private final Server jetty;
    private final ServerConnector connector;

    private BerezhnoServer(Platform platform) {
        this.platform = requireNonNull(platform, "platform is null");
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("http");
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        NetworkConnectionLimit limit = new NetworkConnectionLimit(MAX_CONNECTIONS, connector);
        // At the limit, connections idle for a moment go first.
        limit.setEndPointIdleTimeout(AT_LIMIT_IDLE_TIMEOUT_MILLIS);
        jetty.addBean(limit);
        connector.addBean(new ConnectionGuard(MAX_CONNECTIONS_PER_ADDRESS, FIRST_REQUEST_MILLIS, connector.getScheduler()));
        // Jetty's own error pages (for what never reaches a handler of ours) name no exception.
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowCauses(false);
        errors.setShowMessageInTitle(false);
        jetty.setErrorHandler(errors);
        connector.setHost(platform.settings().host());
        connector.setPort(platform.settings().port());
        jetty.addConnector(connector);
        ClientKeys clients = new ClientKeys(platform.settings().trustedProxies());
        JettyHttpContainer jersey = ContainerFactory.createContainer(JettyHttpContainer.class, new ApiApplication(platform,
                new SiteAddress(platform.settings().baseUrl(), () -> connector.getLocalPort()), clients));
        // Anonymous submissions, the requests that come in volume, are taken in ahead of Jersey: the JSON
        // API's and the respondents' form posts.
        Handler forms = new FormSubmissionHandler(platform.definitions(), platform.organizations(), platform.responses(), clients,
                new PageFailures(new PageRenderer()), jersey);
        Handler submissions = new SubmissionHandler(platform.definitions(), platform.responses(), platform.actions(),
                new ObjectMapperProvider().getContext(Object.class), clients, forms);
        // Request bodies are read without a thread, as they arrive, and only then handed on: a client
        // that trickles its body byte by byte holds a connection, never one of the threads that
        // Jersey's blocking reads would otherwise hold until the idle timeout.
        // (The second argument is a per-chunk framing overhead of the size estimate, not a count: zero,
        // so that a body trickled in tiny chunks is still read whole before the handler runs.)
        EagerContentHandler eager = new EagerContentHandler(submissions, new EagerContentHandler.RetainedContentLoaderFactory(
                MAX_EAGER_BODY_BYTES, 0, false));
        eager.includeMethod("POST", "PUT", "PATCH", "DELETE");
        jetty.setHandler(new MinimumDataRateHandler(eager, MIN_REQUEST_BYTES_PER_SECOND, MIN_REQUEST_RATE_GRACE_MILLIS, MAX_BODY_MILLIS,
                MAX_EAGER_BODY_BYTES));
        jetty.setStopAtShutdown(false);
    }

    /** Starts serving the platform; the platform is closed with the server. */
    public static BerezhnoServer start(Platform platform) throws Exception {
        BerezhnoServer server = new BerezhnoServer(platform);
        try {
            server.jetty.start();
        }
        catch (Exception e) {
            server.close();
            throw e;
        }
        LOG.info("Berezhno is listening on http://{}:{}/", platform.settings().host(), server.port());
        return server;
    }

    /** The port actually listened on (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public Platform platform() {
        return platform;
    }

    /** Stops accepting requests, lets those under way finish, then closes the store. */
    @Override
    public void close() {
        try {
            jetty.stop();
        }
        catch (Exception e) {
            LOG.warn("Stopping Jetty failed", e);
        }
        finally {
            platform.close();
        }
    }
}
