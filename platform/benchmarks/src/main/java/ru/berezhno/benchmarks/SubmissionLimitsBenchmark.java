package ru.berezhno.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import ru.berezhno.core.limits.SubmissionGate;
import ru.berezhno.core.limits.SubmissionLimits;
import ru.berezhno.server.http.ClientKeys;

/**
 * What the limits on anonymous submissions add to each one: the client's key (a keyed hash of its
 * address) and the gate's verdict (its token bucket and its organisation's window), with the limits
 * raised so that everything is taken in, from one address or from many, on two threads as the
 * server's request threads would. Compare with the server CPU a submission costs in all
 * ({@code cpu-per-request.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class SubmissionLimitsBenchmark {
    /** How many distinct client addresses the submissions come from. */
    @Param({"1", "10000"})
    public int clients;

    private ClientKeys keys;
    private SubmissionGate gate;
    private java.net.InetAddress[] addresses;
    private final String[] organizations = {"uer", "education", "culture", "finance", "social-protection", "land-property", "mku-zhkh", "ta-centralny"};

    @Setup
    public void setUp() {
        keys = new ClientKeys(List.of());
        gate = new SubmissionGate(SubmissionLimits.DEFAULTS.withClientRate("1000000/s").withClientBurst(1_000_000).withFloodFloor(1_000_000));
        addresses = new java.net.InetAddress[clients];
        for (int i = 0; i < clients; i++) {
            addresses[i] = ClientKeys.address("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
    }

    @State(Scope.Thread)
    public static class Counter {
        int next;
    }

    @Benchmark
    public SubmissionGate.Verdict keyAndVerdict(Counter counter) {
        int i = counter.next++;
        return gate.admit("citizen-satisfaction", organizations[i & 7], keys.key(addresses[i % addresses.length], List.of()));
    }
}
