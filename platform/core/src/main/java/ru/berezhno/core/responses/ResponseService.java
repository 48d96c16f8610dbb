package ru.berezhno.core.responses;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.actions.Action;
import ru.berezhno.core.actions.ActionService;
import ru.berezhno.core.history.SubjectHistory;
import ru.berezhno.core.projects.Project;
import ru.berezhno.core.projects.ProjectService;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.invitations.InvitationService;
import ru.berezhno.core.limits.SubmissionGate;
import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.rounds.RoundService;
import ru.berezhno.core.store.StoreException;
import ru.berezhno.core.store.Write;
import ru.berezhno.core.store.WriteConflictException;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.SurveyDefinition;

/** Accepts responses: checks them, scores them with their kind, and stores them durably. */
public final class ResponseService {
    /** One generator per thread: a shared SecureRandom is a point of contention under load. */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final DefinitionCatalog definitions;
    private final PluginRegistry plugins;
    private final SubmissionParser parser;
    private final ResponseRepository repository;
    private final RoundService rounds;
    private final InvitationService invitations;
    private final ActionService actions;
    private final SubjectHistory history;
    private final ProjectService projects;
    private final Clock clock;
    private final ZoneId zone;
    private final SubmissionGate gate;
    private final Batches batches;

    public ResponseService(DefinitionCatalog definitions, PluginRegistry plugins, SubmissionParser parser, ResponseRepository repository,
            RoundService rounds, InvitationService invitations, ActionService actions, SubjectHistory history, ProjectService projects, Clock clock,
            ZoneId zone, SubmissionGate gate, Batches batches) {
        this.gate = requireNonNull(gate, "gate is null");
        this.batches = requireNonNull(batches, "batches is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.parser = requireNonNull(parser, "parser is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.rounds = requireNonNull(rounds, "rounds is null");
        this.invitations = requireNonNull(invitations, "invitations is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.history = requireNonNull(history, "history is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.zone = requireNonNull(zone, "zone is null");
    }

    /**
     * The id and scores of an accepted response; for an attributed one also the corrective actions
     * it raised and its comparison with the response before it about the same subject (or null).
     */
    public record Accepted(String id, Map<String, Object> scores, List<Action> actions, SubjectHistory.Comparison sincePrevious) {
    }

    /**
     * Accepts one response to the latest version of a survey, returning once it is on disk, from a
     * client the server could not tell apart (a test, an import tool).
     *
     * @param principal the caller, or null when anonymous
     */
    public Accepted submit(String surveyId, JsonNode body, Principal principal) {
        return submit(surveyId, body, principal, SubmissionGate.UNKNOWN_CLIENT);
    }

    /**
     * Accepts one response to the latest version of a survey, returning once it is on disk. An
     * anonymous submission without an invitation code beyond the limits (per {@code client}, and
     * per organisation) is held in quarantine instead, and answered exactly alike: nothing tells
     * the sender it was held.
     *
     * @param principal the caller, or null when anonymous
     * @param client the sender's key for the per-client limit (see {@link SubmissionGate}), or {@link SubmissionGate#UNKNOWN_CLIENT}
     */
    public Accepted submit(String surveyId, JsonNode body, Principal principal, long client) {
        SurveyDefinition definition = definition(surveyId);
        checkMayAnswer(definition, principal);
        boolean invited = definition.audience().equals("staff");
        boolean scoresProject = definition.audience().equals("experts");
        List<FieldError> errors = new ArrayList<>();
        Project project = null;
        if (scoresProject) {
            // An expert's sheet is about a registered project, and belongs to the project's organisation.
            project = project(body, errors);
            if (project != null && body.isObject() && !body.has("organization")) {
                body = ((com.fasterxml.jackson.databind.node.ObjectNode) body.deepCopy()).put("organization", project.organization());
            }
        }
        // A coordinator's report is for a quarter that has begun, and for their own organisation.
        boolean reportsQuarter = definition.audience().equals("coordinators");
        SubmissionParser.Submission submission = parser.parse(body, definition,
                invited ? Set.of("invitation") : scoresProject ? Set.of("project") : reportsQuarter ? Set.of("quarter") : Set.of(), errors);
        String reportedQuarter = reportsQuarter ? reportedQuarter(submission.extras().get("quarter"), errors) : null;
        if (reportsQuarter && principal.role() == Role.COORDINATOR && submission.organization() != null
                && !submission.organization().equals(principal.organization())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.otherOrganization");
        }
        if (project != null && submission.organization() != null && !submission.organization().equals(project.organization())) {
            errors.add(FieldError.of("organization", "error.notProjectOrganization", project.organization()));
        }
        String code = null;
        if (invited) {
            JsonNode invitation = submission.extras().get("invitation");
            if (invitation == null || !invitation.isTextual() || invitation.asText().isBlank() || invitation.asText().length() > 64) {
                errors.add(FieldError.of("invitation", "error.invitation"));
            }
            else {
                code = invitation.asText();
            }
        }
        InstrumentKind kind = kind(definition);
        if (errors.isEmpty()) {
            kind.check(definition, new ru.berezhno.spi.Response(definition.id(), definition.version(), submission.organization(), "",
                    submission.answers())).forEach(problem -> errors.add(FieldError.text(problem.field(), problem.message())));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        List<Write> together = new ArrayList<>();
        if (code != null) {
            InvitationService.Invitation invitation = invitations.find(code)
                    .orElseThrow(() -> new ApiException(ErrorCode.FORBIDDEN, "detail.unknownInvitation"));
            if (!invitation.survey().equals(definition.id()) || !invitation.organization().equals(submission.organization())) {
                throw new ApiException(ErrorCode.FORBIDDEN, "detail.invitationElsewhere");
            }
            // A slip left from the last round does not answer in this one.
            if (invitation.round() != null && rounds.openRound(definition.id()).map(round -> !round.id().equals(invitation.round())).orElse(false)) {
                throw new ApiException(ErrorCode.FORBIDDEN, "detail.invitationOtherRound");
            }
            together.add(InvitationService.markUsed(code));
        }
        String period = reportedQuarter != null ? reportedQuarter
                : definition.periods() == SurveyDefinition.Periods.ROUNDS
                        ? rounds.openRound(definition.id()).orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, "detail.noOpenRound")).id()
                        : Periods.quarterOf(LocalDate.now(clock.withZone(zone)));
        StoredResponse response = new StoredResponse(newId(), definition.id(), definition.version(), submission.organization(), period,
                submission.answers());
        List<Action> raised = List.of();
        if (Audiences.attributed(definition)) {
            // Given under a name: who, when and about what are part of the record.
            String subject = project != null ? project.id() : reportedQuarter != null ? reportedQuarter
                    : kind.subject(definition, response.toResponse()).orElse(null);
            response = new StoredResponse(response.id(), response.survey(), response.version(), response.organization(), period,
                    response.answers(), principal.name(), clock.instant().toString(), subject);
            raised = actions.raise(definition, response, kind.actions(definition, response.toResponse()));
            raised.forEach(action -> together.add(ActionService.insert(action)));
        }
        Map<String, Object> scores = kind.score(definition, response.toResponse());
        if (!Audiences.attributed(definition) && code == null) {
            SubmissionGate.Verdict verdict = gate.admit(definition.id(), response.organization(), client);
            if (verdict != SubmissionGate.Verdict.ACCEPT) {
                batches.hold(response, definition, verdict == SubmissionGate.Verdict.CLIENT_OVER_LIMIT ? Batch.Reason.CLIENT_LIMIT
                        : Batch.Reason.FLOOD);
                return new Accepted(response.id(), scores, List.of(), null);
            }
        }
        try {
            store(List.of(response), definition, together);
        }
        catch (StoreException e) {
            if (e.getCause() instanceof WriteConflictException conflict && conflict.collection().equals(InvitationService.USED)) {
                throw new ApiException(ErrorCode.CONFLICT, "detail.invitationUsed");
            }
            throw e;
        }
        SubjectHistory.Comparison comparison = response.attributed() ? history.compare(response, scores).orElse(null) : null;
        return new Accepted(response.id(), scores, raised, comparison);
    }

    /**
     * Imports responses transcribed from paper, each with its {@code submittedAt} date: all of them
     * or, when any line has a problem, none.
     *
     * @param lines the body's lines; blank lines are skipped but counted
     * @return the batch they were stored in, which an administrator may void as a whole
     */
    public Batch importResponses(String surveyId, List<JsonNode> lines, Principal by) {
        SurveyDefinition definition = definition(surveyId);
        if (Audiences.attributed(definition)) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.noImportAttributed", surveyId);
        }
        InstrumentKind kind = kind(definition);
        List<FieldError> errors = new ArrayList<>();
        List<StoredResponse> responses = new ArrayList<>();
        LocalDate today = LocalDate.now(clock.withZone(zone));
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            if (line == null) {
                continue;
            }
            int lineNumber = i + 1;
            List<FieldError> lineErrors = new ArrayList<>();
            boolean byRound = definition.periods() == SurveyDefinition.Periods.ROUNDS;
            SubmissionParser.Submission submission = parser.parse(line, definition, Set.of(byRound ? "round" : "submittedAt"), lineErrors);
            String period = !line.isObject() ? null
                    : byRound ? round(definition.id(), submission.extras().get("round"), lineErrors)
                    : quarter(submission.extras().get("submittedAt"), today, lineErrors);
            if (lineErrors.isEmpty()) {
                kind.check(definition, new ru.berezhno.spi.Response(definition.id(), definition.version(), submission.organization(), period,
                        submission.answers())).forEach(problem -> lineErrors.add(FieldError.text(problem.field(), problem.message())));
            }
            lineErrors.forEach(error -> errors.add(error.atLine(lineNumber)));
            if (lineErrors.isEmpty()) {
                responses.add(new StoredResponse(newId(), definition.id(), definition.version(), submission.organization(), period,
                        submission.answers()));
            }
        }
        if (responses.isEmpty() && errors.isEmpty()) {
            errors.add(FieldError.of("$", "error.emptyImport"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return batches.importBatch(responses, definition, by);
    }

    /** The quarter a report is for: one that has begun, or null with an error added. */
    private String reportedQuarter(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(FieldError.of("quarter", "error.required"));
            return null;
        }
        if (!node.isTextual() || !Periods.isQuarter(node.asText())) {
            errors.add(FieldError.of("quarter", "error.period"));
            return null;
        }
        if (Periods.quarterStart(node.asText()).isAfter(LocalDate.now(clock.withZone(zone)))) {
            errors.add(FieldError.of("quarter", "error.quarterInFuture"));
            return null;
        }
        return node.asText();
    }

    /** The registered project a scoresheet names in its {@code project} field, or null with an error added. */
    private Project project(JsonNode body, List<FieldError> errors) {
        JsonNode node = body == null ? null : body.get("project");
        if (node == null || node.isNull()) {
            errors.add(FieldError.of("project", "error.required"));
            return null;
        }
        Project project = node.isTextual() ? projects.find(node.asText()).orElse(null) : null;
        if (project == null) {
            errors.add(FieldError.of("project", "error.unknownProject"));
        }
        return project;
    }

    /** The round a paper questionnaire belongs to: one that was opened, open or closed now. */
    private String round(String surveyId, JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(FieldError.of("round", "error.required"));
            return null;
        }
        if (!node.isTextual() || !rounds.exists(surveyId, node.asText())) {
            errors.add(FieldError.of("round", "error.unknownRound"));
            return null;
        }
        return node.asText();
    }

