package ru.berezhno.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small HTTP client for a running server, in this JVM ({@link TestServer}) or in a process of
 * its own ({@link JarServer}): the requests the tests make, with the admin token at hand.
 */
abstract class ServerClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The token written to {@code admin-token} in the data folder on first start. */
    abstract String adminToken();

    /** The absolute address of a path on this server. */
    abstract URI uri(String path);

    /** Issues a token of a role through the API, as an administrator would. */
    String token(String role, String organization) throws IOException, InterruptedException {
        String body = organization == null ? JSON.writeValueAsString(Map.of("role", role, "name", "Тест " + role))
                : JSON.writeValueAsString(Map.of("role", role, "name", "Тест " + role, "organization", organization));
        Reply reply = post("/api/v1/tokens", "application/json", body, adminToken());
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
