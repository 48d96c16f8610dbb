package ru.berezhno.core.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class BoundedNumbersTest {
    @Test
    void numbersAsPeopleWriteThemAreRead() {
        assertThat(BoundedNumbers.parse("12")).contains(new BigDecimal("12"));
        assertThat(BoundedNumbers.parse("-0.5")).contains(new BigDecimal("-0.5"));
        assertThat(BoundedNumbers.parse("1e3")).contains(new BigDecimal("1e3"));
        assertThat(BoundedNumbers.parse("+7")).contains(new BigDecimal("7"));
        assertThat(BoundedNumbers.parse("0.000")).contains(new BigDecimal("0.000"));
    }

    @Test
    void vastExponentsAndLongTextsAreRefusedWithoutMakingTheNumber() {
        for (String text : new String[] {"1e600000000", "1e31", "1e-61", "1.5e-600000000", "9".repeat(31), "1".repeat(10_000), "", " 4", "4 ",
                "0x10", "NaN", "Infinity", "1e", ".5", "1..2", "٣"}) {
            assertThat(BoundedNumbers.parse(text)).as("'%s'", text.length() > 40 ? text.substring(0, 40) + "…" : text).isEmpty();
        }
    }

    @Test
    void boundsReadOnlyPrecisionAndScale() {
        assertThat(BoundedNumbers.bounded(new BigDecimal("1e29"))).as("30 digits").isTrue();
        assertThat(BoundedNumbers.bounded(new BigDecimal("1e30"))).as("31 digits").isFalse();
        assertThat(BoundedNumbers.bounded(new BigDecimal("1e-30"))).isTrue();
        assertThat(BoundedNumbers.bounded(new BigDecimal("1e-600000000"))).isFalse();
        assertThat(BoundedNumbers.bounded(new BigDecimal("0e-600000000"))).isFalse();
        assertThat(BoundedNumbers.bounded(BigDecimal.ZERO)).isTrue();
        assertThat(BoundedNumbers.bounded(new BigDecimal("1e-31"))).as("31 places after the point").isFalse();
        assertThat(BoundedNumbers.bounded(new BigDecimal("1." + "0".repeat(30)))).as("31 digits").isFalse();
        assertThat(BoundedNumbers.bounded(new BigDecimal("0." + "1".repeat(30)))).as("30 digits after the point").isTrue();
    }
}
