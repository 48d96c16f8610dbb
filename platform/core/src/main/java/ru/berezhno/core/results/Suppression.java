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
 * <p>The rule: a cell under the threshold is hidden (primary suppression). Then, in every line —
 * the cells of a row, of a column, the row totals, the column totals — whose total is shown: if the
 * hidden cells are fewer than two, or add up to fewer responses than the threshold, the smallest
 * shown cell of that line is hidden too (complementary suppression), until neither holds; if no
 * shown cell is left, the line's total is hidden instead. Repeated until no line changes. Subtracting the shown cells of a line
 * from its total then gives at most the sum of two or more hidden cells, itself at least the
 * threshold.
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

    /**
     * Decides suppression for a table given as responses per (organisation, period), with the
     * organisation tree given as each organisation's parent.
     */
    static Suppression decide(Map<Cell, Long> inner, int threshold, Map<String, String> parents) {
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
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < lines.size(); i++) {
                if (!hidden.contains(totals.get(i))) {
                    changed |= protect(lines.get(i), totals.get(i), sizes, hidden, threshold);
                }
            }
        }
        return new Suppression(hidden);
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
     * Hides the smallest shown cells of a line until its hidden cells cannot be told apart from its
     * total; when no shown cell is left to hide, hides the total itself.
     */
    private static boolean protect(List<Cell> line, Cell total, Map<Cell, Long> sizes, Set<Cell> hidden, int threshold) {
        boolean changed = false;
        Function<Cell, Long> size = sizes::get;
        while (true) {
            List<Cell> hiddenCells = line.stream().filter(hidden::contains).toList();
            long hiddenSum = hiddenCells.stream().mapToLong(size::apply).sum();
            if (hiddenCells.isEmpty() || (hiddenCells.size() >= 2 && hiddenSum >= threshold)) {
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
