package ru.berezhno.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import ru.berezhno.core.limits.SubmissionLimits;
import ru.berezhno.core.responses.ResponseRepository;

/**
 * A real server for tests: Jetty on a free port of the loopback interface, a MapDB store in the
 * given folder, the bundled definitions; and a small HTTP client for it.
 */
final class TestServer extends ServerClient implements AutoCloseable {
    static final Path DEFINITIONS = Path.of("../../survey-definitions").toAbsolutePath().normalize();

    private final BerezhnoServer server;
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
        // The tests submit many answers from one address: the limits are off unless a test sets them.
        ServerSettings settings = change.apply(ServerSettings.defaults().withHost("127.0.0.1").withPort(0).withDataFolder(dataFolder)
                .withDefinitionsFolder(definitions, null).withSubmissionLimits(SubmissionLimits.OFF));
        BerezhnoServer server = BerezhnoServer.start(Platform.start(settings, clock));
        return new TestServer(server, Files.readString(dataFolder.resolve("admin-token")).strip());
    }

    /** Copies the bundled definitions (with the directory and programmes) into a folder, to be changed by a test. */
    static void copyDefinitions(Path target) throws IOException {
        copyTree(DEFINITIONS, target);
    }

    /** Copies a folder with everything in it; returns the copy. */
    static Path copyTree(Path source, Path target) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                }
                else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    @Override
    String adminToken() {
        return adminToken;
    }

    Platform platform() {
        return server.platform();
    }

    @Override
    URI uri(String path) {
        String host = server.platform().settings().host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + path);
    }

    long storedResponses() {
        return platform().definitions().latest().stream().mapToLong(definition -> platform().repository().count(definition.id())).sum();
    }

    @Override
    public void close() {
        server.close();
    }
}
