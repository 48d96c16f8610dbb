package ru.berezhno.server;

import static java.util.Objects.requireNonNull;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.SecuredRedirectHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.berezhno.server.backup.ControlSocket;
import ru.berezhno.server.http.ClientKeys;
import ru.berezhno.server.http.ConnectionGuard;
import ru.berezhno.server.http.MinimumDataRateHandler;
import ru.berezhno.server.monitoring.Metrics;
import ru.berezhno.server.monitoring.Routes;
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
    private static final long HSTS_MAX_AGE_SECONDS = 365L * 24 * 3600;
    /** How long a stop waits for the requests under way to finish before it closes their connections. */
    static final long STOP_TIMEOUT_MILLIS = 20_000;
    /**
     * The idle timeout of connections while a stop drains them (Jetty's default is 1 s): a phone on a
     * poor line still sending its answer when the service stops gets it saved; a client trickling
     * bytes is cut off by the minimum data rate all the same.
     */
    static final long DRAIN_IDLE_TIMEOUT_MILLIS = 5_000;
    /** The idle timeout at a stop with no request under way. */
    private static final long IDLE_AT_STOP_MILLIS = 100;
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

    private final GracefulHandler graceful;
    private final Platform platform;
    private final Server jetty;
    private final ServerConnector connector;
    private final ServerConnector secureConnector;
    private final Metrics metrics;
    private ControlSocket controlSocket;

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
        connector.setShutdownIdleTimeout(DRAIN_IDLE_TIMEOUT_MILLIS);
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
        this.secureConnector = platform.settings().tls() ? secureConnector(jetty, http, platform.settings()) : null;
        NetworkConnectionLimit limit = secureConnector == null ? new NetworkConnectionLimit(MAX_CONNECTIONS, connector)
                : new NetworkConnectionLimit(MAX_CONNECTIONS, connector, secureConnector);
        // At the limit, connections idle for a moment go first.
        limit.setEndPointIdleTimeout(AT_LIMIT_IDLE_TIMEOUT_MILLIS);
        jetty.addBean(limit);
        this.metrics = new Metrics(platform, Routes.of(ApiApplication.RESOURCES), platform.mapDbStore());
        ClientKeys clients = new ClientKeys(platform.settings().trustedProxies());
        SiteAddress site = new SiteAddress(platform.settings().baseUrl(), () -> connector.getLocalPort());
        JettyHttpContainer jersey = ContainerFactory.createContainer(JettyHttpContainer.class, new ApiApplication(platform, site, clients, metrics));
        // Anonymous submissions, the requests that come in volume, are taken in ahead of Jersey: the JSON
        // API's and the respondents' form posts.
        Handler forms = new FormSubmissionHandler(platform.definitions(), platform.organizations(), platform.responses(), clients,
                new PageFailures(new PageRenderer()), site, jersey);
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
        Handler application = metrics.timed(jetty, new MinimumDataRateHandler(eager, MIN_REQUEST_BYTES_PER_SECOND,
                MIN_REQUEST_RATE_GRACE_MILLIS, MAX_BODY_MILLIS, MAX_EAGER_BODY_BYTES));
        // The graceful handler counts the requests under way, so that a stop waits for them; every request is timed.
        // With HTTPS, a request on the plain port is redirected to the same address on the secure one.
        this.graceful = new GracefulHandler(secureConnector == null ? application : new SecuredRedirectHandler(application));
        jetty.setHandler(graceful);
        jetty.setStopTimeout(STOP_TIMEOUT_MILLIS);
        jetty.setStopAtShutdown(false);
    }

    /**
     * The HTTPS connector: the PKCS#12 keystore of the settings, and HSTS for a year on every
     * answer over it (Jetty's {@link SecureRequestCustomizer}); the plain configuration learns the
     * secure port for its redirects.
     */
    private static ServerConnector secureConnector(Server jetty, HttpConfiguration http, ServerSettings settings) {
        http.setSecureScheme("https");
        http.setSecurePort(settings.httpsPort());
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setStsMaxAge(HSTS_MAX_AGE_SECONDS);
        // The certificate names the public host; a probe on the loopback address must still get an answer.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(settings.tlsKeystore().toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(settings.tlsKeystorePassword());
        ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        connector.setHost(settings.host());
        connector.setPort(settings.httpsPort());
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        connector.setShutdownIdleTimeout(DRAIN_IDLE_TIMEOUT_MILLIS);
        connector.addBean(new ConnectionGuard(MAX_CONNECTIONS_PER_ADDRESS, FIRST_REQUEST_MILLIS, connector.getScheduler()));
        jetty.addConnector(connector);
        return connector;
    }

    /** Starts serving the platform; the platform is closed with the server. */
    public static BerezhnoServer start(Platform platform) throws Exception {
        BerezhnoServer server = new BerezhnoServer(platform);
        try {
            server.jetty.start();
            server.controlSocket = ControlSocket.open(platform.settings().dataFolder(), platform.backups());
            platform.backups().startSchedule();
        }
        catch (Exception e) {
            server.close();
            throw e;
        }
        LOG.info("Berezhno is listening on http://{}:{}/", platform.settings().host(), server.port());
        if (server.secureConnector != null) {
            LOG.info("… and on https://{}:{}/ (the plain port redirects there)", platform.settings().host(), server.securePort());
        }
        return server;
    }

    /** The port actually listened on (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The HTTPS port actually listened on, or -1 without HTTPS. */
    public int securePort() {
        return secureConnector == null ? -1 : secureConnector.getLocalPort();
    }

    public Platform platform() {
        return platform;
    }

    /**
     * Drains: stops accepting connections (and answers 503 to new requests on open ones), lets the
     * requests under way finish for up to {@value #STOP_TIMEOUT_MILLIS} ms, then closes the store,
     * which commits what it applied. Every answer acknowledged is in the journal whatever happens.
     */
    @Override
    public void close() {
        long started = System.nanoTime();
        if (controlSocket != null) {
            controlSocket.close();
        }
        if (graceful.getCurrentRequestCount() == 0) {
            // Nothing under way: the connections left are idle between requests, and need not be given time.
            for (org.eclipse.jetty.server.Connector each : jetty.getConnectors()) {
                if (each instanceof org.eclipse.jetty.server.AbstractConnector abstractConnector) {
                    abstractConnector.setShutdownIdleTimeout(IDLE_AT_STOP_MILLIS);
                }
            }
        }
        try {
            jetty.stop();
        }
        catch (Exception e) {
            LOG.warn("Stopping Jetty within {} ms failed; the requests still under way were cut off", STOP_TIMEOUT_MILLIS, e);
        }
        finally {
            metrics.close();
            platform.close();
        }
        LOG.info("Stopped in {} ms: requests under way finished, the store closed", (System.nanoTime() - started) / 1_000_000);
    }
}
