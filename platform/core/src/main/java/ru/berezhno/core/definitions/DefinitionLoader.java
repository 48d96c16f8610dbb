package ru.berezhno.core.definitions;

import static java.util.Objects.requireNonNull;
import static ru.berezhno.core.definitions.TreeReader.child;
import static ru.berezhno.core.definitions.TreeReader.index;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.spi.DefinitionProblem;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.LocalizedText;
import ru.berezhno.spi.Option;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.QuestionType;
import ru.berezhno.spi.Section;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Loads every definition file ({@code *.yaml}, {@code *.yml}, {@code *.json}) directly inside a
 * folder, checks the generic structure and then each kind's own rules, and reports all problems in
 * all files at once. The format is documented in {@code survey-definitions/README.md}.
 */
public final class DefinitionLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DefinitionLoader.class);

    public static final Set<String> AUDIENCES = Set.of("citizens", "staff", "auditors", "experts", "coordinators");
    static final int MAX_SCALE_LEVELS = 21;
    static final int DEFAULT_TEXT_LENGTH = 2000;
    static final int MAX_TEXT_LENGTH = 10_000;

    private static final Set<String> TOP_KEYS = Set.of("id", "version", "kind", "audience", "periods", "title", "description",
            "labelSets", "options", "sections");
    private static final Set<String> SECTION_KEYS = Set.of("id", "title", "questions", "attributes");
    private static final Set<String> QUESTION_KEYS = Set.of("id", "type", "required", "text", "help", "min", "max", "decimals",
            "labels", "options", "maxLength", "reverse", "attributes");

    private final PluginRegistry plugins;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final ObjectMapper json = new ObjectMapper();

    public DefinitionLoader(PluginRegistry plugins) {
        this.plugins = requireNonNull(plugins, "plugins is null");
    }

    /**
     * Loads the folder's definitions.
     *
     * @throws DefinitionException listing every problem, when there is any
     */
    public DefinitionCatalog load(Path folder) {
        List<String> problems = new ArrayList<>();
        List<SurveyDefinition> definitions = new ArrayList<>();
        Map<SurveyDefinition, String> fileOf = new java.util.IdentityHashMap<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile).filter(DefinitionLoader::isDefinitionFile).sorted().toList();
        }
        catch (IOException e) {
            throw new DefinitionException(List.of(folder + ": cannot list the folder: " + e.getMessage()));
        }
        if (files.isEmpty()) {
            problems.add(folder + ": no definition files (*.yaml, *.yml, *.json)");
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            TreeReader reader = new TreeReader(name);
            JsonNode tree = null;
            try {
                tree = (name.endsWith(".json") ? json : yaml).readTree(file.toFile());
            }
            catch (JsonProcessingException e) {
                reader.problem("", "cannot be parsed: " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            }
            catch (IOException e) {
                reader.problem("", "cannot be read: " + e.getMessage());
            }
            if (tree != null) {
                parse(tree, reader).ifPresent(definition -> {
                    definitions.add(definition);
                    fileOf.put(definition, name);
                });
            }
            problems.addAll(reader.problems());
        }
        checkAcrossFiles(definitions, fileOf, problems);
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        DefinitionCatalog catalog = new DefinitionCatalog(definitions);
        for (SurveyDefinition definition : catalog.latest()) {
            LOG.info("Loaded definition '{}' version {} of kind '{}'", definition.id(), definition.version(), definition.kind());
        }
        return catalog;
    }

    private static boolean isDefinitionFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
    }

    private static void checkAcrossFiles(List<SurveyDefinition> definitions, Map<SurveyDefinition, String> fileOf, List<String> problems) {
        Map<String, SurveyDefinition> byIdAndVersion = new HashMap<>();
        Map<String, SurveyDefinition> kindById = new HashMap<>();
        for (SurveyDefinition definition : definitions) {
            SurveyDefinition same = byIdAndVersion.putIfAbsent(definition.id() + "@" + definition.version(), definition);
            if (same != null) {
                problems.add(fileOf.get(definition) + ": id: '" + definition.id() + "' version " + definition.version()
                        + " is also defined in " + fileOf.get(same));
            }
            SurveyDefinition first = kindById.putIfAbsent(definition.id(), definition);
            if (first != null && !first.kind().equals(definition.kind())) {
                problems.add(fileOf.get(definition) + ": kind: '" + definition.id() + "' has kind '" + definition.kind() + "' here but '"
                        + first.kind() + "' in " + fileOf.get(first));
            }
        }
    }

    private Optional<SurveyDefinition> parse(JsonNode root, TreeReader reader) {
        if (!root.isObject()) {
            reader.problem("", "must be a mapping with id, version, kind, audience, title and sections");
            return Optional.empty();
        }
        int before = reader.problems().size();
        reader.onlyKeys(root, "", TOP_KEYS);
        String id = reader.id(root, "id", "", TreeReader.ID);
        Integer version = reader.integer(root, "version", "", true);
        if (version != null && version < 1) {
            reader.problem("version", "must be 1 or more");
        }
        String kindId = reader.string(root, "kind", "", true);
        Optional<InstrumentKind> kind = Optional.empty();
        if (kindId != null) {
            kind = plugins.kind(kindId);
            if (kind.isEmpty()) {
                reader.problem("kind", "unknown kind '" + kindId + "'; the loaded plugins bring " + plugins.kindIds());
            }
        }
        String audience = reader.string(root, "audience", "", true);
        if (audience != null && !AUDIENCES.contains(audience)) {
            reader.problem("audience", "'" + audience + "' is not one of " + AUDIENCES.stream().sorted().toList());
        }
        String periodsName = reader.string(root, "periods", "", false);
        SurveyDefinition.Periods periods = SurveyDefinition.Periods.QUARTERS;
        if (periodsName != null) {
            try {
                periods = SurveyDefinition.Periods.valueOf(periodsName.toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException e) {
                reader.problem("periods", "'" + periodsName + "' is not one of quarters, rounds");
            }
        }
        LocalizedText title = reader.text(root, "title", "", true);
        LocalizedText description = reader.text(root, "description", "", false);
        Map<String, Map<Integer, LocalizedText>> labelSets = labelSets(root, reader);
        Object options = TreeReader.plain(root.get("options"));
        if (options != null && !(options instanceof Map)) {
            reader.problem("options", "must be a mapping");
            options = null;
        }
        List<Section> sections = new ArrayList<>();
        Set<String> questionIds = new HashSet<>();
        Set<String> sectionIds = new HashSet<>();
        List<JsonNode> sectionNodes = reader.list(root, "sections", "", true);
        for (int s = 0; s < sectionNodes.size(); s++) {
            String path = index("sections", s);
            JsonNode node = sectionNodes.get(s);
            if (!node.isObject()) {
                reader.problem(path, "must be a mapping with id, title and questions");
                continue;
            }
            reader.onlyKeys(node, path, SECTION_KEYS);
            String sectionId = reader.id(node, "id", path, TreeReader.ID);
            if (sectionId != null && !sectionIds.add(sectionId)) {
                reader.problem(child(path, "id"), "section id '" + sectionId + "' is used twice");
            }
            LocalizedText sectionTitle = reader.text(node, "title", path, false);
            List<Question> questions = new ArrayList<>();
            List<JsonNode> questionNodes = reader.list(node, "questions", path, true);
            for (int q = 0; q < questionNodes.size(); q++) {
                question(questionNodes.get(q), index(child(path, "questions"), q), reader, labelSets, questionIds).ifPresent(questions::add);
            }
            Object attributes = TreeReader.plain(node.get("attributes"));
            if (attributes != null && !(attributes instanceof Map)) {
                reader.problem(child(path, "attributes"), "must be a mapping");
                attributes = null;
            }
            if (sectionId != null) {
                sections.add(new Section(sectionId, sectionTitle, questions, castMap(attributes)));
            }
        }
        if (reader.problems().size() > before) {
            return Optional.empty();
        }
        SurveyDefinition definition = new SurveyDefinition(id, version, kindId, audience, periods, title, description, sections, castMap(options));
        for (DefinitionProblem problem : kind.orElseThrow().validate(definition)) {
            reader.problem(problem.path(), problem.message());
        }
        return reader.problems().size() > before ? Optional.empty() : Optional.of(definition);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Map<Integer, LocalizedText>> labelSets(JsonNode root, TreeReader reader) {
        Map<String, Map<Integer, LocalizedText>> sets = new HashMap<>();
        JsonNode node = root.get("labelSets");
        if (node == null || node.isNull()) {
            return sets;
        }
        if (!node.isObject()) {
            reader.problem("labelSets", "must be a mapping from a name to levels");
            return sets;
        }
        node.properties().forEach(entry -> {
            Map<Integer, LocalizedText> labels = levels(entry.getValue(), child("labelSets", entry.getKey()), reader);
            if (labels != null) {
                sets.put(entry.getKey(), labels);
            }
        });
        return sets;
    }

    private static Map<Integer, LocalizedText> levels(JsonNode node, String path, TreeReader reader) {
        if (!node.isObject() || node.isEmpty()) {
            reader.problem(path, "must map each level to its label, as {1: {ru: …, en: …}, …}");
            return null;
        }
        Map<Integer, LocalizedText> labels = new TreeMap<>();
        node.properties().forEach(entry -> {
            String at = child(path, entry.getKey());
            try {
                int level = Integer.parseInt(entry.getKey());
                LocalizedText text = reader.text(entry.getValue(), at);
                if (text != null) {
                    labels.put(level, text);
                }
            }
            catch (NumberFormatException e) {
                reader.problem(at, "a level must be an integer");
            }
        });
        return labels;
    }

    private static Optional<Question> question(JsonNode node, String path, TreeReader reader,
            Map<String, Map<Integer, LocalizedText>> labelSets, Set<String> questionIds) {
        if (!node.isObject()) {
            reader.problem(path, "must be a mapping with id, type and text");
            return Optional.empty();
        }
        int before = reader.problems().size();
        reader.onlyKeys(node, path, QUESTION_KEYS);
        String id = reader.id(node, "id", path, TreeReader.QUESTION_ID);
        if (id != null && !questionIds.add(id)) {
            reader.problem(child(path, "id"), "question id '" + id + "' is used twice in this definition");
        }
        String typeName = reader.string(node, "type", path, true);
        QuestionType type = null;
        if (typeName != null) {
            try {
                type = QuestionType.valueOf(typeName.toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException e) {
                reader.problem(child(path, "type"), "'" + typeName + "' is not one of scale, single, multiple, number, text");
            }
        }
        boolean required = reader.bool(node, "required", path, false);
        boolean reverse = reader.bool(node, "reverse", path, false);
        LocalizedText text = reader.text(node, "text", path, true);
        LocalizedText help = reader.text(node, "help", path, false);
        BigDecimal min = reader.decimal(node, "min", path);
        BigDecimal max = reader.decimal(node, "max", path);
        Integer decimals = reader.integer(node, "decimals", path, false);
        Integer maxLength = reader.integer(node, "maxLength", path, false);
        Map<Integer, LocalizedText> labels = Map.of();
        List<Option> options = List.of();
        if (type != null) {
            switch (type) {
                case SCALE -> labels = scale(node, path, reader, labelSets, min, max);
                case SINGLE, MULTIPLE -> options = options(node, path, reader);
                case NUMBER -> {
                    if (decimals != null && (decimals < 0 || decimals > 6)) {
                        reader.problem(child(path, "decimals"), "must be from 0 to 6");
                    }
                    if (min != null && max != null && min.compareTo(max) > 0) {
                        reader.problem(child(path, "max"), "must not be below min");
                    }
                }
                case TEXT -> {
                    if (maxLength != null && (maxLength < 1 || maxLength > MAX_TEXT_LENGTH)) {
                        reader.problem(child(path, "maxLength"), "must be from 1 to " + MAX_TEXT_LENGTH);
                    }
                }
            }
            if (reverse && type != QuestionType.SCALE) {
                reader.problem(child(path, "reverse"), "only a scale question can be reverse-keyed");
            }
            rejectUnrelated(node, path, reader, type);
        }
        Object attributes = TreeReader.plain(node.get("attributes"));
        if (attributes != null && !(attributes instanceof Map)) {
            reader.problem(child(path, "attributes"), "must be a mapping");
        }
        if (reader.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Question(id, type, required, text, help, min, max, decimals == null ? 0 : decimals, labels, options,
                maxLength == null ? DEFAULT_TEXT_LENGTH : maxLength, reverse, castMap(attributes)));
    }

    private static void rejectUnrelated(JsonNode node, String path, TreeReader reader, QuestionType type) {
        Map<String, Set<QuestionType>> owners = new LinkedHashMap<>();
        owners.put("min", Set.of(QuestionType.SCALE, QuestionType.NUMBER));
        owners.put("max", Set.of(QuestionType.SCALE, QuestionType.NUMBER));
        owners.put("decimals", Set.of(QuestionType.NUMBER));
        owners.put("labels", Set.of(QuestionType.SCALE));
        owners.put("options", Set.of(QuestionType.SINGLE, QuestionType.MULTIPLE));
        owners.put("maxLength", Set.of(QuestionType.TEXT));
        owners.forEach((key, types) -> {
            if (node.has(key) && !types.contains(type)) {
                reader.problem(child(path, key), "does not apply to a " + type.id() + " question");
            }
        });
    }

    private static Map<Integer, LocalizedText> scale(JsonNode node, String path, TreeReader reader,
            Map<String, Map<Integer, LocalizedText>> labelSets, BigDecimal min, BigDecimal max) {
        if (min == null || max == null) {
            reader.problem(path, "a scale needs integer min and max");
            return Map.of();
        }
        if (min.stripTrailingZeros().scale() > 0 || max.stripTrailingZeros().scale() > 0) {
            reader.problem(path, "a scale's min and max must be integers");
            return Map.of();
        }
        if (min.abs().compareTo(BigDecimal.valueOf(1000)) > 0 || max.abs().compareTo(BigDecimal.valueOf(1000)) > 0) {
            reader.problem(path, "a scale's levels must lie within -1000..1000");
            return Map.of();
        }
        if (min.compareTo(max) >= 0 || max.subtract(min).intValue() >= MAX_SCALE_LEVELS) {
            reader.problem(child(path, "max"), "must be above min, with at most " + MAX_SCALE_LEVELS + " levels");
            return Map.of();
        }
        JsonNode labelsNode = node.get("labels");
        Map<Integer, LocalizedText> labels = null;
        if (labelsNode == null || labelsNode.isNull()) {
            reader.problem(child(path, "labels"), "a scale needs a label per level, or the name of a label set");
        }
        else if (labelsNode.isTextual()) {
            labels = labelSets.get(labelsNode.asText());
            if (labels == null) {
                reader.problem(child(path, "labels"), "no label set named '" + labelsNode.asText() + "' in labelSets");
            }
        }
        else {
            labels = levels(labelsNode, child(path, "labels"), reader);
        }
        if (labels == null) {
            return Map.of();
        }
        for (int level = min.intValue(); level <= max.intValue(); level++) {
            if (!labels.containsKey(level)) {
                reader.problem(child(path, "labels"), "level " + level + " has no label");
            }
        }
        for (int level : labels.keySet()) {
            if (level < min.intValue() || level > max.intValue()) {
                reader.problem(child(path, "labels"), "level " + level + " is outside " + min + ".." + max);
            }
        }
        return labels;
    }

    private static List<Option> options(JsonNode node, String path, TreeReader reader) {
        List<Option> options = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<JsonNode> items = reader.list(node, "options", path, true);
        for (int i = 0; i < items.size(); i++) {
            String at = index(child(path, "options"), i);
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                reader.problem(at, "must be a mapping with id and label");
                continue;
            }
            reader.onlyKeys(item, at, Set.of("id", "label"));
            String id = reader.id(item, "id", at, TreeReader.QUESTION_ID);
            if (id != null && !ids.add(id)) {
                reader.problem(child(at, "id"), "option id '" + id + "' is used twice in this question");
            }
            LocalizedText label = reader.text(item, "label", at, true);
            if (id != null && label != null) {
                options.add(new Option(id, label));
            }
        }
        return options;
    }
}
