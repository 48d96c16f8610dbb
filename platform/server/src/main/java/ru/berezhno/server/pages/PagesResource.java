package ru.berezhno.server.pages;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.math.BigDecimal;
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

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.errors.Messages;
import ru.berezhno.core.organizations.Organization;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.responses.ResponseService;
import ru.berezhno.core.rounds.RoundService;
import ru.berezhno.server.http.RequestBodies;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.QuestionType;
import ru.berezhno.spi.Section;
import ru.berezhno.spi.SurveyDefinition;

/**
 * The respondents' pages, rendered from the definitions (no page is written per survey): the list
 * of open surveys, a survey's form, and the thank-you page. They work without JavaScript: plain
 * forms posting to the server, protected against cross-site requests by a token that must match a
 * same-site cookie. A wrong answer brings the form back with the error beside its question and
 * every answer kept. Russian by default; {@code ?lang=en} switches to English and is remembered.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
public final class PagesResource {
    static final String CSRF_COOKIE = "bz_csrf";
    static final String LANGUAGE_COOKIE = "bz_lang";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private final DefinitionCatalog definitions;
    private final OrganizationDirectory organizations;
    private final ResponseService responses;
    private final RoundService rounds;
    private final PageRenderer renderer;

    @Inject
    public PagesResource(DefinitionCatalog definitions, OrganizationDirectory organizations, ResponseService responses, RoundService rounds,
            PageRenderer renderer) {
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.responses = requireNonNull(responses, "responses is null");
        this.rounds = requireNonNull(rounds, "rounds is null");
        this.renderer = requireNonNull(renderer, "renderer is null");
    }

    @GET
    public Response index(@QueryParam("lang") String langParameter, @CookieParam(LANGUAGE_COOKIE) String langCookie, @Context UriInfo uri) {
        String lang = language(langParameter, langCookie);
        List<Map<String, Object>> surveys = new ArrayList<>();
        for (SurveyDefinition definition : definitions.latest()) {
            if (answerable(definition)) {
                Map<String, Object> survey = new HashMap<>();
                survey.put("title", definition.title().in(lang));
                survey.put("href", "/s/" + definition.id());
                survey.put("staff", definition.audience().equals("staff"));
                surveys.add(survey);
            }
        }
        Map<String, Object> model = base(uri, lang);
        model.put("surveys", surveys);
        return page("index", lang, model, 200, langParameter);
    }

    @GET
    @Path("s/{survey}")
    public Response form(@PathParam("survey") String surveyId, @QueryParam("org") String organization, @QueryParam("lang") String langParameter,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, @CookieParam(CSRF_COOKIE) String csrfCookie, @Context UriInfo uri) {
        String lang = language(langParameter, langCookie);
        SurveyDefinition definition = definition(surveyId);
        if (definition == null) {
            return error(uri, lang, PageRenderer.text(lang, "error.notFound"), 404);
        }
        String csrf = csrfCookie != null && csrfCookie.matches("[A-Za-z0-9_-]{43}") ? csrfCookie : newToken();
        Map<String, Object> model = formModel(uri, lang, definition, organizations.contains(organization) ? organization : null, null, Map.of(),
                Map.of(), List.of(), csrf);
        return Response.fromResponse(page("survey", lang, model, 200, langParameter)).cookie(csrfCookie(csrf, uri)).build();
    }

    @POST
    @Path("s/{survey}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@PathParam("survey") String surveyId, @CookieParam(CSRF_COOKIE) String csrfCookie,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, InputStream body, @Context UriInfo uri) {
        Map<String, List<String>> form = parseForm(RequestBodies.read(body, MAX_FORM_BYTES));
        String lang = language(first(form, "lang"), langCookie);
        SurveyDefinition definition = definition(surveyId);
        if (definition == null) {
            return error(uri, lang, PageRenderer.text(lang, "error.notFound"), 404);
        }
        String csrf = first(form, "csrf");
        if (csrfCookie == null || csrf == null || !MessageDigest.isEqual(csrfCookie.getBytes(StandardCharsets.UTF_8),
                csrf.getBytes(StandardCharsets.UTF_8))) {
            return error(uri, lang, PageRenderer.text(lang, "error.csrf"), 403);
        }
        String organization = first(form, "organization");
        boolean fixed = "1".equals(first(form, "fixed")) && organization != null && organizations.contains(organization);
        ObjectNode submission = NODES.objectNode();
        if (organization != null && !organization.isBlank()) {
            submission.put("organization", organization);
        }
        if (definition.audience().equals("staff")) {
            String invitation = first(form, "invitation");
            submission.put("invitation", invitation == null ? "" : invitation.strip());
        }
        ObjectNode answers = submission.putObject("answers");
        for (Question question : definition.questions()) {
            List<String> values = form.getOrDefault("a." + question.id(), List.of()).stream().filter(value -> !value.isBlank()).toList();
            if (values.isEmpty()) {
                continue;
            }
            switch (question.type()) {
                case MULTIPLE -> {
                    ArrayNode list = answers.putArray(question.id());
                    values.forEach(list::add);
                }
                case SCALE, NUMBER -> answers.set(question.id(), number(values.get(0)));
                default -> answers.put(question.id(), values.get(0));
            }
        }
        try {
            responses.submit(definition.id(), submission, null);
        }
        catch (ApiException e) {
            Messages messages = Messages.forLanguage(lang);
            Map<String, String> questionErrors = new HashMap<>();
            List<String> otherErrors = new ArrayList<>();
            String organizationError = null;
            String invitationError = null;
            for (FieldError error : e.errors()) {
                String message = messages.format(error.messageKey(), error.arguments());
                if (error.field().startsWith("answers.")) {
                    questionErrors.putIfAbsent(error.field().substring("answers.".length()), message);
                }
                else if (error.field().equals("organization")) {
                    organizationError = message;
                }
                else if (error.field().equals("invitation")) {
                    invitationError = message;
                }
                else {
                    otherErrors.add(message);
                }
            }
            if (e.errors().isEmpty()) {
                String message = messages.format(e.detailKey(), e.detailArguments());
                if (definition.audience().equals("staff") && e.code() != ErrorCode.UNAVAILABLE) {
                    invitationError = message;
                }
                else {
                    otherErrors.add(message);
                }
            }
            Map<String, Object> model = formModel(uri, lang, definition, fixed ? organization : null, organization, form, questionErrors,
                    otherErrors, csrfCookie);
            model.put("organizationError", organizationError);
            model.put("invitationError", invitationError);
            model.put("errorCount", questionErrors.size() + otherErrors.size() + (organizationError == null ? 0 : 1) + (invitationError == null ? 0 : 1));
            return page("survey", lang, model, e.code().status(), null);
        }
        return Response.seeOther(URI.create("/s/" + definition.id() + "/thanks" + ("en".equals(lang) ? "?lang=en" : ""))).build();
    }

    @GET
    @Path("s/{survey}/thanks")
    public Response thanks(@PathParam("survey") String surveyId, @QueryParam("lang") String langParameter,
            @CookieParam(LANGUAGE_COOKIE) String langCookie, @Context UriInfo uri) {
        String lang = language(langParameter, langCookie);
        return page("thanks", lang, base(uri, lang), 200, langParameter);
    }

    private Map<String, Object> formModel(UriInfo uri, String lang, SurveyDefinition definition, String fixedOrganization,
            String chosenOrganization, Map<String, List<String>> form, Map<String, String> questionErrors, List<String> otherErrors, String csrf) {
        Map<String, Object> model = base(uri, lang);
        model.put("title", definition.title().in(lang));
        model.put("description", definition.description() == null ? null : definition.description().in(lang));
        model.put("anonymous", definition.audience().equals("citizens") || definition.audience().equals("staff"));
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
            model.put("organizationName", name(organization, lang));
        }
        else {
            model.put("organizationName", null);
            List<Map<String, Object>> choices = new ArrayList<>();
            for (Organization organization : organizations.all()) {
                choices.add(Map.of("id", organization.id(), "name", name(organization, lang), "selected", organization.id().equals(chosenOrganization)));
            }
            model.put("organizations", choices);
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

    /** A survey the public pages offer: citizens' surveys, and staff surveys with a round open when they run in rounds. */
    private boolean answerable(SurveyDefinition definition) {
        boolean audience = definition.audience().equals("citizens") || definition.audience().equals("staff");
        return audience && (definition.periods() != SurveyDefinition.Periods.ROUNDS || rounds.openRound(definition.id()).isPresent());
    }

    private SurveyDefinition definition(String surveyId) {
        return definitions.latest(surveyId).filter(this::answerable).orElse(null);
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

    private Response page(String template, String lang, Map<String, Object> model, int status, String langParameter) {
        Response.ResponseBuilder builder = Response.status(status).entity(renderer.render(template, lang, model))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        if (langParameter != null) {
            builder.cookie(new NewCookie.Builder(LANGUAGE_COOKIE).value(lang).path("/").maxAge(365 * 24 * 3600).httpOnly(true)
                    .sameSite(NewCookie.SameSite.LAX).build());
        }
        return builder.build();
    }

    private Response error(UriInfo uri, String lang, String message, int status) {
        Map<String, Object> model = base(uri, lang);
        model.put("message", message);
        return page("error", lang, model, status, null);
    }

    private static NewCookie csrfCookie(String token, UriInfo uri) {
        return new NewCookie.Builder(CSRF_COOKIE).value(token).path("/s").httpOnly(true).sameSite(NewCookie.SameSite.STRICT)
                .secure("https".equals(uri.getBaseUri().getScheme())).build();
    }

    private static String language(String parameter, String cookie) {
        String chosen = parameter != null ? parameter : cookie;
        return "en".equals(chosen) ? "en" : "ru";
    }

    private static String name(Organization organization, String lang) {
        return "en".equals(lang) && organization.nameEn() != null ? organization.nameEn() : organization.name();
    }

    /** A number as JSON when it reads as one (a comma is taken as the decimal point), else the text, which the checks then refuse. */
    private static com.fasterxml.jackson.databind.JsonNode number(String value) {
        String text = value.strip().replace(',', '.');
        try {
            BigDecimal number = new BigDecimal(text);
            return number.scale() <= 0 ? NODES.numberNode(number.toBigIntegerExact()) : NODES.numberNode(number);
        }
        catch (NumberFormatException | ArithmeticException e) {
            return NODES.textNode(value);
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String first(Map<String, List<String>> form, String name) {
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
