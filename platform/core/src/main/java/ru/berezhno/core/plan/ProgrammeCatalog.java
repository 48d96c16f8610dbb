package ru.berezhno.core.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import ru.berezhno.core.definitions.DefinitionException;
import ru.berezhno.spi.LocalizedText;

/**
 * The programmes of lean management, one YAML file each in a folder (by default
 * {@code survey-definitions/programmes}): names, years, indicators and targets are data, so the
 * next programme needs a file, not a code change. Every problem in every file is reported at once,
 * and no year may belong to two programmes.
 */
public final class ProgrammeCatalog {
    /** Where an indicator's value comes from, among those the platform knows. */
    public static final Set<String> SOURCES = Set.of("projects-implemented", "replicated-share", "report", "surveys", "untracked");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> TOP_KEYS = Set.of("id", "name", "years", "provisional", "indicators");
    private static final Set<String> INDICATOR_KEYS = Set.of("id", "item", "name", "scope", "measure", "source", "field", "aggregate",
            "targets", "targetsByKind");

    private final List<Programme> programmes;

    private ProgrammeCatalog(List<Programme> programmes) {
        this.programmes = List.copyOf(programmes);
    }

    /** No programme at all: plan figures then have no targets. */
    public static ProgrammeCatalog empty() {
        return new ProgrammeCatalog(List.of());
    }

