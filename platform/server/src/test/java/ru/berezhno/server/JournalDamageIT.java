package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case measured before this was fixed, through the built jar: 200 answers, one byte flipped
 * halfway through the journal's segment, {@code mapdb/} and {@code logs/} removed to force a
 * rebuild. Start-up once kept 99 answers and called the rest an unfinished write; now it refuses,
 * naming the file and the offset, and {@code --salvage} keeps the 199 whole ones.
 */
class JournalDamageIT {
    private static final String CITIZENS = "/api/v1/surveys/citizen-satisfaction/responses";
    private static final String RESULTS = "/api/v1/surveys/citizen-satisfaction/results";

    @TempDir
    Path work;

    @Test
    void damageInTheMiddleOfTheJournalStopsStartUpAndSalvageKeepsEveryWholeRecord() throws Exception {
        Path data = work.resolve("data");
        String definitions = TestServer.DEFINITIONS.toString();
        try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", definitions, "--rate-limit", "off")) {
            for (int i = 0; i < 200; i++) {
                assertThat(server.post(CITIZENS, "application/json", ApiIT.citizen("uer", 1 + i % 5, i % 11), null).status()).isEqualTo(201);
            }
            server.stop();
        }
        Path segment = data.resolve("journal/segment-00000001.log");
        byte[] content = Files.readAllBytes(segment);
        content[content.length / 2] ^= 0x20;
        Files.write(segment, content);
        deleteTree(data.resolve("mapdb"));
        deleteTree(data.resolve("logs"));

        JarServer.Run refused = JarServer.run(work, "serve", "--port", "0", "--data", data.toString(), "--definitions", definitions, "--rate-limit", "off");
        assertThat(refused.status()).as(refused.output()).isEqualTo(Main.INVALID);
        assertThat(refused.output()).contains("refusing to start").contains(segment.toString()).contains("is damaged at byte")
                .contains("whole records follow").contains("--salvage").contains("berezhno.jar restore").doesNotContain("unfinished record");
        assertThat(Files.readAllBytes(segment)).as("refusing changes nothing").isEqualTo(content);

        try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", definitions, "--rate-limit", "off", "--salvage")) {
            assertThat(server.get(RESULTS, server.adminToken()).json().get("responses").asLong()).as("all but the damaged answer").isEqualTo(199);
            assertThat(server.log()).contains("Salvaging the journal: 1 journal record(s)");
            server.stop();
        }
        try (JarServer server = JarServer.start(work, data, "--data", data.toString(), "--definitions", definitions, "--rate-limit", "off")) {
            assertThat(server.get(RESULTS, server.adminToken()).json().get("responses").asLong()).as("salvaged once, started as usual after")
                    .isEqualTo(199);
            server.stop();
        }
        JarServer.Run verify = JarServer.run(work, "verify", "--data", data.toString());
        assertThat(verify.status()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("gap").contains("left by salvaging");
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
