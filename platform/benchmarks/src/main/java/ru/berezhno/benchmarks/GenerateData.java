package ru.berezhno.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import ru.berezhno.core.organizations.Organization;
import ru.berezhno.server.Platform;
import ru.berezhno.server.ServerSettings;
import ru.berezhno.spi.SurveyDefinition;
import ru.berezhno.testing.CitizenResponseGenerator;

/**
 * Fills a data folder with deterministic citizen-satisfaction responses, through the same
 * repository the server writes with (responses, comments, counts, journal):
 * {@code java -cp benchmarks.jar ru.berezhno.benchmarks.GenerateData DATA_FOLDER [COUNT] [SEED]}.
 * Organisations: the first 20 of the bundled directory, Zipf-like.
 */
public final class GenerateData {
    static final int ORGANIZATIONS = 20;

    private GenerateData() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: GenerateData DATA_FOLDER [COUNT=1000000] [SEED=20221128] [DEFINITIONS=survey-definitions]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        long count = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 20221128L;
        Path definitions = Path.of(args.length > 3 ? args[3] : "survey-definitions");
        if (Files.exists(data.resolve("journal"))) {
            System.err.println(data + " already holds data; give an empty folder");
            System.exit(1);
        }
        generate(data, definitions, count, seed);
    }

    static void generate(Path data, Path definitions, long count, long seed) {
        ServerSettings settings = ServerSettings.defaults().withDataFolder(data).withDefinitionsFolder(definitions, null);
        long started = System.nanoTime();
        try (Platform platform = Platform.start(settings, Clock.systemUTC())) {
            SurveyDefinition definition = platform.definitions().latest("citizen-satisfaction").orElseThrow();
            List<String> organizations = platform.organizations().all().stream().map(Organization::id).limit(ORGANIZATIONS).toList();
            new CitizenResponseGenerator(definition, organizations, seed).store(platform.repository(), count, 10_000);
        }
        System.out.printf("generated %d responses in %s in %.1f s%n", count, data, (System.nanoTime() - started) / 1e9);
    }
}
