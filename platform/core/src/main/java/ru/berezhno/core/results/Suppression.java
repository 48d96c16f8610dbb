package ru.berezhno.core.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Which groups of a survey must be hidden so that no group smaller than the threshold can be read,
 * neither directly nor by subtracting shown groups from a shown total.
 *
 * <p>The survey's responses form a table: organisations × periods, with row totals (an
 * organisation over all periods), column totals (a period over all organisations) and the grand
 * total. Every results call shows some of these cells, so suppression is decided once on the whole
 * table and every call obeys it, whatever its filters: what one call hides, no other call reveals.
 *
 * <p>Organisations form a tree, and an organisation's subtree (itself and everything under it) may
 * be shown as one group: so each organisation with children adds lines too — its own responses and
 * each child's subtree, adding up to its subtree — per period and over all periods; and so do the
 * subtrees of the top organisations, adding up to the totals.
 *
 * <p>The rule: a cell under the threshold is hidden (primary suppression). Then every line — the
 * cells of a row, of a column, the row totals, the column totals, the tree's — is an equation,
 * total = the sum of its cells, and is made safe (complementary suppression): while its total is
 * shown, its hidden cells must be two or more adding up to at least the threshold; while its total
 * is hidden, at least one of its cells must be hidden too, or their sum would give the total away.
 * The smallest shown cell is hidden until that holds (the total, when no cell is left). Repeated
 * until no line changes. {@code SuppressionAttackTest} checks the result against every linear
 * combination of the released figures, not only one line at a time.
 */
final class Suppression {
    /** A cell of the table; a null organisation or period stands for "all". */
    record Cell(String organization, String period) {
    }

    private final Set<Cell> hidden;

    private Suppression(Set<Cell> hidden) {
        this.hidden = hidden;
    }

    boolean hides(String organization, String period) {
        return hidden.contains(new Cell(organization, period));
    }

    /** Whether the group of an organisation's whole subtree is hidden (its own group, for an organisation without children). */
    boolean hidesSubtree(String organization, String period, Map<String, String> parents) {
        boolean hasChildren = parents.containsValue(organization);
        return hidden.contains(new Cell(hasChildren ? SUBTREE + organization : organization, period));
    }

    /** Marks the cells that stand for a whole subtree; never a character of an organisation id. */
    private static final String SUBTREE = "^";

    /** Decides suppression for a table given as responses per (organisation, period), organisations flat. */
    static Suppression decide(Map<Cell, Long> inner, int threshold) {
        return decide(inner, threshold, Map.of());
    }

    /** A decision's inputs: the same table, threshold and tree always get the same decision. */
    private record Key(Map<Cell, Long> inner, int threshold, Map<String, String> parents) {
    }

    /**
     * Recent decisions: the check against every combination of the figures costs milliseconds on a
     * table of many small groups, and results ask again and again of a table that changes only
     * when responses come in.
     */
    private static final com.github.benmanes.caffeine.cache.Cache<Key, Suppression> DECIDED = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .maximumSize(64).build();

    /**
     * Decides suppression for a table given as responses per (organisation, period), with the
     * organisation tree given as each organisation's parent.
     */
    static Suppression decide(Map<Cell, Long> inner, int threshold, Map<String, String> parents) {
        Key key = new Key(Map.copyOf(inner), threshold, java.util.Collections.unmodifiableMap(new HashMap<>(parents)));
        return DECIDED.get(key, k -> decideAnew(k.inner(), k.threshold(), k.parents()));
    }

