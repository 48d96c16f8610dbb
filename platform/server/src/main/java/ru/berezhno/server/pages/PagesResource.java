package ru.berezhno.server.pages;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;


import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.actions.ActionService;
import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.history.SubjectHistory;
import ru.berezhno.core.plan.PlanService;
import ru.berezhno.core.projects.ProjectService;
import ru.berezhno.core.responses.Audiences;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.organizations.Organization;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.responses.ResponseService;
import ru.berezhno.core.rounds.RoundService;
import ru.berezhno.server.http.ClientKeyFilter;
import ru.berezhno.server.http.RequestBodies;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.QuestionType;
import ru.berezhno.spi.Section;
import ru.berezhno.spi.SurveyDefinition;
import java.net.URLEncoder;
import java.util.Comparator;
import ru.berezhno.core.projects.Project;
import ru.berezhno.core.responses.Periods;

/**
 * The respondents' pages, rendered from the definitions (no page is written per survey): the list
 * of open surveys, a survey's form, and the thank-you page. They work without JavaScript: plain
 * forms posting to the server, protected against cross-site requests by a token that must match a
 * same-site cookie. A wrong answer brings the form back with the error beside its question and
 * every answer kept. Russian by default; {@code ?lang=en} switches to English and is remembered.
 */
@Singleton
@Path("/")
@Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
public final class PagesResource {
    static final String CSRF_COOKIE = "bz_csrf";
    /** The form-token cookie under an https base URL: the {@code __Host-} prefix keeps any other domain from setting it. */
    static final String SECURE_CSRF_COOKIE = "__Host-bz_csrf";
    static final String LANGUAGE_COOKIE = "bz_lang";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private final DefinitionCatalog definitions;
    private final OrganizationDirectory organizations;
    private final ResponseService responses;
    private final RoundService rounds;
    private final PageRenderer renderer;
    private final Sessions sessions;
    private final ProjectService projects;
    private final PlanService plan;
    private final SiteAddress site;
    private final SubjectHistory history;
    private final ActionService actions;
    /**
     * The forms anonymous respondents see, rendered once per survey version, fixed organisation
     * (one of the directory's, or none) and language: a bounded set, since nothing else varies.
     */
    private final Map<FormKey, FilledPage> anonymousForms = new java.util.concurrent.ConcurrentHashMap<>();

    private record FormKey(String survey, int version, String organization, String lang) {
    }

