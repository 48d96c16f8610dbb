package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.server.backup.BackupArchive;
import ru.berezhno.server.backup.BackupManifest;
import ru.berezhno.storage.DataFormat;

/**
 * A data folder made by the release before data formats were recorded (checked in under
 * {@code data-format-1/}, with what that server answered then): a newer server backs it up, upgrades
 * it, and answers the same; a folder of a newer format than this server's is refused.
 */
class DataFormatUpgradeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURE = Path.of("src/test/resources/data-format-1").toAbsolutePath();
    private static final String STAFF = "/api/v1/surveys/culture-self-diagnosis";

    @TempDir
    Path work;

    @Test
    void aFolderOfTodaysReleaseIsBackedUpThenUpgradedAndAnswersAsBefore() throws Exception {
        Path data = TestServer.copyTree(FIXTURE.resolve("data"), work.resolve("data"));
        JsonNode facts = JSON.readTree(FIXTURE.resolve("facts.json").toFile());
        assertThat(DataFormat.of(data)).isEqualTo(1);

        try (TestServer server = TestServer.start(data)) {
            assertThat(server.adminToken()).as("the admin token of the old folder").isEqualTo(facts.get("adminToken").asText());
            String token = server.adminToken();
            // The old server's results named every group's size; what results show has changed since (withheld groups show none),
            // so the responses themselves are compared, group by group.
            assertThat(counts(server, "citizen-satisfaction", true)).as("the citizens' responses as the old server counted them, by organisation")
                    .isEqualTo(counts(facts.get("citizenResults"), true));
            assertThat(counts(server, "culture-self-diagnosis", false)).as("the staff's, by round").isEqualTo(counts(facts.get("staffResults"), false));
            assertThat(server.get("/api/v1/surveys/five-s-office-audit/responses/" + facts.get("audit").asText(), token).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/surveys/lean-project-significance/responses/" + facts.get("scoresheet").asText(), token).status())
                    .isEqualTo(200);
            assertThat(server.get("/api/v1/surveys/lean-plan-quarterly/responses/" + facts.get("report").asText(), token).status())
                    .isEqualTo(200);
            assertThat(server.get("/api/v1/projects/" + facts.get("project").asText() + "/significance", token).status()).isEqualTo(200);
            assertThat(server.post(STAFF + "/responses", "application/json", ReadmeCommandIT.staffAnswer(server, facts.get("usedCode").asText()), null).status())
                    .as("the code used before the upgrade stays used").isEqualTo(409);
            assertThat(server.post(STAFF + "/responses", "application/json", ReadmeCommandIT.staffAnswer(server, facts.get("unusedCode").asText()), null).status())
                    .as("an unused one answers once").isEqualTo(201);
        }
        assertThat(DataFormat.of(data)).isEqualTo(DataFormat.CURRENT);
        List<Path> backups;
        try (Stream<Path> files = Files.list(data.resolve("backups"))) {
            backups = files.toList();
        }
        assertThat(backups).as("a backup was taken before the upgrade").singleElement()
                .satisfies(backup -> assertThat(backup.getFileName().toString()).startsWith("before-format-" + DataFormat.CURRENT + "-from-1-"));
        BackupManifest manifest = BackupArchive.verify(backups.get(0));
        assertThat(manifest.dataFormat()).isEqualTo(DataFormat.CURRENT);
        assertThat(manifest.surveys()).containsEntry("citizen-satisfaction", 12L).containsEntry("culture-self-diagnosis", 1L);

        // Restoring the pre-upgrade backup gives the old data back, to a newer server as well.
        Path restored = work.resolve("restored");
        BackupArchive.restore(backups.get(0), restored);
        try (TestServer server = TestServer.start(restored)) {
            assertThat(counts(server, "citizen-satisfaction", true)).isEqualTo(counts(facts.get("citizenResults"), true));
        }
    }

    /** Responses per organisation (or per period) as stored. */
    private static java.util.Map<String, Long> counts(TestServer server, String survey, boolean byOrganization) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        server.platform().repository().forEach(survey, response -> counts.merge(byOrganization ? response.organization() : response.period(), 1L,
                Long::sum));
        return counts;
    }

    /** Responses per organisation (or per period) as the old server's results gave them: every group with its size. */
    private static java.util.Map<String, Long> counts(JsonNode results, boolean byOrganization) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        results.get("groups").forEach(group -> {
            if (group.get("responses").asLong() > 0) {
                counts.merge(group.get(byOrganization ? "organization" : "period").asText(), group.get("responses").asLong(), Long::sum);
            }
        });
        return counts;
    }

    @Test
    void aFolderOfANewerFormatIsRefusedWithAMessageThatSaysWhatToDo() throws Exception {
        Path data = TestServer.copyTree(FIXTURE.resolve("data"), work.resolve("data"));
        Files.writeString(data.resolve("format.json"), "{\"format\": " + (DataFormat.CURRENT + 1) + "}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"serve", "--port", "0", "--host", "127.0.0.1", "--data", data.toString(), "--definitions",
                TestServer.DEFINITIONS.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(Main.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing to start").contains("format " + (DataFormat.CURRENT + 1))
                .contains("newer Berezhno").contains("Run the newer version");
        assertThat(data.resolve("backups")).as("nothing was done to it").doesNotExist();
    }
}
