package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS on the embedded Jetty with a PKCS#12 keystore (made here by the JDK's keytool): answers
 * over TLS carry HSTS, the plain port redirects to the secure one, and a wrong password stops
 * start-up.
 */
class TlsIT {
    private static final String PASSWORD = "keystore-secret";

    @TempDir
    Path work;

    @Test
    void httpsAnswersWithHstsAndThePlainPortRedirectsToIt() throws Exception {
        Path keystore = keystore();
        int httpsPort = JarServer.freePort();
        try (TestServer server = TestServer.start(work.resolve("data"), Clock.systemUTC(), TestServer.DEFINITIONS,
                settings -> settings.toBuilder().tls(keystore, PASSWORD, httpsPort).build())) {
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");

            HttpResponse<String> submitted = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort
                    + "/api/v1/surveys/citizen-satisfaction/responses")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiIT.citizen("uer", 5, 10))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);

            HttpResponse<String> plain = client.send(HttpRequest.newBuilder(server.uri("/s/citizen-satisfaction?org=uer")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).as("the plain port only redirects").isBetween(301, 308);
            assertThat(plain.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                    .startsWith("https://").contains(":" + httpsPort + "/s/citizen-satisfaction?org=uer"));
            assertThat(plain.headers().firstValue("Strict-Transport-Security")).as("HSTS only over TLS").isEmpty();
        }
    }

    @Test
    void aWrongKeystorePasswordStopsStartUp() throws Exception {
        Path keystore = keystore();
        int port = JarServer.freePort();
        assertThatThrownBy(() -> TestServer.start(work.resolve("data"), Clock.systemUTC(), TestServer.DEFINITIONS,
                settings -> settings.toBuilder().tls(keystore, "not-the-password", port).build()))
                .hasStackTraceContaining("password");
    }

    private Path keystore() throws Exception {
        Path keystore = work.resolve("keystore.p12");
        if (Files.exists(keystore)) {
            return keystore;
        }
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "berezhno", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return trusting(store);
    }

    /** A TLS context that trusts the certificates of {@code store} and nothing else. */
    static SSLContext trusting(KeyStore store) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
