package ru.berezhno.core.responses;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Checks a submitted response against its definition and turns it into typed answers, collecting
 * every problem with the JSON path of the field at fault. Nothing here has side effects.
 */
public final class SubmissionParser {
    private final OrganizationDirectory organizations;

    public SubmissionParser(OrganizationDirectory organizations) {
        this.organizations = requireNonNull(organizations, "organizations is null");
    }

    /** A parsed submission; {@code extras} are the allowed extra top-level fields, unparsed. */
    public record Submission(String organization, Map<String, Object> answers, Map<String, JsonNode> extras) {
    }

    /**
     * Parses {@code body}, adding problems to {@code errors}.
     *
     * @param extraFields top-level fields allowed besides {@code organization} and {@code answers}
     * @return the submission, meaningful only when no problem was added
     */
    public Submission parse(JsonNode body, SurveyDefinition definition, Set<String> extraFields, List<FieldError> errors) {
        Map<String, Object> answers = new LinkedHashMap<>();
        Map<String, JsonNode> extras = new LinkedHashMap<>();
        if (body == null || !body.isObject()) {
            errors.add(FieldError.of("$", "error.notObject"));
            return new Submission(null, answers, extras);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = body.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (extraFields.contains(name)) {
                extras.put(name, field.getValue());
            }
            else if (!name.equals("organization") && !name.equals("answers")) {
                errors.add(FieldError.of(name, "error.unknownField"));
            }
        }
        String organization = null;
        JsonNode organizationNode = body.get("organization");
        if (organizationNode == null || organizationNode.isNull()) {
            errors.add(FieldError.of("organization", "error.required"));
        }
        else if (!organizationNode.isTextual()) {
            errors.add(FieldError.of("organization", "error.notText"));
        }
        else if (!organizations.contains(organizationNode.asText())) {
            errors.add(FieldError.of("organization", "error.unknownOrganization", organizationNode.asText()));
        }
        else {
            organization = organizationNode.asText();
        }
        JsonNode answersNode = body.get("answers");
        if (answersNode == null || answersNode.isNull()) {
            errors.add(FieldError.of("answers", "error.required"));
            return new Submission(organization, answers, extras);
        }
        if (!answersNode.isObject()) {
            errors.add(FieldError.of("answers", "error.notObject"));
            return new Submission(organization, answers, extras);
        }
        answersNode.fieldNames().forEachRemaining(questionId -> {
            if (definition.question(questionId).isEmpty()) {
                errors.add(FieldError.of("answers." + questionId, "error.unknownQuestion"));
            }
        });
        for (Question question : definition.questions()) {
            String field = "answers." + question.id();
            Object answer = answer(question, answersNode.get(question.id()), field, errors);
            if (answer != null) {
                answers.put(question.id(), answer);
            }
            else if (question.required() && isBlank(answersNode.get(question.id()))) {
                errors.add(FieldError.of(field, "error.required"));
            }
        }
        return new Submission(organization, answers, extras);
    }

    private static boolean isBlank(JsonNode node) {
        return node == null || node.isNull() || (node.isTextual() && node.asText().isBlank()) || (node.isArray() && node.isEmpty());
    }

    /** The typed answer, or null when unanswered or invalid (then a problem is added). */
    private static Object answer(Question question, JsonNode node, String field, List<FieldError> errors) {
        if (isBlank(node)) {
            return null;
        }
        switch (question.type()) {
            case SCALE -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()
                        || node.longValue() < question.scaleMin() || node.longValue() > question.scaleMax()) {
                    errors.add(FieldError.of(field, "error.scaleRange", question.scaleMin(), question.scaleMax()));
                    return null;
                }
                return node.longValue();
            }
            case NUMBER -> {
                return number(question, node, field, errors);
            }
            case SINGLE -> {
                if (!node.isTextual()) {
                    errors.add(FieldError.of(field, "error.notText"));
                    return null;
                }
                if (!question.hasOption(node.asText())) {
                    errors.add(FieldError.of(field, "error.unknownOption", node.asText()));
                    return null;
                }
                return node.asText();
            }
            case MULTIPLE -> {
                if (!node.isArray()) {
                    errors.add(FieldError.of(field, "error.notArray"));
                    return null;
                }
                List<String> chosen = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                boolean valid = true;
                for (int i = 0; i < node.size(); i++) {
                    JsonNode item = node.get(i);
                    String at = field + "[" + i + "]";
                    if (!item.isTextual()) {
                        errors.add(FieldError.of(at, "error.notText"));
                        valid = false;
                    }
                    else if (!question.hasOption(item.asText())) {
                        errors.add(FieldError.of(at, "error.unknownOption", item.asText()));
                        valid = false;
                    }
                    else if (!seen.add(item.asText())) {
                        errors.add(FieldError.of(at, "error.duplicateOption", item.asText()));
                        valid = false;
                    }
                    else {
                        chosen.add(item.asText());
                    }
                }
                return valid ? List.copyOf(chosen) : null;
            }
            case TEXT -> {
                if (!node.isTextual()) {
                    errors.add(FieldError.of(field, "error.notText"));
                    return null;
                }
                String text = node.asText().strip();
                if (text.codePointCount(0, text.length()) > question.maxLength()) {
                    errors.add(FieldError.of(field, "error.tooLong", question.maxLength()));
                    return null;
                }
                return text;
            }
            default -> throw new IllegalStateException("unhandled question type " + question.type());
        }
    }

    private static Object number(Question question, JsonNode node, String field, List<FieldError> errors) {
        if (!node.isNumber()) {
            errors.add(FieldError.of(field, "error.notNumber"));
            return null;
        }
        // 1e999 reads as an infinite double, and a decimal may carry a vast exponent: both are
        // refused before any arithmetic on them.
        if ((node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue()))
                || (node.isBigDecimal() && !BoundedNumbers.bounded(node.decimalValue()))
                || (node.isBigInteger() && node.bigIntegerValue().bitLength() > 100)) {
            errors.add(FieldError.of(field, "error.numberTooLarge"));
            return null;
        }
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        if (!BoundedNumbers.bounded(value)) {
            errors.add(FieldError.of(field, "error.numberTooLarge"));
            return null;
        }
        if (Math.max(0, value.scale()) > question.decimals()) {
            errors.add(question.decimals() == 0 ? FieldError.of(field, "error.notInteger") : FieldError.of(field, "error.decimals", question.decimals()));
            return null;
        }
        if ((question.min() != null && value.compareTo(question.min()) < 0) || (question.max() != null && value.compareTo(question.max()) > 0)) {
            errors.add(question.min() != null && question.max() != null
                    ? FieldError.of(field, "error.numberRange", question.min().toPlainString(), question.max().toPlainString())
                    : question.min() != null
                            ? FieldError.of(field, "error.numberMin", question.min().toPlainString())
                            : FieldError.of(field, "error.numberMax", question.max().toPlainString()));
            return null;
        }
        if (question.decimals() == 0) {
            try {
                return value.longValueExact();
            }
            catch (ArithmeticException e) {
                errors.add(FieldError.of(field, "error.notInteger"));
                return null;
            }
        }
        return value.setScale(Math.max(0, value.scale()));
    }
}
