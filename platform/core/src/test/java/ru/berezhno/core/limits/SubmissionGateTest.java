package ru.berezhno.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import ru.berezhno.core.limits.SubmissionGate.Verdict;

class SubmissionGateTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void aClientGetsItsBurstThenTheRateAndOthersAreNotHeldUp() {
        SubmissionGate gate = new SubmissionGate(SubmissionLimits.DEFAULTS, now::get);
        for (int i = 0; i < 10; i++) {
            assertThat(gate.admit("s", "uer", 42)).as("within the burst of 10").isEqualTo(Verdict.ACCEPT);
        }
        assertThat(gate.admit("s", "uer", 42)).isEqualTo(Verdict.CLIENT_OVER_LIMIT);
        assertThat(gate.admit("s", "uer", 43)).as("another client").isEqualTo(Verdict.ACCEPT);
        advance(Duration.ofSeconds(2));
        assertThat(gate.admit("s", "uer", 42)).as("30 a minute: one more after two seconds").isEqualTo(Verdict.ACCEPT);
        assertThat(gate.admit("s", "uer", 42)).isEqualTo(Verdict.CLIENT_OVER_LIMIT);
        advance(Duration.ofMinutes(5));
        int taken = 0;
        while (gate.admit("s", "uer", 42) == Verdict.ACCEPT) {
            taken++;
        }
        assertThat(taken).as("a quiet spell refills the burst, never more").isEqualTo(10);
        assertThat(gate.admit("s", "uer", SubmissionGate.UNKNOWN_CLIENT)).as("an unknown client has no bucket").isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void aFloodIsCountedPerOrganisationAndWindowAndItsFloorGrowsWithTheUsualRate() {
        SubmissionGate gate = new SubmissionGate(SubmissionLimits.OFF.withClientRate("1000/s").withClientBurst(1000).withClientDaily(1_000_000)
                .withFloodFloor(20), now::get);
        long client = 1;
        for (int i = 0; i < 20; i++) {
            assertThat(gate.admit("s", "uer", client++)).isEqualTo(Verdict.ACCEPT);
        }
        assertThat(gate.admit("s", "uer", client++)).as("the 21st in ten minutes").isEqualTo(Verdict.ORGANISATION_FLOOD);
        assertThat(gate.admit("s", "education", client++)).as("another organisation").isEqualTo(Verdict.ACCEPT);
        assertThat(gate.admit("other", "uer", client++)).as("another survey").isEqualTo(Verdict.ACCEPT);
        advance(Duration.ofMinutes(10));
        assertThat(gate.admit("s", "uer", client++)).as("a new window").isEqualTo(Verdict.ACCEPT);
        // A day of busy windows (15 per window) raises the usual rate; ten times it is then above the floor.
        for (int window = 0; window < 1_000; window++) {
            advance(Duration.ofMinutes(10));
            for (int i = 0; i < 15; i++) {
                assertThat(gate.admit("s", "uer", client++)).isEqualTo(Verdict.ACCEPT);
            }
        }
        advance(Duration.ofMinutes(10));
        int taken = 0;
        while (gate.admit("s", "uer", client++) == Verdict.ACCEPT) {
            taken++;
        }
        assertThat(taken).as("ten times the usual 15 per window").isBetween(140, 150);
    }

    @Test
    void aSustainedFloodNeverBecomesTheUsualRate() {
        SubmissionGate gate = new SubmissionGate(SubmissionLimits.OFF.withClientRate("1000/s").withClientBurst(1000).withClientDaily(1_000_000)
                .withFloodFloor(20), now::get);
        long client = 1;
        for (int window = 0; window < 24 * 6; window++) {
            advance(Duration.ofMinutes(10));
            for (int i = 0; i < 500; i++) {
                gate.admit("s", "uer", client++);
            }
        }
        advance(Duration.ofMinutes(10));
        int taken = 0;
        while (gate.admit("s", "uer", client++) == Verdict.ACCEPT) {
            taken++;
        }
        assertThat(taken).as("after a day of floods the window still takes only the floor").isEqualTo(20);
    }

    @Test
    void oneClientGetsAtMostHalfTheFloodFloorInAWindowAndItsDailyCap() {
        SubmissionGate gate = new SubmissionGate(SubmissionLimits.DEFAULTS.withClientRate("1000/s").withClientBurst(1000).withFloodFloor(40)
                .withClientDaily(50), now::get);
        int taken = 0;
        while (gate.admit("s", "uer", 9) == Verdict.ACCEPT) {
            taken++;
        }
        assertThat(taken).as("half the floor of 40").isEqualTo(20);
        for (long other = 100; other < 120; other++) {
            assertThat(gate.admit("s", "uer", other)).as("the window is no flood: others still get in").isEqualTo(Verdict.ACCEPT);
        }
        advance(Duration.ofMinutes(10));
        taken = 0;
        while (gate.admit("s", "education", 9) == Verdict.ACCEPT) {
            taken++;
        }
        assertThat(taken).as("the next window's 20").isEqualTo(20);
        advance(Duration.ofMinutes(10));
        taken = 0;
        while (gate.admit("s", "culture", 9) == Verdict.ACCEPT) {
            taken++;
        }
        assertThat(taken).as("only what is left of the day's 50").isEqualTo(10);
        advance(Duration.ofMinutes(10));
        assertThat(gate.admit("s", "culture", 9)).as("the day's cap is spent").isEqualTo(Verdict.CLIENT_OVER_LIMIT);
        advance(Duration.ofDays(1));
        assertThat(gate.admit("s", "culture", 9)).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void aClientOverItsLimitDoesNotMakeTheOrganisationAFlood() {
        SubmissionGate gate = new SubmissionGate(SubmissionLimits.DEFAULTS.withFloodFloor(20), now::get);
        for (int i = 0; i < 1_000; i++) {
            gate.admit("s", "uer", 7);
        }
        for (long client = 100; client < 110; client++) {
            assertThat(gate.admit("s", "uer", client)).as("one script's excess is its own").isEqualTo(Verdict.ACCEPT);
        }
    }

    @Test
    void offTakesEverythingAndMemoryIsBoundedWithIdleBucketsForgotten() {
        SubmissionGate off = new SubmissionGate(SubmissionLimits.OFF, now::get);
        for (int i = 0; i < 1_000; i++) {
            assertThat(off.admit("s", "uer", 1)).isEqualTo(Verdict.ACCEPT);
        }
        SubmissionGate gate = new SubmissionGate(SubmissionLimits.DEFAULTS, now::get);
        for (long client = 1; client <= 5_000; client++) {
            gate.admit("s", "uer", client);
        }
        assertThat(gate.clientsTracked()).isEqualTo(5_000);
        advance(Duration.ofHours(1));
        assertThat(gate.clientsTracked()).as("idle clients' buckets are forgotten").isZero();
    }

    @Test
    void ratesAreReadAsWritten() {
        assertThat(SubmissionLimits.DEFAULTS.withClientRate("2/s").describe()).isEqualTo("2/s, burst 10, 300 a day, flood above 100 per 10 min");
        assertThat(SubmissionLimits.DEFAULTS.withClientRate("600/h").clientPeriod()).isEqualTo(Duration.ofHours(1));
        assertThat(SubmissionLimits.DEFAULTS.withClientRate("off").enabled()).isFalse();
        for (String bad : new String[] {"30", "0/min", "30/day", "-1/s", "1e9/s", ""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubmissionLimits.DEFAULTS.withClientRate(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
