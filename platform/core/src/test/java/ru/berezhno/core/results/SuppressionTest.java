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
    void aSmallChildCannotBeRecoveredFromItsParentsSubtreeMinusTheParentsOwnResponses() {
        // administration ← education ← mbu-imc; administration ← uer. Education's subtree (6 + 3 = 9)
        // may be shown; education's own 6 beside it would give mbu-imc's 3 by subtraction, so it is
        // hidden too. The grand total 29 minus uer 20 gives education's subtree 9, which is ≥ 5.
        Map<String, String> parents = new HashMap<>();
        parents.put("administration", null);
        parents.put("education", "administration");
        parents.put("mbu-imc", "education");
        parents.put("uer", "administration");
        Map<Cell, Long> table = Map.of(new Cell("education", "q"), 6L, new Cell("mbu-imc", "q"), 3L, new Cell("uer", "q"), 20L);
        Suppression suppression = Suppression.decide(table, THRESHOLD, parents);
        assertThat(suppression.hides("mbu-imc", null)).isTrue();
        assertThat(suppression.hidesSubtree("education", null, parents)).as("the subtree, 9 responses").isFalse();
        assertThat(suppression.hides("education", null)).as("education's own 6: complementary").isTrue();
        assertThat(suppression.hides("education", "q")).isTrue();
        assertThat(suppression.hides("uer", null)).isFalse();
        assertThat(suppression.hides(null, null)).isFalse();
        Suppression flat = Suppression.decide(table, THRESHOLD);
        assertThat(flat.hides("education", null)).as("without the tree, mbu-imc's pair would be education or uer anyway").isTrue();
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

    @Test
    void onRandomTreesNoShownSubtreeLetsASmallGroupBeRecovered() {
        Random random = new Random(2022);
        for (int round = 0; round < 300; round++) {
            int organizations = 2 + random.nextInt(6);
            Map<String, String> parents = new HashMap<>();
            for (int o = 0; o < organizations; o++) {
                parents.put("o" + o, o == 0 || random.nextInt(4) == 0 ? null : "o" + random.nextInt(o));
            }
            Map<Cell, Long> table = new HashMap<>();
            int periods = 1 + random.nextInt(3);
            for (int o = 0; o < organizations; o++) {
                for (int p = 0; p < periods; p++) {
                    if (random.nextInt(4) > 0) {
                        table.put(new Cell("o" + o, "p" + p), (long) 1 + random.nextInt(random.nextBoolean() ? 6 : 30));
                    }
                }
            }
            Suppression suppression = Suppression.decide(table, THRESHOLD, parents);
            assertThat(isSafe(table, suppression)).as("table " + table).isTrue();
            assertThat(treeIsSafe(table, parents, suppression)).as("tree " + parents + ", table " + table).isTrue();
        }
    }

    /** For every organisation with children and every period (and all periods): a shown subtree hides none or enough of its parts. */
    private static boolean treeIsSafe(Map<Cell, Long> table, Map<String, String> parents, Suppression suppression) {
        List<String> periods = new ArrayList<>(table.keySet().stream().map(Cell::period).distinct().toList());
        periods.add(null);
        for (String parent : parents.keySet()) {
            List<String> children = parents.entrySet().stream().filter(entry -> parent.equals(entry.getValue())).map(Map.Entry::getKey).toList();
            if (children.isEmpty()) {
                continue;
            }
            for (String period : periods) {
                long subtreeSize = subtreeSize(parent, period, table, parents);
                if (subtreeSize == 0 || suppression.hidesSubtree(parent, period, parents)) {
                    continue;
                }
                if (subtreeSize < THRESHOLD) {
                    return false;
                }
                long hiddenCount = 0;
                long hiddenSum = 0;
                long own = ownSize(parent, period, table);
                if (own > 0 && suppression.hides(parent, period)) {
                    hiddenCount++;
                    hiddenSum += own;
                }
                for (String child : children) {
                    long size = subtreeSize(child, period, table, parents);
                    if (size > 0 && suppression.hidesSubtree(child, period, parents)) {
                        hiddenCount++;
                        hiddenSum += size;
                    }
                }
                if (hiddenCount > 0 && (hiddenCount < 2 || hiddenSum < THRESHOLD)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long ownSize(String organization, String period, Map<Cell, Long> table) {
        return table.entrySet().stream().filter(entry -> entry.getKey().organization().equals(organization)
                && (period == null || period.equals(entry.getKey().period()))).mapToLong(Map.Entry::getValue).sum();
    }

    private static long subtreeSize(String organization, String period, Map<Cell, Long> table, Map<String, String> parents) {
        long size = ownSize(organization, period, table);
        for (Map.Entry<String, String> entry : parents.entrySet()) {
            if (organization.equals(entry.getValue())) {
                size += subtreeSize(entry.getKey(), period, table, parents);
            }
        }
        return size;
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
