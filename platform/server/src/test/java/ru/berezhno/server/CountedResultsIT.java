package ru.berezhno.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.berezhno.core.organizations.Organization;
import ru.berezhno.core.results.ResultsQuery;
import ru.berezhno.core.results.ResultsQuery.Dimension;
import ru.berezhno.spi.SurveyDefinition;
import ru.berezhno.testing.CitizenResponseGenerator;

/**
 * Results from the incrementally kept counts equal, to the last bit, results recomputed by reading
 * every response; also after a restart, when the counts come from disk.
 */
class CountedResultsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ResultsQuery> QUERIES = List.of(
            new ResultsQuery(null, null, Set.of()),
            new ResultsQuery(null, null, EnumSet.of(Dimension.ORGANIZATION)),
            new ResultsQuery(null, null, EnumSet.of(Dimension.PERIOD)),
            new ResultsQuery(null, null, EnumSet.of(Dimension.ORGANIZATION, Dimension.PERIOD)),
            new ResultsQuery("uer", null, EnumSet.of(Dimension.PERIOD)),
            new ResultsQuery(null, "2025-Q3", EnumSet.of(Dimension.ORGANIZATION)),
            new ResultsQuery("council", "2024-Q1", Set.of()));

    @TempDir
    Path data;

    @Test
    void countedResultsEqualAFullScan() throws Exception {
        try (TestServer server = TestServer.start(data)) {
            Platform platform = server.platform();
            SurveyDefinition definition = platform.definitions().latest("citizen-satisfaction").orElseThrow();
            List<String> organizations = platform.organizations().all().stream().map(Organization::id).toList();
            new CitizenResponseGenerator(definition, organizations, 7L).store(platform.repository(), 20_000, 1_000);
            for (int i = 0; i < 30; i++) {
                assertThat(server.post("/api/v1/surveys/citizen-satisfaction/responses", "application/json",
                        ApiIT.citizen(i % 2 == 0 ? "uer" : "council", 1 + i % 5, i % 11), null).status()).isEqualTo(201);
            }
            assertSameResults(platform);
        }
        try (TestServer restarted = TestServer.start(data)) {
            assertSameResults(restarted.platform());
            assertThat(restarted.platform().results().results("citizen-satisfaction", QUERIES.get(0)).responses()).isEqualTo(20_030);
        }
    }

    private static void assertSameResults(Platform platform) {
        FullScanResults reference = new FullScanResults(platform.definitions(), platform.plugins(), platform.repository(), platform.organizations(),
                platform.settings().minimumGroupSize());
        for (ResultsQuery query : QUERIES) {
            JsonNode counted = JSON.valueToTree(platform.results().results("citizen-satisfaction", query));
            // Comments are a random sample in the counted path; the reference leaves them out.
            counted.findParents("comments").forEach(question -> ((com.fasterxml.jackson.databind.node.ObjectNode) question).remove("comments"));
            JsonNode scanned = JSON.valueToTree(reference.results("citizen-satisfaction", query));
            assertThat(counted).as("results for " + query).isEqualTo(scanned);
            assertThat(counted.get("groups").size()).isPositive();
        }
    }
}
