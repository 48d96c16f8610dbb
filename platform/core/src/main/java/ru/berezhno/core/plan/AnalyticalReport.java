package ru.berezhno.core.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ru.berezhno.core.actions.Action;
import ru.berezhno.core.actions.ActionService;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.responses.Audiences;
import ru.berezhno.core.results.Ranking;
import ru.berezhno.core.results.Results;
import ru.berezhno.core.results.ResultsQuery;
import ru.berezhno.core.results.ResultsService;
import ru.berezhno.spi.LocalizedText;
import ru.berezhno.spi.SurveyDefinition;

/**
 * The quarterly analytical information УЭР sends up under plan item 3.2: for one ended quarter,
 * the plan's fulfilment for its year through that quarter (with the units late or missing), the
 * indices of every anonymous survey by organisation (small groups suppressed as everywhere), and
 * the 5S results with the state of the corrective actions.
 */
public final class AnalyticalReport {
    private final PlanService plan;
    private final ResultsService results;
    private final ActionService actions;
    private final DefinitionCatalog definitions;

    public AnalyticalReport(PlanService plan, ResultsService results, ActionService actions, DefinitionCatalog definitions) {
        this.plan = requireNonNull(plan, "plan is null");
        this.results = requireNonNull(results, "results is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
    }

    /** A survey's results for the quarter: the district as a whole, then each organisation. */
    public record SurveySection(String survey, LocalizedText title, Results.Group district, List<Results.Group> organizations) {
    }

    /** An audit's ranking of organisations in the quarter. */
    public record AuditSection(String survey, LocalizedText title, Ranking ranking) {
    }

    /** The corrective actions per organisation, as at the day the report is made. */
    public record ActionCounts(String organization, long open, long overdue, long done, long verified) {
    }

    public record Document(String quarter, String madeOn, PlanService.Fulfilment fulfilment, List<SurveySection> surveys,
            List<AuditSection> audits, List<ActionCounts> actions) {
    }

    public Document make(String quarter) {
        plan.checkEnded(quarter);
        PlanService.Fulfilment fulfilment = plan.fulfilmentThrough(quarter);
        List<SurveySection> surveys = new ArrayList<>();
        List<AuditSection> audits = new ArrayList<>();
        for (SurveyDefinition definition : definitions.latest()) {
            if (definition.periods() != SurveyDefinition.Periods.QUARTERS) {
                continue;
            }
            if (!Audiences.attributed(definition)) {
                Results district = results.results(definition.id(), new ResultsQuery(null, quarter, Set.of()));
                Results byOrganization = results.results(definition.id(),
                        new ResultsQuery(null, quarter, Set.of(ResultsQuery.Dimension.ORGANIZATION)));
                surveys.add(new SurveySection(definition.id(), definition.title(), district.groups().isEmpty() ? null : district.groups().get(0),
                        byOrganization.groups()));
            }
            else if (definition.audience().equals("auditors")) {
                audits.add(new AuditSection(definition.id(), definition.title(), results.ranking(definition.id(), quarter, null)));
            }
        }
        java.time.LocalDate today = plan.today();
        Map<String, List<Action>> byOrganization = new java.util.TreeMap<>();
        actions.list(action -> true).forEach(action -> byOrganization.computeIfAbsent(action.organization(), key -> new ArrayList<>()).add(action));
        List<ActionCounts> counts = new ArrayList<>();
        byOrganization.forEach((organization, list) -> counts.add(new ActionCounts(organization,
                list.stream().filter(action -> action.status() == Action.Status.OPEN).count(),
                list.stream().filter(action -> action.overdueOn(today)).count(),
                list.stream().filter(action -> action.status() == Action.Status.DONE).count(),
                list.stream().filter(action -> action.status() == Action.Status.VERIFIED).count())));
        return new Document(quarter, today.toString(), fulfilment, surveys, audits, counts);
    }
}
