package ru.berezhno.core.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

import ru.berezhno.core.organizations.Organization;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.projects.Project;
import ru.berezhno.core.projects.ProjectService;
import ru.berezhno.spi.LocalizedText;

/**
 * Plan indicators that follow from the project register: lean projects implemented per
 * organisation and year (plan item 1.4), and the share of replicas among the projects implemented
 * in the year (item 1.5), each against the target of the programme that holds the year. Only
 * organisations that report on the plan count as units; a unit's target may depend on its kind.
 */
public final class ProjectIndicators {
    private final ProjectService projects;
    private final ProgrammeCatalog programmes;
    private final OrganizationDirectory organizations;

    public ProjectIndicators(ProjectService projects, ProgrammeCatalog programmes, OrganizationDirectory organizations) {
        this.projects = requireNonNull(projects, "projects is null");
        this.programmes = requireNonNull(programmes, "programmes is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
    }

    /** The programme a year belongs to, as shown beside its figures (null when no programme holds the year). */
    public record ProgrammeView(String id, LocalizedText name, boolean provisional) {
    }

    /** One organisation's value against the target: the percentage done and whether it is met (null without a target). */
    public record UnitFigure(String organization, long value, Double target, Double percentDone, Boolean met) {
    }

    /** Projects implemented in the year, per organisation and in total. */
    public record Implemented(String indicator, String item, LocalizedText name, List<UnitFigure> organizations, long total, Double targetPerUnit,
            long unitsMeetingTarget) {
    }

    /** Replicas among the projects implemented in the year. */
    public record ReplicatedShare(String indicator, String item, LocalizedText name, long implemented, long replicas, Double percent, Double target,
            Boolean met) {
    }

    public record Figures(int year, ProgrammeView programme, Implemented implemented, ReplicatedShare replicatedShare) {
    }

    public Figures figures(int year) {
        Programme programme = programmes.forYear(year).orElse(null);
        Programme.Indicator implementedIndicator = indicator(programme, "projects-implemented");
        Programme.Indicator shareIndicator = indicator(programme, "replicated-share");
        List<Project> implemented = projects.list(project -> project.year() == year && project.status() == Project.Status.IMPLEMENTED);
        Double perUnit = target(implementedIndicator, year);
        List<UnitFigure> units = new ArrayList<>();
        long meeting = 0;
        for (Organization organization : organizations.all()) {
            if (!organization.reporting()) {
                continue;
            }
            long value = implemented.stream().filter(project -> project.organization().equals(organization.id())).count();
            Double target = implementedIndicator == null ? null : implementedIndicator.target(year, organization.kind());
            Boolean met = target == null ? null : value >= target;
            if (Boolean.TRUE.equals(met)) {
                meeting++;
            }
            units.add(new UnitFigure(organization.id(), value, target, target == null || target == 0 ? null : 100.0 * value / target, met));
        }
        long replicas = implemented.stream().filter(Project::replica).count();
        Double share = implemented.isEmpty() ? null : 100.0 * replicas / implemented.size();
        Double shareTarget = target(shareIndicator, year);
        return new Figures(year, programme == null ? null : new ProgrammeView(programme.id(), programme.name(), programme.provisional()),
                new Implemented("projects-implemented", implementedIndicator == null ? null : implementedIndicator.item(),
                        implementedIndicator == null ? null : implementedIndicator.name(), units, implemented.size(), perUnit, meeting),
                new ReplicatedShare("replicated-share", shareIndicator == null ? null : shareIndicator.item(),
                        shareIndicator == null ? null : shareIndicator.name(), implemented.size(), replicas, share, shareTarget,
                        share == null || shareTarget == null ? null : share >= shareTarget));
    }

    /** The programme's indicator with that source, if it has one. */
    private static Programme.Indicator indicator(Programme programme, String source) {
        return programme == null ? null : programme.indicators().stream().filter(indicator -> indicator.source().equals(source)).findFirst().orElse(null);
    }

    private static Double target(Programme.Indicator indicator, int year) {
        return indicator == null ? null : indicator.target(year, null);
    }
}
