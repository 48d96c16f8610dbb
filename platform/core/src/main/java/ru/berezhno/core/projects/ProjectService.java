package ru.berezhno.core.projects;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.responses.ResponseService;
import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoredJson;
import ru.berezhno.core.store.Write;

/**
 * The register of lean projects, in the {@code projects} collection keyed by id and held in memory
 * (a district registers tens of projects a year). A coordinator registers and updates the projects
 * of their own organisation; an admin any.
 */
public final class ProjectService {
    public static final String COLLECTION = "projects";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final Store store;
    private final Clock clock;
    private final Map<String, Project> projects = new ConcurrentHashMap<>();

    public ProjectService(Store store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        store.scan(COLLECTION, "", (key, value) -> projects.put(key, StoredJson.decode(value, Project.class, "project")));
    }

    /** What a caller gives for a new project, or changes in one (null fields stay as they are). */
    public record Draft(String title, String organization, Integer year, Project.Status status, String replicates) {
    }

    /** Registers a project, checked beforehand by the caller; the replicated project must exist. */
    public synchronized Project create(Draft draft, Principal principal) {
        checkOrganization(principal, draft.organization());
        String now = clock.instant().toString();
        Project project = new Project(ResponseService.newId(), draft.title().strip(), draft.organization(), draft.year(), draft.status(),
                draft.replicates(), principal.name(), now, now);
        save(project);
        return project;
    }

    public synchronized Project update(String id, Draft change, Principal principal) {
        Project project = find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownProject", id));
        checkOrganization(principal, project.organization());
        if (change.organization() != null) {
            checkOrganization(principal, change.organization());
        }
        if (change.replicates() != null && change.replicates().equals(id)) {
            throw ApiException.invalid(List.of(ru.berezhno.core.errors.FieldError.of("replicates", "error.replicatesItself")));
        }
        Project updated = new Project(id, change.title() == null ? project.title() : change.title().strip(),
                change.organization() == null ? project.organization() : change.organization(),
                change.year() == null ? project.year() : change.year(), change.status() == null ? project.status() : change.status(),
                change.replicates() == null ? project.replicates() : change.replicates(), project.createdBy(), project.createdAt(),
                clock.instant().toString());
        save(updated);
        return updated;
    }

    public Optional<Project> find(String id) {
        return Optional.ofNullable(id == null ? null : projects.get(id));
    }

    /** The projects that pass the filter, by year, organisation and title. */
    public List<Project> list(Predicate<Project> filter) {
        List<Project> found = new ArrayList<>(projects.values().stream().filter(filter).toList());
        found.sort(Comparator.comparingInt(Project::year).thenComparing(Project::organization).thenComparing(Project::title)
                .thenComparing(Project::id));
        return found;
    }

    private void save(Project project) {
        try {
            store.writeAndWait(List.of(Write.put(COLLECTION, project.id(), StoredJson.encode(project))), WRITE_TIMEOUT);
        }
        catch (TimeoutException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "detail.unavailable");
        }
        projects.put(project.id(), project);
    }

    private static void checkOrganization(Principal principal, String organization) {
        if (principal.role() == Role.COORDINATOR && !organization.equals(principal.organization())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.otherOrganization");
        }
    }
}
