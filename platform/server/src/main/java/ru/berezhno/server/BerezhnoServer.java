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
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassfish.jersey.jetty.JettyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.berezhno.server.backup.ControlSocket;
import ru.berezhno.server.monitoring.Metrics;
import ru.berezhno.server.monitoring.Routes;
import ru.berezhno.server.http.ObjectMapperProvider;
import ru.berezhno.server.http.SubmissionHandler;
import ru.berezhno.server.pages.SiteAddress;

/** The HTTP server: Jetty carrying the Jersey application of a {@link Platform}, and anonymous submissions ahead of it. */
public final class BerezhnoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BerezhnoServer.class);
    private static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;
    private static final long HSTS_MAX_AGE_SECONDS = 365L * 24 * 3600;
    /** How long a stop waits for the requests under way to finish before it closes their connections. */
    static final long STOP_TIMEOUT_MILLIS = 20_000;

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
        this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(platform.settings().host());
        connector.setPort(platform.settings().port());
        jetty.addConnector(connector);
        this.secureConnector = platform.settings().tls() ? secureConnector(jetty, http, platform.settings()) : null;
        this.metrics = new Metrics(platform, Routes.of(ApiApplication.RESOURCES), platform.mapDbStore());
        JettyHttpContainer jersey = ContainerFactory.createContainer(JettyHttpContainer.class, new ApiApplication(platform,
                new SiteAddress(platform.settings().baseUrl(), () -> connector.getLocalPort()), metrics));
        // Anonymous submissions, the one request that comes in volume, are taken in ahead of Jersey.
        // The graceful handler counts the requests under way, so that a stop waits for them; every request is timed.
        Handler application = metrics.timed(jetty, new SubmissionHandler(platform.definitions(), platform.responses(),
                platform.actions(), new ObjectMapperProvider().getContext(Object.class), jersey));
        // With HTTPS, a request on the plain port is redirected to the same address on the secure one.
        jetty.setHandler(new GracefulHandler(secureConnector == null ? application : new SecuredRedirectHandler(application)));
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