    /**
     * Reads every {@code *.yaml} in the folder; a missing folder gives an empty catalog.
     *
     * @throws DefinitionException listing every problem found
     */
    public static ProgrammeCatalog load(Path folder) {
        if (!Files.isDirectory(folder)) {
            return empty();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(file -> file.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        catch (IOException e) {
            throw new DefinitionException(List.of(folder + ": cannot be listed: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        List<Programme> programmes = new ArrayList<>();
        for (Path file : files) {
            String name = "programmes/" + file.getFileName();
            try {
                read(name, new ObjectMapper(new YAMLFactory()).readTree(file.toFile()), problems).ifPresent(programmes::add);
            }
            catch (IOException e) {
                problems.add(name + ": cannot be read: " + e.getMessage());
            }
        }
        Map<Integer, String> owners = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Programme programme : programmes) {
            if (!ids.add(programme.id())) {
                problems.add("programmes: programme id '" + programme.id() + "' is used twice");
            }
            for (int year : programme.years()) {
                String before = owners.putIfAbsent(year, programme.id());
                if (before != null) {
                    problems.add("programmes: year " + year + " belongs to both '" + before + "' and '" + programme.id() + "'");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        programmes.sort(Comparator.comparing(programme -> programme.years().get(0)));
        return new ProgrammeCatalog(programmes);
    }

    private static Optional<Programme> read(String file, JsonNode root, List<String> problems) {
        int before = problems.size();
        if (root == null || !root.isObject()) {
            problems.add(file + ": must be a mapping with id, name, years and indicators");
            return Optional.empty();
        }
        unknownKeys(file, "", root, TOP_KEYS, problems);
        String id = text(root, "id");
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(file + ": id: '" + id + "' is not a valid id (" + ID.pattern() + ")");
        }
        LocalizedText name = localized(file, "name", root.get("name"), problems);
        List<Integer> years = new ArrayList<>();
        JsonNode yearsNode = root.get("years");
        if (yearsNode == null || !yearsNode.isArray() || yearsNode.isEmpty()) {
            problems.add(file + ": years: must list the programme's years");
        }
        else {
            for (JsonNode year : yearsNode) {
                if (!year.canConvertToInt() || !year.isIntegralNumber() || year.intValue() < 2000 || year.intValue() > 2100
                        || years.contains(year.intValue())) {
                    problems.add(file + ": years: '" + year.asText() + "' is not a distinct year from 2000 to 2100");
                }
                else {
                    years.add(year.intValue());
                }
            }
        }
        boolean provisional = root.path("provisional").asBoolean(false);
        List<Programme.Indicator> indicators = new ArrayList<>();
        JsonNode list = root.get("indicators");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(file + ": indicators: must list the programme's indicators");
        }
        else {
            Set<String> indicatorIds = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                indicator(file, "indicators[" + i + "]", list.get(i), years, problems).ifPresent(indicator -> {
                    if (!indicatorIds.add(indicator.id())) {
                        problems.add(file + ": indicators: '" + indicator.id() + "' is used twice");
                    }
                    indicators.add(indicator);
                });
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Programme(id, name, years.stream().sorted().toList(), provisional, indicators));
    }

    private static Optional<Programme.Indicator> indicator(String file, String path, JsonNode node, List<Integer> years, List<String> problems) {
        int before = problems.size();
        if (node == null || !node.isObject()) {
            problems.add(file + ": " + path + ": must be a mapping with id, item, name, scope, measure, source and targets");
            return Optional.empty();
        }
        unknownKeys(file, path + ".", node, INDICATOR_KEYS, problems);
        String id = text(node, "id");
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(file + ": " + path + ".id: '" + id + "' is not a valid id");
        }
        String item = text(node, "item");
        LocalizedText name = localized(file, path + ".name", node.get("name"), problems);
        String scope = text(node, "scope");
        if (!"unit".equals(scope) && !"district".equals(scope)) {
            problems.add(file + ": " + path + ".scope: must be unit (each unit must reach it) or district (the district as a whole)");
        }
        String measure = text(node, "measure");
        if (!"count".equals(measure) && !"percent".equals(measure)) {
            problems.add(file + ": " + path + ".measure: must be count or percent");
        }
        String source = text(node, "source");
        if (source == null || !SOURCES.contains(source)) {
            problems.add(file + ": " + path + ".source: must be one of " + SOURCES.stream().sorted().toList());
        }
        String field = text(node, "field");
        String aggregate = text(node, "aggregate");
        if ("report".equals(source) && field == null) {
            problems.add(file + ": " + path + ".field: a report indicator names the report's number question it counts");
        }
        if ("report".equals(source) && aggregate == null) {
            aggregate = "sum";
        }
        if (aggregate != null && !aggregate.equals("sum") && !aggregate.equals("latest")) {
            problems.add(file + ": " + path + ".aggregate: must be sum (the year's quarters added up) or latest (the last quarter reported)");
        }
        Map<Integer, Double> targets = targets(file, path + ".targets", node.get("targets"), years, measure, problems);
        Map<String, Map<Integer, Double>> byKind = new LinkedHashMap<>();
        JsonNode kinds = node.get("targetsByKind");
        if (kinds != null) {
            if (!kinds.isObject()) {
                problems.add(file + ": " + path + ".targetsByKind: must map a unit kind to its targets per year");
            }
            else {
                kinds.fields().forEachRemaining(entry -> byKind.put(entry.getKey(),
                        targets(file, path + ".targetsByKind." + entry.getKey(), entry.getValue(), years, measure, problems)));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Programme.Indicator(id, item, name, scope, measure, source, field, aggregate, targets, byKind));
    }

    private static Map<Integer, Double> targets(String file, String path, JsonNode node, List<Integer> years, String measure, List<String> problems) {
        Map<Integer, Double> targets = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            problems.add(file + ": " + path + ": must map years to targets");
            return targets;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            Integer year = entry.getKey().matches("\\d{4}") ? Integer.valueOf(entry.getKey()) : null;
            if (year == null || !years.contains(year)) {
                problems.add(file + ": " + path + "." + entry.getKey() + ": is not one of the programme's years " + years);
            }
            else if (!entry.getValue().isNumber() || entry.getValue().doubleValue() < 0
                    || ("percent".equals(measure) && entry.getValue().doubleValue() > 100)) {
                problems.add(file + ": " + path + "." + year + ": must be a number ≥ 0" + ("percent".equals(measure) ? " and ≤ 100" : ""));
            }
            else {
                targets.put(year, entry.getValue().doubleValue());
            }
        }
        return targets;
    }

    private static void unknownKeys(String file, String path, JsonNode node, Set<String> allowed, List<String> problems) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                problems.add(file + ": " + path + key + ": unknown key (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        });
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() || value.asText().isBlank() ? null : value.asText().strip();
    }

    private static LocalizedText localized(String file, String path, JsonNode node, List<String> problems) {
        if (node == null || !node.isObject() || text(node, "ru") == null) {
            problems.add(file + ": " + path + ": must be {ru: …, en: …}");
            return null;
        }
        return new LocalizedText(text(node, "ru"), text(node, "en"));
    }

    /** The programme that holds a year, if any. */
    public Optional<Programme> forYear(int year) {
        return programmes.stream().filter(programme -> programme.years().contains(year)).findFirst();
    }

    public List<Programme> all() {
        return programmes;
    }
}
