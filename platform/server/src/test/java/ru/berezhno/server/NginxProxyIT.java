package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reverse-proxy configuration of docs/deploy.md, as it is written there, run by a real nginx
 * in front of the real server; only the ports, the certificate's paths and the upstream's port are
 * changed. {@code .ci/run} installs nginx; without it this test is skipped, saying so.
 */
class NginxProxyIT {
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path DEPLOY = Path.of("../../docs/deploy.md");

    @TempDir
    Path work;

    @Test
    void theDocumentedNginxConfigurationRedirectsToHttpsAddsHstsAndPassesAnswersButNotMetrics() throws Exception {
        assumeTrue(Files.isExecutable(NGINX), "nginx is not installed (apt-get install nginx; .ci/run does it)");
        String documented = Files.readString(DEPLOY);
        String block = documented.substring(documented.indexOf("<!-- nginx:begin -->"), documented.indexOf("<!-- nginx:end -->"));
        block = block.substring(block.indexOf("```nginx") + "```nginx".length(), block.lastIndexOf("```"));
        int plain = JarServer.freePort();
        int secure = JarServer.freePort();
        Path certificate = work.resolve("cert.pem");
        Path key = work.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                certificate.toString(), "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-days", "2")
                .redirectErrorStream(true).start();
        String opensslOutput = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor()).as(opensslOutput).isZero();

        try (TestServer server = TestServer.start(work.resolve("data"))) {
            String servers = block.replace("listen 80;", "listen 127.0.0.1:" + plain + ";")
                    .replace("listen 443 ssl;", "listen 127.0.0.1:" + secure + " ssl;")
                    .replace("/etc/ssl/berezhno/fullchain.pem", certificate.toString()).replace("/etc/ssl/berezhno/privkey.pem", key.toString())
                    .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + server.uri("/").getPort());
            assertThat(servers).as("the documented block was found and changed").contains("listen 127.0.0.1:" + secure + " ssl;");
            Path configuration = work.resolve("nginx.conf");
            Files.createDirectories(work.resolve("logs"));
            Files.writeString(configuration, "pid " + work.resolve("nginx.pid") + ";\nerror_log " + work.resolve("logs/error.log") + ";\n"
                    + "events {}\nhttp {\n  access_log off;\n  client_body_temp_path " + work.resolve("body") + ";\n  proxy_temp_path "
                    + work.resolve("proxy") + ";\n" + servers + "\n}\n");
            Process nginx = new ProcessBuilder(NGINX.toString(), "-p", work.toString(), "-c", configuration.toString(), "-g", "daemon off;")
                    .redirectErrorStream(true).redirectOutput(work.resolve("logs/nginx.out").toFile()).start();
            try {
                HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificate)).followRedirects(HttpClient.Redirect.NEVER).build();
                HttpResponse<String> health = awaitAnswer(client, URI.create("https://localhost:" + secure + "/health"), nginx);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");

                HttpResponse<String> redirected = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + plain + "/s/citizen-satisfaction"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(redirected.statusCode()).isEqualTo(301);
                assertThat(redirected.headers().firstValue("Location")).hasValue("https://localhost/s/citizen-satisfaction");

                HttpResponse<String> answered = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + secure
                        + "/api/v1/surveys/citizen-satisfaction/responses")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ApiIT.citizen("uer", 5, 10))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answered.statusCode()).as(answered.body()).isEqualTo(201);
                HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + secure
                        + "/s/citizen-satisfaction?org=uer")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
                HttpResponse<String> export = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + secure
                        + "/api/v1/surveys/citizen-satisfaction/export/responses.csv")).header("Authorization", "Bearer " + server.adminToken())
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(export.statusCode()).isEqualTo(200);
                assertThat(export.body().lines().findFirst()).as("the export passes the proxy (its one answer, a group of one, withheld)")
                        .hasValueSatisfying(header -> assertThat(header).contains("organization,period,version"));
                HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + secure + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).as("metrics stay inside").isEqualTo(404);
                assertThat(server.get("/metrics", null).status()).as("where Prometheus scrapes them").isEqualTo(200);
            }
            finally {
                nginx.destroy();
                nginx.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpResponse<String> awaitAnswer(HttpClient client, URI uri, Process nginx) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            }
            catch (java.io.IOException e) {
                if (!nginx.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("nginx did not answer (alive: " + nginx.isAlive() + ")", e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry("nginx", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        return TlsIT.trusting(store);
    }
}
