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

    /** The first day of a quarter such as {@code 2026-Q3}. */
    public static LocalDate quarterStart(String quarter) {
        java.util.regex.Matcher matcher = QUARTER.matcher(quarter);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a quarter: " + quarter);
        }
        return LocalDate.of(Integer.parseInt(matcher.group(1)), (Integer.parseInt(matcher.group(2)) - 1) * 3 + 1, 1);
    }

    /** The quarter before, such as {@code 2026-Q4} for {@code 2027-Q1}. */
    public static String previousQuarter(String quarter) {
        return quarterOf(quarterStart(quarter).minusMonths(3));
    }
}
