package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.storage.MapDbStore;

/**
 * Backups of a running server, as an administrator makes them: the built jar serving, the
 * {@code backup}, {@code restore} and {@code verify} commands run as processes of their own
 * beside it, and {@code POST /api/v1/admin/backups}. A backup taken while answers pour in holds
 * every answer acknowledged before it began; restored into a new folder, it serves the same
 * results and exports; a damaged archive is refused, saying so; a kill -9 in the middle of a backup
 * leaves the data folder whole.
 */
class BackupIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("\"id\":\"([A-Za-z0-9_-]+)\"");
    private static final String CITIZENS = "/api/v1/surveys/citizen-satisfaction/responses";
    private static final String RESULTS = "/api/v1/surveys/citizen-satisfaction/results?groupBy=organization,period";
    private static final String EXPORT = "/api/v1/surveys/citizen-satisfaction/export/responses.csv";

    @TempDir
    Path work;

    @Test
    void aBackupTakenUnderLoadHoldsEveryAnswerAcknowledgedBeforeItAndRestoresToTheSameResultsAndExports() throws Exception {
        Path data = work.resolve("data");
        Path backups = work.resolve("backups");
        String definitions = TestServer.DEFINITIONS.toString();
        Set<String> beforeBackup;
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        String usedCode;
        String audit;
        String quietResults;
        List<String> quietExport;
        String quietBackup;
        try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", definitions, "--rate-limit", "off", "--backup-dir",
                backups.toString(), "--backup-keep", "2")) {
            usedCode = staffAnswerWithACode(server);
            ServerClient.Reply audited = server.post("/api/v1/surveys/five-s-office-audit/responses", "application/json",
                    FiveSAuditIT.workedAudit(), server.token("auditor", null));
            audit = audited.json().get("id").asText();
            try (Load load = new Load(server, 4, acknowledged)) {
                load.awaitAcknowledged(500);
                beforeBackup = Set.copyOf(acknowledged);
                JarServer.Run backup = JarServer.run(work, "backup", "--data", data.toString(), "--to", work.resolve("under-load.zip").toString());
                assertThat(backup.status()).as(backup.output()).isZero();
                assertThat(backup.output()).contains("writes the backup").contains("citizen-satisfaction: ");
                load.awaitAcknowledged(beforeBackup.size() + 500);
            }
            assertThat(acknowledged.size()).as("answers went on being taken during the backup").isGreaterThan(beforeBackup.size() + 400);

            JarServer.Run verify = JarServer.run(work, "verify", "--data", data.toString());
            assertThat(verify.status()).as(verify.output()).isZero();
            assertThat(verify.output()).contains("running server").contains("citizen-satisfaction: " + (acknowledged.size()))
                    .contains("OK: every checksum matches");

            // Quiet now: a backup through the API must give back exactly what the server serves.
            quietResults = server.get(RESULTS, server.adminToken()).body();
            quietExport = sortedLines(server.get(EXPORT, server.adminToken()).body());
            for (int i = 0; i < 3; i++) {
                ServerClient.Reply made = server.post("/api/v1/admin/backups", null, new byte[0], server.adminToken());
                assertThat(made.status()).as(made.body()).isEqualTo(201);
                assertThat(made.json().get("surveys").get("citizen-satisfaction").asLong()).isEqualTo(acknowledged.size());
                Thread.sleep(1100);
            }
            JsonNode listed = server.get("/api/v1/admin/backups", server.adminToken()).json();
            assertThat(listed).as("--backup-keep 2 keeps the newest two").hasSize(2);
            quietBackup = listed.get(0).get("name").asText();
            assertThat(server.stop()).isIn(0, 143);
        }

        Path restored = work.resolve("restored");
        JarServer.Run restore = JarServer.run(work, "restore", "--from", work.resolve("under-load.zip").toString(), "--data", restored.toString());
        assertThat(restore.status()).as(restore.output()).isZero();
        assertThat(restore.output()).contains("every checksum matches");
        List<String> inBackup = citizenIds(restored);
        assertThat(inBackup).as("no answer twice").doesNotHaveDuplicates();
        assertThat(inBackup).as("every answer acknowledged before the backup began").containsAll(beforeBackup);
        assertThat(acknowledged).as("and nothing that was not acknowledged").containsAll(inBackup);
        try (JarServer server = JarServer.start(work, restored, "--data", restored.toString(), "--definitions", definitions, "--rate-limit", "off")) {
            String analyst = server.token("analyst", null);
            assertThat(server.get("/api/v1/surveys/five-s-office-audit/responses/" + audit, analyst).status()).isEqualTo(200);
            assertThat(server.post("/api/v1/surveys/culture-self-diagnosis/responses", "application/json", ReadmeCommandIT.staffAnswer(server, usedCode), null)
                    .status()).as("a used invitation code stays used in the restored folder").isEqualTo(409);
            assertThat(server.get(RESULTS, analyst).json().get("responses").asLong()).isEqualTo(inBackup.size());
            server.stop();
        }

        Path quiet = work.resolve("quiet");
        JarServer.Run restoreQuiet = JarServer.run(work, "restore", "--from", backups.resolve(quietBackup).toString(), "--data", quiet.toString());
        assertThat(restoreQuiet.status()).as(restoreQuiet.output()).isZero();
        try (JarServer server = JarServer.start(work, quiet, "--data", quiet.toString(), "--definitions", definitions, "--rate-limit", "off")) {
            assertThat(server.get(RESULTS, server.adminToken()).body()).as("the same results, to the last digit").isEqualTo(quietResults);
            assertThat(sortedLines(server.get(EXPORT, server.adminToken()).body())).as("the same export").isEqualTo(quietExport);
            assertThat(server.log()).doesNotContain("ERROR");
            server.stop();
        }
    }

    @Test
    void aDamagedOrIncompleteArchiveIsRefusedSayingSoAndAFolderInUseIsNotRestoredInto() throws Exception {
        Path data = work.resolve("data");
        try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", TestServer.DEFINITIONS.toString(), "--rate-limit", "off")) {
            for (int i = 0; i < 200; i++) {
                assertThat(server.post(CITIZENS, "application/json", ApiIT.citizen("uer", 1 + i % 5, i % 11), null).status()).isEqualTo(201);
            }
            assertThat(JarServer.run(work, "backup", "--data", data.toString(), "--to", work.resolve("good.zip").toString()).status()).isZero();
            JarServer.Run again = JarServer.run(work, "backup", "--data", data.toString(), "--to", work.resolve("good.zip").toString());
            assertThat(again.status()).as("an existing archive is never overwritten").isEqualTo(1);
            assertThat(again.output()).contains("exists");
            server.stop();
        }
        byte[] good = Files.readAllBytes(work.resolve("good.zip"));
        byte[] flipped = good.clone();
        // A byte of the journal's compressed bytes, a little after its entry's local header (whose name comes first in the file).
        int journal = new String(good, StandardCharsets.ISO_8859_1).indexOf("data/journal/segment-00000001.log");
        flipped[journal + 200] ^= 0x10;
        Files.write(work.resolve("flipped.zip"), flipped);
        Files.write(work.resolve("cut.zip"), java.util.Arrays.copyOf(good, good.length / 2));

        JarServer.Run damaged = JarServer.run(work, "restore", "--from", work.resolve("flipped.zip").toString(), "--data", work.resolve("a").toString());
        assertThat(damaged.status()).isEqualTo(1);
        assertThat(damaged.output()).contains("flipped.zip is damaged");
        assertThat(work.resolve("a")).as("nothing restored from a damaged archive").doesNotExist();

        JarServer.Run cut = JarServer.run(work, "restore", "--from", work.resolve("cut.zip").toString(), "--data", work.resolve("b").toString());
        assertThat(cut.status()).isEqualTo(1);
        assertThat(cut.output()).contains("cut.zip is damaged or incomplete");

        JarServer.Run notEmpty = JarServer.run(work, "restore", "--from", work.resolve("good.zip").toString(), "--data", data.toString());
        assertThat(notEmpty.status()).isEqualTo(1);
        assertThat(notEmpty.output()).contains("is not empty");
    }

    @Test
    void aKillNineInTheMiddleOfABackupLeavesTheDataFolderWholeAndNoArchiveBehind() throws Exception {
        Path data = work.resolve("data");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Path target = work.resolve("killed.zip");
        Path partial = work.resolve("killed.zip.partial");
        try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", TestServer.DEFINITIONS.toString(), "--rate-limit", "off")) {
            try (Load load = new Load(server, 4, acknowledged)) {
                load.awaitAcknowledged(3000);
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                        JarServer.JAR.toString(), "backup", "--data", data.toString(), "--to", target.toString()));
                Process backup = new ProcessBuilder(command).redirectErrorStream(true).start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!(Files.exists(partial) && Files.size(partial) > 0) && backup.isAlive() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                server.kill();
                String output = new String(backup.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(backup.waitFor(60, TimeUnit.SECONDS)).isTrue();
                System.out.printf("kill -9 during a backup: the backup command ended with %d after %d answers%n", backup.exitValue(),
                        acknowledged.size());
                if (backup.exitValue() == 0) {
                    // The backup was done before the kill: it must then be whole.
                    assertThat(JarServer.run(work, "restore", "--from", target.toString(), "--data", work.resolve("r").toString()).status()).isZero();
                }
                else {
                    assertThat(output).contains("the backup failed");
                    assertThat(target).as("no archive is left that could be taken for a backup").doesNotExist();
                }
                assertThat(partial).doesNotExist();
            }
        }
        JarServer.Run verify = JarServer.run(work, "verify", "--data", data.toString());
        assertThat(verify.status()).as(verify.output()).isZero();
        try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", TestServer.DEFINITIONS.toString(), "--rate-limit", "off")) {
            assertThat(server.log()).doesNotContain("ERROR");
            server.stop();
        }
        assertThat(citizenIds(data)).as("every acknowledged answer is there after the kill").containsAll(acknowledged).doesNotHaveDuplicates();
    }

    @Test
    void verifyOfAStoppedFolderNamesTheDamagedFileAndFails() throws Exception {
        Path data = work.resolve("data");
        try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", TestServer.DEFINITIONS.toString(), "--rate-limit", "off")) {
            for (int i = 0; i < 20; i++) {
                assertThat(server.post(CITIZENS, "application/json", ApiIT.citizen("uer", 4, 9), null).status()).isEqualTo(201);
            }
            server.stop();
        }
        JarServer.Run clean = JarServer.run(work, "verify", "--data", data.toString());
        assertThat(clean.status()).as(clean.output()).isZero();
        assertThat(clean.output()).contains("stopped server").contains("citizen-satisfaction: 20").contains("logs: 1 file(s), 20 records");

        Path log = data.resolve("logs/responses/citizen-satisfaction.log");
        byte[] content = Files.readAllBytes(log);
        content[content.length / 2] ^= 0x01;
        Files.write(log, content);
        JarServer.Run damaged = JarServer.run(work, "verify", "--data", data.toString());
        assertThat(damaged.status()).isEqualTo(1);
        assertThat(damaged.output()).contains(log.toString()).contains("DAMAGED");
    }

    /** Opens a staff round, issues a code, answers with it; returns the used code. */
    private static String staffAnswerWithACode(ServerClient server) throws Exception {
        String staff = "/api/v1/surveys/culture-self-diagnosis";
        assertThat(server.post(staff + "/rounds", "application/json", "{\"id\": \"2026-H2\"}", server.adminToken()).status()).isEqualTo(201);
        String code = server.post(staff + "/invitations", "application/json", "{\"organization\": \"uer\", \"count\": 1}", server.adminToken())
                .json().get("codes").get(0).asText();
        assertThat(server.post(staff + "/responses", "application/json", ReadmeCommandIT.staffAnswer(server, code), null).status()).isEqualTo(201);
        return code;
    }

    private static List<String> sortedLines(String csv) {
        return csv.lines().sorted().toList();
    }

    /** The ids of the citizen answers stored in a data folder no server uses. */
    static List<String> citizenIds(Path data) {
        List<String> ids = new ArrayList<>();
        try (MapDbStore store = MapDbStore.open(data)) {
            store.scanLog(ResponseRepository.COLLECTION, "citizen-satisfaction", value -> {
                try {
                    ids.add(JSON.readTree(value).get("id").asText());
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return ids;
    }

    /** Threads submitting citizen answers of random ratings until closed, collecting the ids acknowledged. */
    static final class Load implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final Set<String> acknowledged;

        Load(ServerClient server, int threadCount, Set<String> acknowledged) {
            this.acknowledged = acknowledged;
            for (int t = 0; t < threadCount; t++) {
                Random random = new Random(t);
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        HttpRequest request = HttpRequest.newBuilder(server.uri(CITIZENS)).header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(
                                        ApiIT.citizen(random.nextBoolean() ? "uer" : "education", 1 + random.nextInt(5), random.nextInt(11))))
                                .build();
                        try {
                            HttpResponse<String> response = server.client().send(request, HttpResponse.BodyHandlers.ofString());
                            Matcher matcher = ID.matcher(response.body());
                            if (response.statusCode() == 201 && matcher.find()) {
                                acknowledged.add(matcher.group(1));
                            }
                        }
                        catch (IOException e) {
                            // The server was killed or is stopping: what was acknowledged is what counts.
                        }
                        catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }, "load-" + t);
                thread.start();
                threads.add(thread);
            }
        }

        void awaitAcknowledged(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + acknowledged.size() + " answers acknowledged in 60 s");
                }
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }
}
