package ru.berezhno.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.berezhno.core.responses.ResponseRepository;

/**
 * A real server for tests: Jetty on a free port of the loopback interface, a MapDB store in the
 * given folder, the bundled definitions; and a small HTTP client for it.
 */
final class TestServer implements AutoCloseable {
    static final Path DEFINITIONS = Path.of("../../survey-definitions").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BerezhnoServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String adminToken;

    private TestServer(BerezhnoServer server, String adminToken) {
        this.server = server;
        this.adminToken = adminToken;
    }

    static TestServer start(Path dataFolder) throws Exception {
        return start(dataFolder, Clock.systemUTC());
    }

    static TestServer start(Path dataFolder, Clock clock) throws Exception {
        return start(dataFolder, clock, DEFINITIONS);
    }

    /** A server on other definitions: a folder laid out as {@code survey-definitions}. */
    static TestServer start(Path dataFolder, Clock clock, Path definitions) throws Exception {
        return start(dataFolder, clock, definitions, settings -> settings);
    }

    /** A server with settings changed from the tests' defaults. */
    static TestServer start(Path dataFolder, Clock clock, Path definitions, java.util.function.UnaryOperator<ServerSettings> change) throws Exception {
        ServerSettings settings = change.apply(ServerSettings.defaults().withHost("127.0.0.1").withPort(0).withDataFolder(dataFolder)
                .withDefinitionsFolder(definitions, null));
        BerezhnoServer server = BerezhnoServer.start(Platform.start(settings, clock));
        return new TestServer(server, Files.readString(dataFolder.resolve("admin-token")).strip());
    }

    /** Copies the bundled definitions (with the directory and programmes) into a folder, to be changed by a test. */
    static void copyDefinitions(Path target) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(DEFINITIONS)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(DEFINITIONS.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                }
                else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    String adminToken() {
        return adminToken;
    }

    Platform platform() {
        return server.platform();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    long storedResponses() {
        return platform().definitions().latest().stream().mapToLong(definition -> platform().repository().count(definition.id())).sum();
    }

    /** Issues a token of a role through the API, as an administrator would. */
    String token(String role, String organization) throws IOException, InterruptedException {
        String body = organization == null ? JSON.writeValueAsString(Map.of("role", role, "name", "Тест " + role))
                : JSON.writeValueAsString(Map.of("role", role, "name", "Тест " + role, "organization", organization));
        Reply reply = post("/api/v1/tokens", "application/json", body, adminToken);
        if (reply.status() != 201) {
            throw new IllegalStateException("token not issued: " + reply);
        }
        return reply.json().get("token").asText();
    }

    Reply get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    Reply post(String path, String contentType, String body, String token) throws IOException, InterruptedException {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8), token);
    }

    Reply post(String path, String contentType, byte[] body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    HttpClient client() {
        return client;
    }

    Reply patch(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/merge-patch+json").timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(),
                response.headers().map());
    }

    @Override
    public void close() {
        server.close();
    }

    /** An HTTP answer. */
    record Reply(int status, String contentType, String body, Map<String, java.util.List<String>> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            }
            catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name)).map(entry -> entry.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }
}
