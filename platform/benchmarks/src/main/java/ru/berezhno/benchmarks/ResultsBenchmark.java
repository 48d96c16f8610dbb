package ru.berezhno.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import ru.berezhno.core.results.Results;
import ru.berezhno.core.results.ResultsQuery;
import ru.berezhno.server.Platform;
import ru.berezhno.server.ServerSettings;

/**
 * The heaviest results call, in process: one survey, grouped by organisation × quarter over every
 * question. The data folder ({@code -Dberezhno.data}, default {@code target/bench-data-<responses>})
 * is generated on first use and reused after.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class ResultsBenchmark {
    @Param("1000000")
    public long responses;

    private Platform platform;
    private final ResultsQuery heaviest = new ResultsQuery(null, null, EnumSet.allOf(ResultsQuery.Dimension.class));

    @Setup(Level.Trial)
    public void open() {
        Path data = Path.of(System.getProperty("berezhno.data", "target/bench-data-" + responses));
        Path definitions = Path.of(System.getProperty("berezhno.definitions", "survey-definitions"));
        if (!Files.exists(data.resolve("journal"))) {
            GenerateData.generate(data, definitions, responses, 20221128L);
        }
        platform = Platform.start(ServerSettings.defaults().withDataFolder(data).withDefinitionsFolder(definitions, null), Clock.systemUTC());
        long stored = platform.results().results("citizen-satisfaction", new ResultsQuery(null, null, EnumSet.noneOf(ResultsQuery.Dimension.class)))
                .responses();
        if (stored != responses) {
            throw new IllegalStateException(data + " holds " + stored + " responses, not " + responses);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        platform.close();
    }

    @Benchmark
    public Results groupedByOrganizationAndQuarter() {
        return platform.results().results("citizen-satisfaction", heaviest);
    }
}
