package ru.berezhno.core.responses;

import java.time.LocalDate;
import java.util.regex.Pattern;

/** Calendar quarters, written {@code 2026-Q4}: the coarse period stored with a response. */
public final class Periods {
    public static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");

    private Periods() {
    }

    public static String quarterOf(LocalDate date) {
        return date.getYear() + "-Q" + ((date.getMonthValue() - 1) / 3 + 1);
    }

    public static boolean isQuarter(String period) {
        return period != null && QUARTER.matcher(period).matches();
    }
}
