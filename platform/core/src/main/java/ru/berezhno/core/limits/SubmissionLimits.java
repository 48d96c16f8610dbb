package ru.berezhno.core.limits;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many anonymous submissions are taken in before the rest are held in quarantine: per client
 * (a rate with a burst, at most half the flood floor within a flood window, so that no one client
 * makes a flood on its own, and a daily cap), and per organisation of a survey (a floor per window,
 * raised to ten times the organisation's usual rate when that is higher). {@link #OFF} takes
 * everything, for benchmarks and load tests.
 *
 * @param perClient submissions a client may make per {@code clientPeriod}, on average
 * @param clientBurst submissions a client may make at once, after a quiet spell
 * @param perClientDaily submissions a client may make within a day
 * @param floodFloor submissions to one organisation of a survey within {@code floodWindow} that never count as a flood
 */
public record SubmissionLimits(boolean enabled, int perClient, Duration clientPeriod, int clientBurst, int perClientDaily, int floodFloor,
        Duration floodWindow) {
    /**
     * The defaults: generous enough for a shared office network or a mobile operator's shared
     * address (30 a minute, bursts of 10, 300 a day), far below what a script sends.
     */
    public static final SubmissionLimits DEFAULTS = new SubmissionLimits(true, 30, Duration.ofMinutes(1), 10, 300, 100, Duration.ofMinutes(10));
    public static final SubmissionLimits OFF = new SubmissionLimits(false, 0, Duration.ofMinutes(1), 0, 0, 0, Duration.ofMinutes(10));
    private static final Pattern RATE = Pattern.compile("(\\d{1,9})/(s|sec|min|h|hour)");

    public SubmissionLimits {
        if (enabled && (perClient < 1 || clientBurst < 1 || perClientDaily < 1 || floodFloor < 2 || clientPeriod.isNegative() || clientPeriod.isZero()
                || floodWindow.isNegative() || floodWindow.isZero())) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * A client rate as written on the command line: {@code 30/min}, {@code 2/s}, {@code 600/h}, or
     * {@code off}. The burst and the flood floor stay as they are.
     */
    public SubmissionLimits withClientRate(String text) {
        if ("off".equals(text)) {
            return OFF;
        }
        Matcher matcher = RATE.matcher(text == null ? "" : text);
        if (!matcher.matches() || Integer.parseInt(matcher.group(1)) < 1) {
            throw new IllegalArgumentException("a rate is written as 30/min, 2/s or 600/h, or off; got '" + text + "'");
        }
        Duration period = switch (matcher.group(2)) {
            case "s", "sec" -> Duration.ofSeconds(1);
            case "min" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        SubmissionLimits base = enabled ? this : DEFAULTS;
        return new SubmissionLimits(true, Integer.parseInt(matcher.group(1)), period, base.clientBurst, base.perClientDaily, base.floodFloor,
                base.floodWindow);
    }

    public SubmissionLimits withClientBurst(int burst) {
        SubmissionLimits base = enabled ? this : DEFAULTS;
        return new SubmissionLimits(true, base.perClient, base.clientPeriod, burst, base.perClientDaily, base.floodFloor, base.floodWindow);
    }

    public SubmissionLimits withFloodFloor(int floor) {
        SubmissionLimits base = enabled ? this : DEFAULTS;
        return new SubmissionLimits(true, base.perClient, base.clientPeriod, base.clientBurst, base.perClientDaily, floor, base.floodWindow);
    }

    public SubmissionLimits withClientDaily(int daily) {
        SubmissionLimits base = enabled ? this : DEFAULTS;
        return new SubmissionLimits(true, base.perClient, base.clientPeriod, base.clientBurst, daily, base.floodFloor, base.floodWindow);
    }

    /** As settings are printed: {@code 30/min, burst 10, 300 a day, flood above 100 per 10 min} or {@code off}. */
    public String describe() {
        if (!enabled) {
            return "off";
        }
        String period = clientPeriod.equals(Duration.ofSeconds(1)) ? "s" : clientPeriod.equals(Duration.ofMinutes(1)) ? "min" : "h";
        return perClient + "/" + period + ", burst " + clientBurst + ", " + perClientDaily + " a day, flood above " + floodFloor + " per "
                + floodWindow.toMinutes() + " min";
    }
}
