package ru.berezhno.core.history;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import ru.berezhno.core.actions.Action;
import ru.berezhno.core.actions.ActionService;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.core.responses.StoredResponse;
import ru.berezhno.spi.SurveyDefinition;

/**
 * The history of the subjects of attributed responses, such as the audits of one workplace: each
 * response with its scores, in the order given, and the change since the one before. Attributed
 * responses are few (audits, scoresheets), so they are read by a scan of their survey.
 */
public final class SubjectHistory {
    private final ResponseRepository repository;
    private final DefinitionCatalog definitions;
    private final PluginRegistry plugins;
    private final ActionService actions;

    public SubjectHistory(ResponseRepository repository, DefinitionCatalog definitions, PluginRegistry plugins, ActionService actions) {
        this.repository = requireNonNull(repository, "repository is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.actions = requireNonNull(actions, "actions is null");
    }

    /** One attributed response as history shows it. */
    public record Entry(String id, String organization, String subject, String period, String submittedAt, String author,
            Map<String, Object> scores) {
    }

    /** A response against the one before it about the same subject. */
    public record Comparison(Entry previous, Map<String, Double> change, List<Action> verified, List<Action> outstanding) {
    }

    /** A subject of one organisation with its responses, oldest first. */
    public record Subject(String organization, String subject, List<Entry> entries) {
    }

    /**
     * The subjects of a survey's attributed responses, each with its responses, oldest first.
     *
     * @param organization only this organisation's, or every one when null
     * @param subject only this subject, or every one when null
     */
    public List<Subject> subjects(String survey, String organization, String subject) {
        Map<List<String>, List<Entry>> bySubject = new LinkedHashMap<>();
        for (StoredResponse response : responses(survey, organization, subject)) {
            bySubject.computeIfAbsent(List.of(response.organization(), response.subject()), key -> new ArrayList<>()).add(entry(response));
        }
        List<Subject> subjects = new ArrayList<>();
        bySubject.forEach((key, entries) -> subjects.add(new Subject(key.get(0), key.get(1), entries)));
        subjects.sort(Comparator.comparing(Subject::organization).thenComparing(Subject::subject));
        return subjects;
    }

    /** The comparison of a response with the latest one before it about the same subject, if there is one. */
    public Optional<Comparison> compare(StoredResponse current, Map<String, Object> scores) {
        if (current.subject() == null) {
            return Optional.empty();
        }
        Optional<StoredResponse> previous = responses(current.survey(), current.organization(), current.subject()).stream()
                .filter(response -> !response.id().equals(current.id()) && response.submittedAt().compareTo(current.submittedAt()) <= 0)
                .reduce((first, second) -> second);
        return previous.map(before -> {
            Entry entry = entry(before);
            Map<String, Double> change = new LinkedHashMap<>();
            scores.forEach((name, value) -> {
                if (value instanceof Number now && entry.scores().get(name) instanceof Number then) {
                    change.put(name, BigDecimal.valueOf(now.doubleValue() - then.doubleValue()).setScale(1, RoundingMode.HALF_UP).doubleValue());
                }
            });
            List<Action> raised = actions.list(action -> action.survey().equals(current.survey())
                    && action.organization().equals(current.organization()) && Objects.equals(action.subject(), current.subject())
                    && !action.response().equals(current.id()) && action.createdAt().compareTo(current.submittedAt()) < 0);
            return new Comparison(entry, change, raised.stream().filter(action -> action.status() == Action.Status.VERIFIED).toList(),
                    raised.stream().filter(action -> action.status() != Action.Status.VERIFIED).toList());
        });
    }

    /** One attributed response with its scores, as its own definition version gives them. */
    public Optional<Entry> find(String survey, String id) {
        return repository.find(survey, id).filter(StoredResponse::attributed).map(this::entry);
    }

    /** The stored response behind an entry. */
    public Optional<StoredResponse> response(String survey, String id) {
        return repository.find(survey, id).filter(StoredResponse::attributed);
    }

    private List<StoredResponse> responses(String survey, String organization, String subject) {
        List<StoredResponse> found = new ArrayList<>();
        repository.forEach(survey, response -> {
            if (response.attributed() && response.subject() != null && (organization == null || organization.equals(response.organization()))
                    && (subject == null || subject.equals(response.subject()))) {
                found.add(response);
            }
        });
        found.sort(Comparator.comparing(StoredResponse::submittedAt).thenComparing(StoredResponse::id));
        return found;
    }

    private Entry entry(StoredResponse response) {
        SurveyDefinition definition = definitions.version(response.survey(), response.version())
                .or(() -> definitions.latest(response.survey())).orElseThrow();
        Map<String, Object> scores = plugins.kind(definition.kind()).orElseThrow().score(definition, response.toResponse());
        return new Entry(response.id(), response.organization(), response.subject(), response.period(), response.submittedAt(),
                response.author(), scores);
    }
}