    private static Suppression decideAnew(Map<Cell, Long> inner, int threshold, Map<String, String> parents) {
        Map<Cell, Long> sizes = new HashMap<>(inner);
        Set<String> organizations = new HashSet<>();
        Set<String> periods = new HashSet<>();
        inner.forEach((cell, n) -> {
            organizations.add(cell.organization());
            periods.add(cell.period());
            sizes.merge(new Cell(cell.organization(), null), n, Long::sum);
            sizes.merge(new Cell(null, cell.period()), n, Long::sum);
            sizes.merge(new Cell(null, null), n, Long::sum);
        });
        sizes.putIfAbsent(new Cell(null, null), 0L);
        // Each line: the cells that add up to its total, and the total.
        List<List<Cell>> lines = new ArrayList<>();
        List<Cell> totals = new ArrayList<>();
        for (String organization : organizations) {
            lines.add(periods.stream().map(period -> new Cell(organization, period)).filter(sizes::containsKey).toList());
            totals.add(new Cell(organization, null));
        }
        for (String period : periods) {
            lines.add(organizations.stream().map(organization -> new Cell(organization, period)).filter(sizes::containsKey).toList());
            totals.add(new Cell(null, period));
        }
        lines.add(organizations.stream().map(organization -> new Cell(organization, null)).toList());
        totals.add(new Cell(null, null));
        lines.add(periods.stream().map(period -> new Cell(null, period)).toList());
        totals.add(new Cell(null, null));
        addTreeLines(inner, parents, organizations, periods, sizes, lines, totals);
        Set<Cell> hidden = new HashSet<>();
        sizes.forEach((cell, n) -> {
            if (n < threshold) {
                hidden.add(cell);
            }
        });
        protectLines(lines, totals, sizes, hidden, threshold);
        // The lines one at a time are not enough: rows, columns and the tree together may still pin a
        // small cell down. Each figure shown is an equation over the hidden cells; while one of the
        // small hidden figures is determined by them all, one more figure beside it is hidden.
        Map<Cell, Set<Cell>> covers = coverage(inner.keySet(), sizes.keySet(), parents);
        for (int round = 0; round < sizes.size(); round++) {
            List<Cell> determined = determined(inner.keySet(), covers, sizes, hidden, threshold);
            if (determined.isEmpty()) {
                break;
            }
            determined.forEach(figure -> hideBeside(figure, inner.keySet(), covers, sizes, hidden));
            protectLines(lines, totals, sizes, hidden, threshold);
        }
        return new Suppression(hidden);
    }

