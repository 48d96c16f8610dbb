package ru.berezhno.server.pages;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ru.berezhno.core.access.Principal;
import ru.berezhno.core.access.Role;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.responses.BoundedNumbers;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.SurveyDefinition;

/**
 * A respondent's posted form as the submission the API takes: the organisation (fixed by the QR
 * code's link or a coordinator's own, or chosen), what the survey's audience names besides the
 * answers (an invitation code, a project, a quarter), and the answers, numbers parsed within
 * bounds. The pages and the form fast path build it alike, so that both submit the same thing.
 *
 * @param fixed whether the organisation was fixed for the respondent rather than chosen
 */
record FormSubmission(ObjectNode submission, String organization, boolean fixed) {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static FormSubmission of(SurveyDefinition definition, Map<String, List<String>> form, Principal principal, OrganizationDirectory organizations) {
        String organization = PagesResource.first(form, "organization");
        boolean fixed = "1".equals(PagesResource.first(form, "fixed")) && organization != null && organizations.contains(organization);
        if (principal != null && principal.role() == Role.COORDINATOR) {
            organization = principal.organization();
            fixed = true;
        }
        ObjectNode submission = NODES.objectNode();
        if (organization != null && !organization.isBlank()) {
            submission.put("organization", organization);
        }
        if (definition.audience().equals("staff")) {
            String invitation = PagesResource.first(form, "invitation");
            submission.put("invitation", invitation == null ? "" : invitation.strip());
        }
        if (definition.audience().equals("experts") && PagesResource.first(form, "project") != null && !PagesResource.first(form, "project").isBlank()) {
            submission.put("project", PagesResource.first(form, "project"));
            if (organization == null || organization.isBlank()) {
                submission.remove("organization");
            }
        }
        if (definition.audience().equals("coordinators") && PagesResource.first(form, "quarter") != null && !PagesResource.first(form, "quarter").isBlank()) {
            submission.put("quarter", PagesResource.first(form, "quarter"));
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
        return new FormSubmission(submission, organization, fixed);
    }

    /**
     * A number as JSON when it reads as one within bounds (a comma is taken as the decimal point),
     * else the text, which the checks then refuse beside its question. Nothing is computed on the
     * number before its length and exponent are known to be small.
     */
    private static JsonNode number(String value) {
        return BoundedNumbers.parse(value.strip().replace(',', '.'))
                .<JsonNode>map(number -> number.scale() <= 0 ? NODES.numberNode(number.toBigIntegerExact()) : NODES.numberNode(number))
                .orElseGet(() -> NODES.textNode(value));
    }
}
