package ru.berezhno.core.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ru.berezhno.core.results.Suppression.Cell;

class SuppressionTest {
    private static final int THRESHOLD = 5;

    @Test
    void aSmallGroupCannotBeRecoveredBySubtractingItsSiblingsFromTheTotal() {
        // One quarter; organisations A 3, B 10, C 12, total 25. Showing B and C beside the total
        // would give A = 25 − 10 − 12 = 3. So B, the next smallest, is hidden too: 25 − 12 = 13 = A + B.
        Suppression suppression = Suppression.decide(Map.of(new Cell("a", "q"), 3L, new Cell("b", "q"), 10L, new Cell("c", "q"), 12L), THRESHOLD);
        assertThat(suppression.hides("a", null)).isTrue();
        assertThat(suppression.hides("b", null)).as("complementary suppression").isTrue();
        assertThat(suppression.hides("c", null)).isFalse();
        assertThat(suppression.hides(null, null)).isFalse();
        assertThat(suppression.hides("a", "q")).isTrue();
        assertThat(suppression.hides("b", "q")).isTrue();
        assertThat(suppression.hides("c", "q")).isFalse();
    }

    @Test
    void aSmallQuarterOfAnOrganisationIsProtectedAcrossTheOtherQuartersToo() {
        // Organisation A: 20 in Q1, 2 in Q2 (hidden), so another quarter of A must be hidden, or
        // A's total minus Q1 gives Q2.
        Map<Cell, Long> table = new HashMap<>();
        table.put(new Cell("a", "2026-Q1"), 20L);
        table.put(new Cell("a", "2026-Q2"), 2L);
        table.put(new Cell("b", "2026-Q1"), 30L);
        table.put(new Cell("b", "2026-Q2"), 40L);
        Suppression suppression = Suppression.decide(table, THRESHOLD);
        assertThat(suppression.hides("a", "2026-Q2")).isTrue();
        assertThat(suppression.hides("a", "2026-Q1")).as("the other quarter of the same organisation").isTrue();
        assertThat(suppression.hides("b", "2026-Q2")).as("and, in the Q2 column, another organisation").isTrue();
        assertThat(suppression.hides("a", null)).isFalse();
        assertThat(isSafe(table, suppression)).isTrue();
    }

    @Test
    void onRandomTablesEveryShownLineHidesEitherNothingOrAtLeastTwoCellsOfEnoughResponses() {
        Random random = new Random(4_2_1);
        for (int round = 0; round < 300; round++) {
            Map<Cell, Long> table = new HashMap<>();
            int organizations = 1 + random.nextInt(6);
            int periods = 1 + random.nextInt(5);
            for (int o = 0; o < organizations; o++) {
                for (int p = 0; p < periods; p++) {
                    if (random.nextInt(5) > 0) {
                        table.put(new Cell("o" + o, "p" + p), (long) 1 + random.nextInt(random.nextBoolean() ? 6 : 40));
                    }
                }
            }
            Suppression suppression = Suppression.decide(table, THRESHOLD);
            assertThat(isSafe(table, suppression)).as("table " + table).isTrue();
        }
    }

    /** Checks the guarantee directly: no shown cell under the threshold, and every shown line safe. */
    private static boolean isSafe(Map<Cell, Long> table, Suppression suppression) {
        Map<Cell, Long> sizes = new HashMap<>(table);
        table.forEach((cell, n) -> {
            sizes.merge(new Cell(cell.organization(), null), n, Long::sum);
            sizes.merge(new Cell(null, cell.period()), n, Long::sum);
            sizes.merge(new Cell(null, null), n, Long::sum);
        });
        for (Map.Entry<Cell, Long> entry : sizes.entrySet()) {
            if (entry.getValue() < THRESHOLD && !suppression.hides(entry.getKey().organization(), entry.getKey().period())) {
                return false;
            }
        }
        List<List<Cell>> lines = new ArrayList<>();
        List<Cell> totals = new ArrayList<>();
        sizes.keySet().stream().filter(cell -> cell.organization() != null && cell.period() == null).forEach(row -> {
            lines.add(table.keySet().stream().filter(cell -> cell.organization().equals(row.organization())).toList());
            totals.add(row);
        });
        sizes.keySet().stream().filter(cell -> cell.organization() == null && cell.period() != null).forEach(column -> {
            lines.add(table.keySet().stream().filter(cell -> cell.period().equals(column.period())).toList());
            totals.add(column);
        });
        lines.add(sizes.keySet().stream().filter(cell -> cell.organization() != null && cell.period() == null).toList());
        totals.add(new Cell(null, null));
        lines.add(sizes.keySet().stream().filter(cell -> cell.organization() == null && cell.period() != null).toList());
        totals.add(new Cell(null, null));
        for (int i = 0; i < lines.size(); i++) {
            if (suppression.hides(totals.get(i).organization(), totals.get(i).period())) {
                continue;
            }
            List<Cell> hiddenCells = lines.get(i).stream().filter(cell -> suppression.hides(cell.organization(), cell.period())).toList();
            long hiddenSum = hiddenCells.stream().mapToLong(sizes::get).sum();
            if (!hiddenCells.isEmpty() && (hiddenCells.size() < 2 || hiddenSum < THRESHOLD)) {
                return false;
            }
        }
        return true;
    }
}
