package ru.berezhno.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built {@code berezhno.jar} run as a separate process, the way the README runs it: {@code java
 * -jar …/berezhno.jar serve} in a working folder of the test's, with only the options a test
 * gives (the port, and whatever it checks). Its output goes to {@code server.log} in that folder.
 */
final class JarServer extends ServerClient implements AutoCloseable {
    /** The jar the build made (failsafe runs after {@code package}), from this module's folder. */
    static final Path JAR = Path.of(System.getProperty("berezhno.jar", "target/berezhno.jar")).toAbsolutePath().normalize();

    private final Process process;
    private final int port;
    private final Path adminTokenFile;
    private final Path log;

    private JarServer(Process process, int port, Path adminTokenFile, Path log) {
        this.process = process;
        this.port = port;
        this.adminTokenFile = adminTokenFile;
        this.log = log;
    }

    /**
     * Starts the jar in {@code workingFolder} with {@code --port} and {@code options}, and waits until
     * {@code /health} answers 200; {@code dataFolder} is where the test expects the data (to find the
     * admin token), as the working folder sees it.
     */
    static JarServer start(Path workingFolder, Path dataFolder, String... options) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("no jar at " + JAR + ": run the tests with 'mvn verify', which packages it first");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", JAR.toString(), "serve", "--port", String.valueOf(port)));
        command.addAll(List.of(options));
        Path log = workingFolder.resolve("server.log");
        Process process = new ProcessBuilder(command).directory(workingFolder.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        JarServer server = new JarServer(process, port, workingFolder.resolve(dataFolder).resolve("admin-token"), log);
        try {
            server.awaitHealthy();
        }
        catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
        return server;
    }

    private void awaitHealthy() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " during start-up:\n" + log());
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            }
            catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not answer /health within 60 s:\n" + log());
    }

    @Override
    String adminToken() {
        try {
            return Files.readString(adminTokenFile).strip();
        }
        catch (IOException e) {
            throw new IllegalStateException("no admin token at " + adminTokenFile + ":\n" + log(), e);
        }
    }

    @Override
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** What the server printed so far. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }
        catch (IOException e) {
            return "(the log cannot be read: " + e + ")";
        }
    }

    /** What a command of the jar (not {@code serve}) printed, and its exit status. */
    record Run(int status, String output) {
    }

    /** Runs a command of the jar in {@code workingFolder} to its end (at most two minutes), its output and errors together. */
    static Run run(Path workingFolder, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(workingFolder.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("'" + String.join(" ", arguments) + "' did not end within two minutes");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Kills the server with SIGKILL, as a crash would, and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not die within 30 s of SIGKILL");
        }
    }

    /** Sends SIGTERM, as a service manager stopping the server does, without waiting. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the server to end by itself; its exit status, or an assertion error after {@code seconds}. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not end within " + seconds + " s:\n" + log());
        }
        return process.exitValue();
    }

    int port() {
        return port;
    }

    /** Stops the server as a service manager would (SIGTERM) and returns its exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
