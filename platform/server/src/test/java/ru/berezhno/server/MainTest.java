package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theBundledDefinitionsPassCheckDefinitions() {
        assertThat(run("check-definitions", "--definitions", TestServer.DEFINITIONS.toString())).isEqualTo(Main.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("citizen-satisfaction version 1").contains("All definitions are valid.");
    }

    @Test
    void checkDefinitionsListsEveryProblemAndFails() throws IOException {
        Path definitions = brokenDefinitions();
        assertThat(run("check-definitions", "--definitions", definitions.toString())).isEqualTo(Main.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("citizen-satisfaction.yaml: sections[1].questions[0].max:")
                .contains("extra.yaml: kind: unknown kind 'nothing'");
    }

    @Test
    void theServerRefusesToStartOnAnInvalidDefinitionAndTouchesNoData() throws IOException {
        Path definitions = brokenDefinitions();
        Path data = folder.resolve("data");
        assertThat(run("serve", "--port", "0", "--data", data.toString(), "--definitions", definitions.toString())).isEqualTo(Main.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing to start").contains("extra.yaml");
        assertThat(data).doesNotExist();
    }

    @Test
    void problemsInTheDirectoryAndTheDefinitionsAreReportedTogether() throws IOException {
        Path definitions = brokenDefinitions();
        Files.writeString(definitions.resolve("directory/organizations.yaml"), "organizations:\n  - {id: uer, name: УЭР, parent: nowhere}\n");
        assertThat(run("serve", "--port", "0", "--data", folder.resolve("data").toString(), "--definitions", definitions.toString()))
                .isEqualTo(Main.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("organization 'uer': parent 'nowhere'").contains("extra.yaml: kind:");
    }

    @Test
    void theLimitsOnAnonymousSubmissionsAreOptionsListedByServeHelp() {
        assertThat(run("serve", "--help")).isEqualTo(Main.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--rate-limit RATE").contains("'off'").contains("--trusted-proxy");
        ServerSettings settings = Main.parse(new String[] {"serve", "--rate-limit", "2/s", "--rate-burst", "5", "--flood-floor", "40",
                "--rate-limit-daily", "50", "--trusted-proxy", "10.0.0.2, ::1"});
        assertThat(settings.submissionLimits().describe()).isEqualTo("2/s, burst 5, 50 a day, flood above 40 per 10 min");
        assertThat(settings.trustedProxies()).containsExactly("10.0.0.2", "0:0:0:0:0:0:0:1");
        assertThat(Main.parse(new String[] {"serve"}).submissionLimits().describe()).as("the default")
                .isEqualTo("30/min, burst 10, 300 a day, flood above 100 per 10 min");
        assertThat(Main.parse(new String[] {"serve", "--rate-limit", "off"}).submissionLimits().enabled()).isFalse();
        assertThat(run("serve", "--rate-limit", "many")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rate-limit: a rate is written as 30/min");
        assertThat(run("serve", "--trusted-proxy", "proxy.example")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not an IP address");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run("serve", "--port", "eighty")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port needs a whole number");
        assertThat(run("serve", "--min-group-size", "2")).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("must be at least 3");
        assertThat(run("launch")).isEqualTo(Main.USAGE);
        assertThat(run("--help")).isEqualTo(Main.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("check-definitions");
    }

    @Test
    void optionsReachTheSettings() {
        ServerSettings settings = Main.parse(new String[] {"serve", "--port", "9090", "--data", "/srv/b", "--definitions", "/etc/defs", "--zone",
                "Europe/Moscow", "--min-group-size", "7"});
        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.dataFolder()).isEqualTo(Path.of("/srv/b"));
        assertThat(settings.organizationsFile()).isEqualTo(Path.of("/etc/defs/directory/organizations.yaml"));
        assertThat(settings.zone().getId()).isEqualTo("Europe/Moscow");
        assertThat(settings.minimumGroupSize()).isEqualTo(7);
        assertThat(settings.minimumCommentGroupSize()).isEqualTo(8);
        ServerSettings defaults = Main.parse(new String[] {"serve"});
        assertThat(defaults.port()).isEqualTo(8080);
        assertThat(defaults.dataFolder()).as("relative defaults are taken against the working folder once, at start-up")
                .isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(defaults.definitionsFolder()).isEqualTo(Path.of("survey-definitions").toAbsolutePath());
        assertThat(defaults.organizationsFile()).isEqualTo(Path.of("survey-definitions/directory/organizations.yaml").toAbsolutePath());
        assertThat(defaults.zone().getId()).isEqualTo("Asia/Novokuznetsk");
    }

    @Test
    void settingsComeFromTheFileTheEnvironmentAndTheCommandLineEachOverridingTheOneBefore() throws IOException {
        Path file = folder.resolve("berezhno.yaml");
        Files.writeString(file, "port: 7070\ndata: /var/lib/berezhno\nbackup-dir: /var/backups/berezhno\nbackup-keep: 30\nzone: Europe/Moscow\n");
        java.util.Map<String, String> environment = java.util.Map.of("BEREZHNO_CONFIG", file.toString(), "BEREZHNO_BACKUP_KEEP", "20",
                "BEREZHNO_PORT", "6060");
        assertThat(Main.run(new String[] {"config", "--port", "5050"}, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(Main.OK);
        String effective = out.toString(StandardCharsets.UTF_8);
        assertThat(effective).contains("port: 5050    # command line --port")
                .contains("backup-keep: 20    # environment BEREZHNO_BACKUP_KEEP")
                .contains("backup-dir: /var/backups/berezhno    # file: backup-dir in " + file.toAbsolutePath())
                .contains("data: /var/lib/berezhno    # file:").contains("zone: Europe/Moscow").contains("min-group-size: 5    # default");
        Configuration configuration = Configuration.read(new String[] {"serve"}, environment);
        assertThat(configuration.settings().port()).isEqualTo(6060);
        assertThat(configuration.settings().backupKeep()).isEqualTo(20);
    }

    @Test
    void aBadSettingIsNamedWithWhereItCameFrom() throws IOException {
        Path file = folder.resolve("berezhno.yaml");
        Files.writeString(file, "prot: 7070\nmin-group-size: 2\n");
        assertThat(Main.run(new String[] {"serve", "--config", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("prot in " + file.toAbsolutePath() + ": unknown setting");
        assertThat(Main.run(new String[] {"serve"}, java.util.Map.of("BEREZHNO_MIN_GROUP_SIZE", "2"), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(Main.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("BEREZHNO_MIN_GROUP_SIZE must be at least 3");
    }

    /** The bundled definitions with one scale broken, plus a file of an unknown kind. */
    private Path brokenDefinitions() throws IOException {
        Path definitions = Files.createDirectories(folder.resolve("definitions"));
        Files.createDirectories(definitions.resolve("directory"));
        Files.copy(TestServer.DEFINITIONS.resolve("directory/organizations.yaml"), definitions.resolve("directory/organizations.yaml"));
        String citizens = Files.readString(TestServer.DEFINITIONS.resolve("citizen-satisfaction.yaml"));
        Files.writeString(definitions.resolve("citizen-satisfaction.yaml"), citizens.replaceFirst("max: 5", "max: 0"));
        Files.writeString(definitions.resolve("extra.yaml"), citizens.replace("id: citizen-satisfaction\n", "id: extra\n")
                .replace("kind: citizen-satisfaction", "kind: nothing"));
        return definitions;
    }
}