    private static void protectLines(List<List<Cell>> lines, List<Cell> totals, Map<Cell, Long> sizes, Set<Cell> hidden, int threshold) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < lines.size(); i++) {
                changed |= protect(lines.get(i), totals.get(i), sizes, hidden, threshold);
            }
        }
    }

    /** Which inner cells each figure of the table adds up: a cell itself, a total, a subtree. */
    private static Map<Cell, Set<Cell>> coverage(Set<Cell> inner, Set<Cell> figures, Map<String, String> parents) {
        Map<Cell, Set<Cell>> covers = new HashMap<>();
        for (Cell figure : figures) {
            Set<Cell> covered = new HashSet<>();
            String organization = figure.organization();
            Set<String> members = null;
            if (organization != null && organization.startsWith(SUBTREE)) {
                members = new HashSet<>();
                members.add(organization.substring(SUBTREE.length()));
                boolean grew = true;
                while (grew) {
                    grew = false;
                    for (Map.Entry<String, String> entry : parents.entrySet()) {
                        if (entry.getValue() != null && members.contains(entry.getValue()) && members.add(entry.getKey())) {
                            grew = true;
                        }
                    }
                }
            }
            for (Cell cell : inner) {
                boolean organizationMatches = organization == null || (members != null ? members.contains(cell.organization())
                        : organization.equals(cell.organization()));
                if (organizationMatches && (figure.period() == null || figure.period().equals(cell.period()))) {
                    covered.add(cell);
                }
            }
            covers.put(figure, covered);
        }
        return covers;
    }

    /** A modulus for exact elimination: ranks over the rationals of 0/1 equations this small are kept modulo a prime this large. */
    private static final long PRIME = 2_147_483_647L;

    /**
     * The hidden figures below the threshold (cells, totals, subtrees) that the shown figures
     * determine exactly. The shown figures are equations over the hidden
     * inner cells; a figure is determined when its vector over them lies in the equations' row
     * space, found by reducing the equations to row echelon form.
     */
    private static List<Cell> determined(Set<Cell> inner, Map<Cell, Set<Cell>> covers, Map<Cell, Long> sizes, Set<Cell> hidden, int threshold) {
        List<Cell> unknowns = inner.stream().filter(hidden::contains).sorted(Comparator.comparing(Suppression::name)).toList();
        List<Cell> determined = new ArrayList<>();
        if (unknowns.isEmpty()) {
            return determined;
        }
        Map<Cell, Integer> index = new HashMap<>();
        for (int i = 0; i < unknowns.size(); i++) {
            index.put(unknowns.get(i), i);
        }
        int width = unknowns.size();
        List<long[]> rows = new ArrayList<>();
        covers.forEach((figure, covered) -> {
            if (!hidden.contains(figure)) {
                long[] row = new long[width];
                boolean any = false;
                for (Cell cell : covered) {
                    Integer at = index.get(cell);
                    if (at != null) {
                        row[at] = 1;
                        any = true;
                    }
                }
                if (any) {
                    rows.add(row);
                }
            }
        });
        // Reduced row echelon form, modulo the prime.
        int[] pivotRowOf = new int[width];
        java.util.Arrays.fill(pivotRowOf, -1);
        int rank = 0;
        for (int column = 0; column < width && rank < rows.size(); column++) {
            int pivot = -1;
            for (int r = rank; r < rows.size(); r++) {
                if (rows.get(r)[column] != 0) {
                    pivot = r;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            java.util.Collections.swap(rows, pivot, rank);
            long[] top = rows.get(rank);
            long inverse = inverse(top[column]);
            for (int c = 0; c < width; c++) {
                top[c] = top[c] * inverse % PRIME;
            }
            for (int r = 0; r < rows.size(); r++) {
                long[] row = rows.get(r);
                if (r != rank && row[column] != 0) {
                    long factor = row[column];
                    for (int c = 0; c < width; c++) {
                        row[c] = Math.floorMod(row[c] - factor * top[c] % PRIME, PRIME);
                    }
                }
            }
            pivotRowOf[column] = rank;
            rank++;
        }
        List<Integer> free = new ArrayList<>();
        for (int column = 0; column < width; column++) {
            if (pivotRowOf[column] < 0) {
                free.add(column);
            }
        }
        // A vector v is determined when v · x = 0 for every solution x of the homogeneous system:
        // for each free column f, v_f − Σ over pivot columns p of v_p · R[p][f] = 0.
        List<Cell> candidates = new ArrayList<>(covers.keySet());
        candidates.sort(Comparator.comparing(Suppression::name));
        for (Cell figure : candidates) {
            long size = sizes.getOrDefault(figure, 0L);
            if (!hidden.contains(figure) || size <= 0 || size >= threshold) {
                continue;
            }
            long[] vector = new long[width];
            for (Cell cell : covers.get(figure)) {
                Integer at = index.get(cell);
                if (at != null) {
                    vector[at] = 1;
                }
            }
            boolean fixed = true;
            for (int f : free) {
                long value = vector[f];
                for (int p = 0; p < width; p++) {
                    if (pivotRowOf[p] >= 0 && vector[p] != 0) {
                        value = Math.floorMod(value - vector[p] * rows.get(pivotRowOf[p])[f] % PRIME, PRIME);
                    }
                }
                if (value != 0) {
                    fixed = false;
                    break;
                }
            }
            if (fixed) {
                determined.add(figure);
            }
        }
        return determined;
    }

    private static long inverse(long value) {
        return java.math.BigInteger.valueOf(value).modInverse(java.math.BigInteger.valueOf(PRIME)).longValue();
    }

    /**
     * Hides one more figure beside a determined one: the smallest shown inner cell in a row or
     * column of its hidden cells, else the smallest shown figure that adds up any of them.
     */
    private static void hideBeside(Cell determined, Set<Cell> inner, Map<Cell, Set<Cell>> covers, Map<Cell, Long> sizes, Set<Cell> hidden) {
        Set<Cell> its = new HashSet<>(covers.get(determined));
        its.removeIf(cell -> !hidden.contains(cell));
        Set<String> organizations = new HashSet<>();
        Set<String> periods = new HashSet<>();
        its.forEach(cell -> {
            organizations.add(cell.organization());
            periods.add(cell.period());
        });
        Comparator<Cell> smallest = Comparator.comparing((Cell cell) -> sizes.getOrDefault(cell, 0L)).thenComparing(Suppression::name);
        Cell next = inner.stream().filter(cell -> !hidden.contains(cell) && (organizations.contains(cell.organization()) || periods.contains(cell.period())))
                .min(smallest).orElse(null);
        if (next == null) {
            next = covers.entrySet().stream().filter(entry -> !hidden.contains(entry.getKey()) && entry.getValue().stream().anyMatch(its::contains))
                    .map(Map.Entry::getKey).min(smallest).orElse(null);
        }
        if (next == null) {
            // Nothing shown touches it: the figure itself must be pinned by shown cells alone; hide them all.
            covers.get(determined).forEach(hidden::add);
            hidden.add(determined);
            return;
        }
        hidden.add(next);
    }

    private static String name(Cell cell) {
        return Objects.toString(cell.organization()) + "|" + cell.period();
    }

    /** The lines of the organisation tree: an organisation's own cell and its children's subtrees add up to its subtree. */
    private static void addTreeLines(Map<Cell, Long> inner, Map<String, String> parents, Set<String> organizations, Set<String> periods,
            Map<Cell, Long> sizes, List<List<Cell>> lines, List<Cell> totals) {
        if (parents.isEmpty()) {
            return;
        }
        Map<String, List<String>> children = new HashMap<>();
        parents.forEach((child, parent) -> {
            if (parent != null) {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(child);
            }
        });
        List<String> columns = new ArrayList<>(periods);
        columns.add(null);
        // Subtree sizes, by walking each organisation with responses up to the top.
        inner.forEach((cell, n) -> {
            Set<String> seen = new HashSet<>();
            for (String at = parents.get(cell.organization()); at != null && seen.add(at); at = parents.get(at)) {
                sizes.merge(new Cell(SUBTREE + at, cell.period()), n, Long::sum);
                sizes.merge(new Cell(SUBTREE + at, null), n, Long::sum);
            }
        });
        children.keySet().forEach(parent -> {
            for (String period : columns) {
                Cell own = new Cell(parent, period);
                sizes.merge(new Cell(SUBTREE + parent, period), sizes.getOrDefault(own, 0L), Long::sum);
            }
        });
        java.util.function.BiFunction<String, String, Cell> subtreeCell = (organization, period) ->
                new Cell(children.containsKey(organization) ? SUBTREE + organization : organization, period);
        for (Map.Entry<String, List<String>> entry : children.entrySet()) {
            for (String period : columns) {
                List<Cell> line = new ArrayList<>();
                line.add(new Cell(entry.getKey(), period));
                entry.getValue().forEach(child -> line.add(subtreeCell.apply(child, period)));
                lines.add(line.stream().filter(cell -> sizes.getOrDefault(cell, 0L) > 0).toList());
                totals.add(new Cell(SUBTREE + entry.getKey(), period));
            }
        }
        List<String> roots = new ArrayList<>(organizations.stream().map(organization -> {
            String top = organization;
            Set<String> seen = new HashSet<>();
            while (parents.get(top) != null && seen.add(top)) {
                top = parents.get(top);
            }
            return top;
        }).distinct().toList());
        for (String period : columns) {
            lines.add(roots.stream().map(root -> subtreeCell.apply(root, period)).filter(cell -> sizes.getOrDefault(cell, 0L) > 0).toList());
            totals.add(new Cell(null, period));
        }
    }

    /**
     * Makes one line safe, as an equation: total = the sum of its cells. Exactly one hidden member
     * (a cell, or the total) would be that equation's solution, so then the smallest shown cell is
     * hidden too (the total, when no cell is left). And while the total is shown, the hidden cells
     * must be two or more adding up to at least the threshold, so that the shown total minus the
     * shown cells never tells a small cell.
     */
    private static boolean protect(List<Cell> line, Cell total, Map<Cell, Long> sizes, Set<Cell> hidden, int threshold) {
        boolean changed = false;
        Function<Cell, Long> size = sizes::get;
        while (true) {
            List<Cell> hiddenCells = line.stream().filter(hidden::contains).toList();
            long hiddenSum = hiddenCells.stream().mapToLong(size::apply).sum();
            boolean totalHidden = hidden.contains(total);
            boolean safe = totalHidden ? hiddenCells.size() != 0 || line.isEmpty()
                    : hiddenCells.isEmpty() || (hiddenCells.size() >= 2 && hiddenSum >= threshold);
            if (safe) {
                return changed;
            }
            Cell next = line.stream().filter(cell -> !hidden.contains(cell))
                    .min(Comparator.comparing(size).thenComparing(cell -> Objects.toString(cell.organization()) + "|" + cell.period()))
                    .orElse(null);
            if (next == null) {
                hidden.add(total);
                return true;
            }
            hidden.add(next);
            changed = true;
        }
    }
}