    @Inject
    public PagesResource(DefinitionCatalog definitions, OrganizationDirectory organizations, ResponseService responses, RoundService rounds,
            PageRenderer renderer, Sessions sessions, ProjectService projects, PlanService plan, SiteAddress site,
            SubjectHistory history, ActionService actions) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.projects = requireNonNull(projects, "projects is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.site = requireNonNull(site, "site is null");
        this.history = requireNonNull(history, "history is null");
        this.actions = requireNonNull(actions, "actions is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.responses = requireNonNull(responses, "responses is null");
        this.rounds = requireNonNull(rounds, "rounds is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
    }

    @GET
    public Response index(@BeanParam PageRequest request, @Context UriInfo uri) {
        String lang = request.language();
        Principal principal = request.principal(sessions);
        List<Map<String, Object>> surveys = new ArrayList<>();
        for (SurveyDefinition definition : definitions.latest()) {
            if (answerable(definition, principal)) {
                Map<String, Object> survey = new HashMap<>();
                survey.put("title", definition.title().in(lang));
                survey.put("href", "/s/" + definition.id());
                survey.put("staff", definition.audience().equals("staff"));
                surveys.add(survey);
            }
        }
        Map<String, Object> model = base(uri, lang);
        model.put("surveys", surveys);
        model.put("signedInAs", principal == null ? null : principal.name());
        model.put("dashboard", principal != null && (principal.role() == Role.ANALYST || principal.role() == Role.ADMIN));
        List<Map<String, Object>> links = new ArrayList<>();
        if (principal != null && principal.role() != Role.EXPERT) {
            links.add(Map.of("href", "/actions", "label", PageRenderer.text(lang, "link.actions")));
        }
        if (principal != null && (principal.role() == Role.COORDINATOR || principal.role() == Role.ADMIN)) {
            links.add(Map.of("href", "/codes", "label", PageRenderer.text(lang, "link.codes")));
        }
        if (principal != null && principal.role() != Role.AUDITOR) {
            links.add(Map.of("href", "/projects", "label", PageRenderer.text(lang, "link.projects")));
        }
        if (principal != null && principal.role() == Role.ADMIN) {
            links.add(Map.of("href", "/admin/batches", "label", PageRenderer.text(lang, "link.batches")));
        }
        model.put("links", links);
        if (principal == null) {
            return page("index", lang, model, 200);
        }
        String csrf = request.csrfToken();
        model.put("csrf", csrf);
        return Response.fromResponse(page("index", lang, model, 200)).cookie(csrfCookieFor(csrf)).build();
    }

    @GET
    @Path("s/{survey}")
    public Response form(@PathParam("survey") String surveyId, @QueryParam("org") String organization, @BeanParam PageRequest request,
            @Context UriInfo uri) {
        String lang = request.language();
        Principal principal = request.principal(sessions);
        SurveyDefinition definition = definitions.latest(surveyId).orElse(null);
        if (definition != null && Audiences.attributed(definition) && !answerable(definition, principal)) {
            if (principal == null) {
                return Response.seeOther(URI.create("/signin?next=" + URLEncoder.encode("/s/" + definition.id(), StandardCharsets.UTF_8))).build();
            }
            return error(uri, lang, PageRenderer.text(lang, "error.forbidden"), 403);
        }
        if (definition == null || !answerable(definition, principal)) {
            return unavailable(uri, lang, definition);
        }
        String csrf = request.csrfToken();
        String fixed = fixedOrganization(principal, definition, organization);
        if (principal == null && uri.getQueryParameters().keySet().stream().allMatch(name -> name.equals("org") || name.equals("lang"))) {
            // Every respondent of an organisation gets the same form but for its token: rendered once, filled in per request.
            String page = anonymousForms.computeIfAbsent(new FormKey(definition.id(), definition.version(), fixed, lang),
                    key -> new FilledPage(renderer.render("survey", lang, formModel(uri, lang, definition, null, fixed, null, Map.of(), Map.of(),
                            List.of(), FilledPage.PLACEHOLDER)))).with(csrf);
            return Response.fromResponse(Pages.html(page, 200)).cookie(csrfCookieFor(csrf)).build();
        }
        String project = uri.getQueryParameters().getFirst("project");
        Map<String, List<String>> given = project == null ? Map.of() : Map.of("project", List.of(project));
        Map<String, Object> model = formModel(uri, lang, definition, principal, fixed, null, given, Map.of(), List.of(), csrf);
        return Response.fromResponse(page("survey", lang, model, 200)).cookie(csrfCookieFor(csrf)).build();
    }

    @POST
    @Path("s/{survey}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@PathParam("survey") String surveyId, @BeanParam PageRequest request, InputStream body, @Context UriInfo uri,
            @Context ContainerRequestContext context) {
        Map<String, List<String>> form = parseForm(RequestBodies.read(body, MAX_FORM_BYTES));
        String lang = request.language(form);
        if (!request.csrfMatches(form)) {
            return error(uri, lang, PageRenderer.text(lang, "error.csrf"), 403);
        }
        Principal principal = request.principal(sessions);
        SurveyDefinition definition = definitions.latest(surveyId).orElse(null);
        if (definition != null && Audiences.attributed(definition) && !answerable(definition, principal)) {
            return error(uri, lang, PageRenderer.text(lang, "error.forbidden"), 403);
        }
        if (definition == null || !answerable(definition, principal)) {
            return unavailable(uri, lang, definition);
        }
        FormSubmission built = FormSubmission.of(definition, form, principal, organizations);
        String organization = built.organization();
        boolean fixed = built.fixed();
        ResponseService.Accepted accepted;
        try {
            accepted = responses.submit(definition.id(), built.submission(), principal, ClientKeyFilter.client(context));
        }
        catch (ApiException e) {
            Pages.Problems problems = Pages.problems(e, lang);
            Map<String, String> questionErrors = new HashMap<>();
            List<String> otherErrors = new ArrayList<>();
            String organizationError = null;
            String invitationError = null;
            String extraError = null;
            for (Map.Entry<String, String> problem : problems.byField().entrySet()) {
                String field = problem.getKey();
                if (field.startsWith("answers.")) {
                    questionErrors.put(field.substring("answers.".length()), problem.getValue());
                }
                else if (field.equals("organization")) {
                    organizationError = problem.getValue();
                }
                else if (field.equals("invitation")) {
                    invitationError = problem.getValue();
                }
                else if (field.equals("project") || field.equals("quarter")) {
                    extraError = problem.getValue();
                }
                else {
                    otherErrors.add(problem.getValue());
                }
            }
            // A refused code (unknown, of another organisation, used) is about the code field.
            if (!problems.general().isEmpty() && definition.audience().equals("staff") && e.code() != ErrorCode.UNAVAILABLE) {
                invitationError = problems.general().get(0);
            }
            else {
                otherErrors.addAll(problems.general());
            }
            Map<String, Object> model = formModel(uri, lang, definition, principal, fixed ? organization : null, organization, form, questionErrors,
                    otherErrors, request.csrfCookie());
            model.put("organizationError", organizationError);
            model.put("invitationError", invitationError);
            model.put("extraError", extraError);
            model.put("errorCount", questionErrors.size() + otherErrors.size() + (organizationError == null ? 0 : 1) + (invitationError == null ? 0 : 1)
                    + (extraError == null ? 0 : 1));
            return page("survey", lang, model, e.code().status());
        }
        // An auditor, expert or coordinator sees what was recorded: the scores and any corrective actions.
        return Response.seeOther(URI.create(thanksLocation(definition, lang, Audiences.attributed(definition) ? accepted.id() : null))).build();
    }

    /** Where a respondent goes after answering: the thank-you page, in their language, naming the response only when attributed. */
    static String thanksLocation(SurveyDefinition definition, String lang, String responseId) {
        String query = "en".equals(lang) ? "?lang=en" : "";
        if (responseId != null) {
            query += (query.isEmpty() ? "?" : "&") + "response=" + responseId;
        }
        return "/s/" + definition.id() + "/thanks" + query;
    }

    @GET
    @Path("s/{survey}/thanks")
    public Response thanks(@PathParam("survey") String surveyId, @QueryParam("response") String responseId, @BeanParam PageRequest request,
            @Context UriInfo uri) {
        String lang = request.language();
        Map<String, Object> model = base(uri, lang);
        model.put("recorded", null);
        Principal principal = request.principal(sessions);
        SurveyDefinition definition = definitions.latest(surveyId).orElse(null);
        if (principal != null && definition != null && responseId != null && Audiences.attributed(definition)) {
            // Only the one who recorded it (or an administrator) sees the scores here.
            history.response(definition.id(), responseId).filter(stored -> principal.role() == Role.ADMIN || principal.name().equals(stored.author()))
                    .flatMap(stored -> history.find(definition.id(), responseId)).ifPresent(entry -> {
                        List<Map<String, Object>> scores = new ArrayList<>();
                        entry.scores().forEach((name, value) -> scores.add(Map.of("name", scoreLabel(definition, name, lang),
                                "value", value instanceof Number number ? PageRenderer.decimal(lang, number.doubleValue())
                                        : PageRenderer.label(lang, "band." + value, String.valueOf(value)))));
                        List<Map<String, Object>> raised = new ArrayList<>();
                        actions.list(action -> action.response().equals(responseId)).forEach(action -> raised.add(Map.of("text", action.text(),
                                "due", action.due())));
                        Map<String, Object> recorded = new HashMap<>();
                        recorded.put("subject", entry.subject());
                        recorded.put("scores", scores);
                        recorded.put("actions", raised);
                        model.put("recorded", recorded);
                    });
        }
        return page("thanks", lang, model, 200);
    }

    private Map<String, Object> formModel(UriInfo uri, String lang, SurveyDefinition definition, Principal principal, String fixedOrganization,
            String chosenOrganization, Map<String, List<String>> form, Map<String, String> questionErrors, List<String> otherErrors, String csrf) {
        Map<String, Object> model = base(uri, lang);
        model.put("title", definition.title().in(lang));
        model.put("description", definition.description() == null ? null : definition.description().in(lang));
        model.put("anonymous", definition.audience().equals("citizens") || definition.audience().equals("staff"));
        model.put("signedInAs", principal == null ? null : principal.name());
        model.put("extraError", null);
        model.put("extra", null);
        if (definition.audience().equals("experts")) {
            // The expert chooses the project the sheet is about.
            String chosen = first(form, "project");
            List<Map<String, Object>> choices = new ArrayList<>();
            projects.list(project -> true).stream().sorted(Comparator.comparing(Project::year).reversed()
                    .thenComparing(Project::title)).forEach(project -> choices.add(Map.of("id", project.id(),
                    "name", project.title() + " (" + project.year() + ")", "selected", project.id().equals(chosen))));
            model.put("extra", Map.of("name", "project", "label", PageRenderer.text(lang, "form.project"), "choices", choices));
        }
        else if (definition.audience().equals("coordinators")) {
            // The quarter reported on: those begun, latest first.
            String chosen = first(form, "quarter");
            String current = Periods.quarterOf(plan.today());
            List<Map<String, Object>> choices = new ArrayList<>();
            String quarter = current;
            for (int i = 0; i < 5; i++) {
                choices.add(Map.of("id", quarter, "name", quarter, "selected", quarter.equals(chosen)));
                quarter = Periods.previousQuarter(quarter);
            }
            model.put("extra", Map.of("name", "quarter", "label", PageRenderer.text(lang, "form.quarter"), "choices", choices));
        }
        model.put("action", "/s/" + definition.id());
        model.put("csrf", csrf);
        model.put("errorCount", questionErrors.size() + otherErrors.size());
        model.put("otherErrors", otherErrors);
        model.put("organizationError", null);
        model.put("invitationError", null);
        model.put("invited", definition.audience().equals("staff"));
        model.put("invitation", first(form, "invitation"));
        if (fixedOrganization != null) {
            Organization organization = organizations.find(fixedOrganization).orElseThrow();
            model.put("organization", organization.id());
            model.put("organizationName", Pages.name(organization, lang));
        }
        else {
            model.put("organizationName", null);
            model.put("organizations", Pages.organizationChoices(organizations, lang, chosenOrganization));
        }
        List<Map<String, Object>> sections = new ArrayList<>();
        for (Section section : definition.sections()) {
            List<Map<String, Object>> questions = new ArrayList<>();
            for (Question question : section.questions()) {
                questions.add(questionModel(question, lang, form.getOrDefault("a." + question.id(), List.of()), questionErrors.get(question.id())));
            }
            Map<String, Object> view = new HashMap<>();
            view.put("title", section.title() == null ? null : section.title().in(lang));
            view.put("questions", questions);
            sections.add(view);
        }
        model.put("sections", sections);
        return model;
    }

    private static Map<String, Object> questionModel(Question question, String lang, List<String> given, String error) {
        Map<String, Object> view = new HashMap<>();
        view.put("id", question.id());
        view.put("name", "a." + question.id());
        view.put("type", question.type().id());
        view.put("text", question.text().in(lang));
        view.put("help", question.help() == null ? null : question.help().in(lang));
        view.put("required", question.required());
        view.put("error", error);
        List<String> describedBy = new ArrayList<>();
        if (question.help() != null) {
            describedBy.add("h-" + question.id());
        }
        if (error != null) {
            describedBy.add("e-" + question.id());
        }
        view.put("describedBy", describedBy.isEmpty() ? null : String.join(" ", describedBy));
        boolean choice = question.type() == QuestionType.SCALE || question.type() == QuestionType.SINGLE || question.type() == QuestionType.MULTIPLE;
        view.put("choice", choice);
        view.put("value", given.isEmpty() ? null : given.get(0));
        view.put("maxLength", question.type() == QuestionType.TEXT ? question.maxLength() : null);
        List<Map<String, Object>> choices = new ArrayList<>();
        if (question.type() == QuestionType.SCALE) {
            for (int level = question.scaleMin(); level <= question.scaleMax(); level++) {
                String value = String.valueOf(level);
                choices.add(Map.of("value", value, "label", question.labels().get(level).in(lang), "checked", given.contains(value),
                        "inputId", "i-" + question.id() + "-" + level));
            }
        }
        else if (choice) {
            question.options().forEach(option -> choices.add(Map.of("value", option.id(), "label", option.label().in(lang), "checked",
                    given.contains(option.id()), "inputId", "i-" + question.id() + "-" + option.id())));
        }
        view.put("choices", choices);
        return view;
    }

    /**
     * A survey the pages offer: citizens' surveys, staff surveys (with a round open when they run in
     * rounds), and to a signed-in auditor, expert or coordinator the surveys of their role.
     */
    private boolean answerable(SurveyDefinition definition, Principal principal) {
        if (Audiences.attributed(definition)) {
            return principal != null && (principal.role() == Role.ADMIN || Audiences.role(definition).filter(principal.role()::equals).isPresent());
        }
        boolean audience = definition.audience().equals("citizens") || definition.audience().equals("staff");
        return audience && (definition.periods() != SurveyDefinition.Periods.ROUNDS || rounds.openRound(definition.id()).isPresent());
    }

    /** A score's name: the title of the section it is about (a 5S step), else the pages' text, else the name itself. */
    static String scoreLabel(SurveyDefinition definition, String name, String lang) {
        for (Section section : definition.sections()) {
            if (section.id().equals(name) && section.title() != null) {
                return section.title().in(lang) + ", %";
            }
        }
        return PageRenderer.label(lang, "score." + name, name);
    }

    /** The organisation a form is fixed to: a coordinator's own, else the one of the QR code's link. */
    private String fixedOrganization(Principal principal, SurveyDefinition definition, String requested) {
        if (principal != null && principal.role() == Role.COORDINATOR && principal.organization() != null) {
            return principal.organization();
        }
        if (definition.audience().equals("experts")) {
            return null;
        }
        return organizations.contains(requested) ? requested : null;
    }

    private Map<String, Object> base(UriInfo uri, String lang) {
        Map<String, Object> model = new HashMap<>();
        String other = "en".equals(lang) ? "ru" : "en";
        StringBuilder query = new StringBuilder("?lang=" + other);
        String organization = uri.getQueryParameters().getFirst("org");
        if (organization != null && organizations.contains(organization)) {
            query.append("&org=").append(organization);
        }
        model.put("switchLanguage", "/" + uri.getPath() + query);
        return model;
    }

    private Response page(String template, String lang, Map<String, Object> model, int status) {
        return Pages.html(renderer.render(template, lang, model), status);
    }

    /** No such survey (404), or a staff survey between rounds, which takes no answers now (409). */
    private Response unavailable(UriInfo uri, String lang, SurveyDefinition definition) {
        return definition == null ? error(uri, lang, PageRenderer.text(lang, "error.notFound"), 404)
                : error(uri, lang, PageRenderer.text(lang, "form.notOpen"), 409);
    }

    private Response error(UriInfo uri, String lang, String message, int status) {
        Map<String, Object> model = base(uri, lang);
        model.put("message", message);
        return page("error", lang, model, status);
    }

    /** The form token: the browser's cookie when it has a well-formed one, else a new one. */
    static String csrfCookie(String cookie) {
        return cookie != null && cookie.matches("[A-Za-z0-9_-]{43}") ? cookie : newToken();
    }

    NewCookie csrfCookieFor(String token) {
        return Pages.csrfCookie(token, site);
    }

    /** Whether a posted form's token equals the cookie's (the double-submit check against cross-site posts). */
    static boolean csrfMatches(String cookie, String posted) {
        return cookie != null && posted != null && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), posted.getBytes(StandardCharsets.UTF_8));
    }

    static String language(String parameter, String cookie) {
        String chosen = parameter != null ? parameter : cookie;
        return "en".equals(chosen) ? "en" : "ru";
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static Map<String, List<String>> parseForm(byte[] body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.US_ASCII);
        if (text.isEmpty()) {
            return form;
        }
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return form;
    }
}
