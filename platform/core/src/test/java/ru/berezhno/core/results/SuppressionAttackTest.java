package ru.berezhno.core.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import ru.berezhno.core.results.Suppression.Cell;

/**
 * An attack on the released table with linear algebra: every figure that results may show (the
 * cells, the organisations' and periods' totals, the grand total, each organisation's subtree per
 * period and over all) is an equation over the table's cells. Combining all of them at once — rows,
 * columns and tree together, not one subtraction at a time — no hidden cell below the threshold
 * may be determined exactly: its unit vector must lie outside the row space of the equations over
 * the hidden cells. Ranks are computed exactly, over the rationals.
 */
class SuppressionAttackTest {
    private static final int THRESHOLD = 5;
    private static final String[] PERIODS = {"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"};

    @Test
    void noHiddenSmallCellIsDeterminedByAnyCombinationOfTheReleasedFigures() {
        Random random = new Random(20221128L);
        int tables = 0;
        int smallHidden = 0;
        for (int trial = 0; trial < 3_000; trial++) {
            int organizations = 2 + random.nextInt(7);
            Map<String, String> parents = new HashMap<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < organizations; i++) {
                String id = "o" + i;
                ids.add(id);
                // A random forest: each organisation under an earlier one, or at the top.
                parents.put(id, i > 0 && random.nextInt(3) > 0 ? "o" + random.nextInt(i) : null);
            }
            int periods = 1 + random.nextInt(PERIODS.length);
            Map<Cell, Long> table = new LinkedHashMap<>();
            for (String id : ids) {
                for (int p = 0; p < periods; p++) {
                    if (random.nextInt(4) > 0) {
                        // Many small cells: 1–4 often, larger ones sometimes.
                        long size = random.nextInt(3) == 0 ? 1 + random.nextInt(4) : 1 + random.nextInt(20);
                        table.put(new Cell(id, PERIODS[p]), size);
                    }
                }
            }
            if (table.isEmpty()) {
                continue;
            }
            tables++;
            Suppression suppression = Suppression.decide(table, THRESHOLD, parents);
            smallHidden += attack(table, parents, suppression);
        }
        assertThat(tables).isGreaterThan(2_500);
        assertThat(smallHidden).as("the tables had small hidden cells to attack").isGreaterThan(1_000);
    }

    /** Attacks one table; fails when a hidden cell below the threshold is determined. Returns how many such cells there were. */
    private static int attack(Map<Cell, Long> table, Map<String, String> parents, Suppression suppression) {
        List<Cell> inner = new ArrayList<>(table.keySet());
        List<Cell> hidden = inner.stream().filter(cell -> suppression.hides(cell.organization(), cell.period())).toList();
        Map<Cell, Integer> variable = new HashMap<>();
        for (int i = 0; i < hidden.size(); i++) {
            variable.put(hidden.get(i), i);
        }
        // Every aggregate results may show, as the set of inner cells it adds up, with whether it is shown.
        Map<String, Set<Cell>> aggregates = new LinkedHashMap<>();
        Map<String, Boolean> shown = new HashMap<>();
        Set<String> periods = new java.util.TreeSet<>();
        Set<String> organizations = new java.util.TreeSet<>();
        inner.forEach(cell -> {
            periods.add(cell.period());
            organizations.add(cell.organization());
        });
        List<String> columns = new ArrayList<>(periods);
        columns.add(null);
        for (String period : columns) {
            aggregates.put("total|" + period, cells(inner, null, period, null));
            shown.put("total|" + period, !suppression.hides(null, period));
            for (String organization : organizations) {
                if (period == null) {
                    aggregates.put(organization + "|all", cells(inner, Set.of(organization), null, null));
                    shown.put(organization + "|all", !suppression.hides(organization, null));
                }
            }
            for (String organization : parents.keySet()) {
                if (parents.containsValue(organization)) {
                    Set<String> subtree = subtree(organization, parents);
                    Set<Cell> covered = cells(inner, subtree, period, null);
                    if (!covered.isEmpty()) {
                        aggregates.put("^" + organization + "|" + period, covered);
                        shown.put("^" + organization + "|" + period, !suppression.hidesSubtree(organization, period, parents));
                    }
                }
            }
        }
        // The equations over the hidden cells: one per shown aggregate (its shown cells are known values).
        List<BigFraction[]> rows = new ArrayList<>();
        aggregates.forEach((name, covered) -> {
            if (shown.get(name)) {
                BigFraction[] row = zeros(hidden.size());
                covered.stream().filter(variable::containsKey).forEach(cell -> row[variable.get(cell)] = BigFraction.ONE);
                rows.add(row);
            }
        });
        int rank = rank(rows, hidden.size());
        int small = 0;
        for (Cell cell : hidden) {
            if (table.get(cell) >= THRESHOLD) {
                continue;
            }
            small++;
            BigFraction[] unit = zeros(hidden.size());
            unit[variable.get(cell)] = BigFraction.ONE;
            List<BigFraction[]> extended = new ArrayList<>(rows);
            extended.add(unit);
            assertThat(rank(extended, hidden.size())).as("hidden cell %s of %d is determined by the released figures of %s (parents %s)", cell,
                    table.get(cell), table, parents).isGreaterThan(rank);
        }
        // Hidden aggregates below the threshold (a small subtree, say) must not be determined either.
        for (Map.Entry<String, Set<Cell>> aggregate : aggregates.entrySet()) {
            long size = aggregate.getValue().stream().mapToLong(table::get).sum();
            if (shown.get(aggregate.getKey()) || size == 0 || size >= THRESHOLD) {
                continue;
            }
            BigFraction[] vector = zeros(hidden.size());
            aggregate.getValue().stream().filter(variable::containsKey).forEach(cell -> vector[variable.get(cell)] = BigFraction.ONE);
            List<BigFraction[]> extended = new ArrayList<>(rows);
            extended.add(vector);
            assertThat(rank(extended, hidden.size())).as("hidden aggregate %s of %d is determined by the released figures of %s (parents %s)",
                    aggregate.getKey(), size, table, parents).isGreaterThan(rank);
        }
        return small;
    }

    private static Set<Cell> cells(List<Cell> inner, Set<String> organizations, String period, Object unused) {
        Set<Cell> cells = new java.util.HashSet<>();
        for (Cell cell : inner) {
            if ((organizations == null || organizations.contains(cell.organization())) && (period == null || period.equals(cell.period()))) {
                cells.add(cell);
            }
        }
        return cells;
    }

    private static Set<String> subtree(String root, Map<String, String> parents) {
        Set<String> members = new java.util.HashSet<>(Set.of(root));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<String, String> entry : parents.entrySet()) {
                if (entry.getValue() != null && members.contains(entry.getValue()) && members.add(entry.getKey())) {
                    grew = true;
                }
            }
        }
        return members;
    }

    private static BigFraction[] zeros(int size) {
        BigFraction[] row = new BigFraction[size];
        java.util.Arrays.fill(row, BigFraction.ZERO);
        return row;
    }

    /** The rank of the rows, by Gaussian elimination over the rationals. */
    private static int rank(List<BigFraction[]> rows, int columns) {
        List<BigFraction[]> matrix = new ArrayList<>();
        rows.forEach(row -> matrix.add(row.clone()));
        int rank = 0;
        for (int column = 0; column < columns && rank < matrix.size(); column++) {
            int pivot = -1;
            for (int r = rank; r < matrix.size(); r++) {
                if (!matrix.get(r)[column].equals(BigFraction.ZERO)) {
                    pivot = r;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            BigFraction[] top = matrix.get(pivot);
            matrix.set(pivot, matrix.get(rank));
            matrix.set(rank, top);
            for (int r = 0; r < matrix.size(); r++) {
                if (r != rank && !matrix.get(r)[column].equals(BigFraction.ZERO)) {
                    BigFraction factor = matrix.get(r)[column].divide(top[column]);
                    BigFraction[] row = matrix.get(r);
                    for (int c = column; c < columns; c++) {
                        row[c] = row[c].subtract(factor.multiply(top[c]));
                    }
                }
            }
            rank++;
        }
        return rank;
    }
}