    private static String quarter(JsonNode node, LocalDate today, List<FieldError> errors) {
        LocalDate date = date(node, today, errors);
        return date == null ? null : Periods.quarterOf(date);
    }

    private static LocalDate date(JsonNode node, LocalDate today, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(FieldError.of("submittedAt", "error.required"));
            return null;
        }
        try {
            if (!node.isTextual()) {
                throw new DateTimeParseException("not text", node.toString(), 0);
            }
            LocalDate date = LocalDate.parse(node.asText());
            if (date.isAfter(today)) {
                errors.add(FieldError.of("submittedAt", "error.dateInFuture"));
                return null;
            }
            return date;
        }
        catch (DateTimeParseException e) {
            errors.add(FieldError.of("submittedAt", "error.date"));
            return null;
        }
    }

    private SurveyDefinition definition(String surveyId) {
        return definitions.latest(surveyId).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownSurvey", surveyId));
    }

    private InstrumentKind kind(SurveyDefinition definition) {
        return plugins.kind(definition.kind()).orElseThrow(() -> new IllegalStateException("no kind " + definition.kind()));
    }

    /**
     * Citizens' surveys are open to anyone, and staff surveys to anyone with an invitation code;
     * the others need a token of the role that answers them.
     */
    private static void checkMayAnswer(SurveyDefinition definition, Principal principal) {
        if (!Audiences.attributed(definition)) {
            return;
        }
        Role needed = Audiences.role(definition).orElse(Role.ADMIN);
        if (principal == null) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "detail.tokenRequired");
        }
        if (principal.role() != needed && principal.role() != Role.ADMIN) {
            throw new ApiException(ErrorCode.FORBIDDEN, "detail.roleRequired", needed.id());
        }
    }

    private void store(List<StoredResponse> responses, SurveyDefinition definition, List<Write> together) {
        try {
            repository.insert(responses, definition, together, WRITE_TIMEOUT);
        }
        catch (TimeoutException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "detail.unavailable");
        }
    }

    /** A random, unguessable id: 128 bits, URL-safe. */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
