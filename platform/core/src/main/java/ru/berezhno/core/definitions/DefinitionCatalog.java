package ru.berezhno.core.definitions;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import ru.berezhno.spi.SurveyDefinition;

/**
 * The loaded definitions. Several versions of one definition may be loaded; new responses answer
 * the latest, and responses to older versions stay readable.
 */
public final class DefinitionCatalog {
    private final Map<String, TreeMap<Integer, SurveyDefinition>> versions;

    public DefinitionCatalog(List<SurveyDefinition> definitions) {
        this.versions = definitions.stream().collect(Collectors.groupingBy(SurveyDefinition::id, TreeMap::new,
                Collectors.toMap(SurveyDefinition::version, definition -> definition, (a, b) -> {
                    throw new IllegalArgumentException("duplicate version " + a.version() + " of " + a.id());
                }, TreeMap::new)));
    }

    /** The latest version of each definition, ordered by id. */
    public List<SurveyDefinition> latest() {
        return versions.values().stream().map(byVersion -> byVersion.lastEntry().getValue())
                .sorted(Comparator.comparing(SurveyDefinition::id)).toList();
    }

    public Optional<SurveyDefinition> latest(String id) {
        TreeMap<Integer, SurveyDefinition> byVersion = versions.get(id);
        return byVersion == null ? Optional.empty() : Optional.of(byVersion.lastEntry().getValue());
    }

    public Optional<SurveyDefinition> version(String id, int version) {
        TreeMap<Integer, SurveyDefinition> byVersion = versions.get(id);
        return byVersion == null ? Optional.empty() : Optional.ofNullable(byVersion.get(version));
    }
}
