package ru.berezhno.plugins.planreport;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

import ru.berezhno.spi.AnswerProblem;
import ru.berezhno.spi.DefinitionProblem;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.LocalizedText;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.QuestionType;
import ru.berezhno.spi.Response;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Kind {@code lean-plan-report}: a unit's numbers for one quarter. Its scores are the numbers as
 * given; the plan's fulfilment adds them up over the year as the programme files say. In
 * {@code options}, {@code notAbove} lists pairs {@code [part, whole]} of number questions whose
 * part may not exceed the whole (replicated projects are among those implemented).
 */
final class LeanPlanReportKind implements InstrumentKind {
    private static final ResourceBundle RUSSIAN = bundle(Locale.forLanguageTag("ru"));
    private static final ResourceBundle ENGLISH = bundle(Locale.ENGLISH);

    @Override
    public String id() {
        return "lean-plan-report";
    }

    @Override
    public List<DefinitionProblem> validate(SurveyDefinition definition) {
        List<DefinitionProblem> problems = new ArrayList<>();
        List<List<String>> pairs = pairs(definition, problems);
        for (int i = 0; i < pairs.size(); i++) {
            for (String id : pairs.get(i)) {
                if (definition.question(id).filter(question -> question.type() == QuestionType.NUMBER).isEmpty()) {
                    problems.add(new DefinitionProblem("options.notAbove[" + i + "]", "'" + id + "' is not a number question of this definition"));
                }
            }
        }
        return problems;
    }

    @Override
    public List<AnswerProblem> check(SurveyDefinition definition, Response response) {
        List<AnswerProblem> problems = new ArrayList<>();
        for (List<String> pair : pairs(definition, new ArrayList<>())) {
            if (response.answers().get(pair.get(0)) instanceof Number part && response.answers().get(pair.get(1)) instanceof Number whole
                    && part.doubleValue() > whole.doubleValue()) {
                Question question = definition.question(pair.get(1)).orElseThrow();
                problems.add(new AnswerProblem("answers." + pair.get(0), new LocalizedText(
                        new MessageFormat(RUSSIAN.getString("notAbove"), Locale.forLanguageTag("ru")).format(new Object[] {question.text().ru(), whole}),
                        new MessageFormat(ENGLISH.getString("notAbove"), Locale.ENGLISH).format(new Object[] {question.text().in("en"), whole}))));
            }
        }
        return problems;
    }

    /** The numbers as given. */
    @Override
    public Map<String, Object> score(SurveyDefinition definition, Response response) {
        Map<String, Object> scores = new LinkedHashMap<>();
        for (Question question : definition.questions()) {
            if (question.type() == QuestionType.NUMBER && response.answers().get(question.id()) instanceof Number number) {
                scores.put(question.id(), number);
            }
        }
        return scores;
    }

    private static List<List<String>> pairs(SurveyDefinition definition, List<DefinitionProblem> problems) {
        List<List<String>> pairs = new ArrayList<>();
        Object option = definition.options().get("notAbove");
        if (option == null) {
            return pairs;
        }
        if (!(option instanceof List<?> list)) {
            problems.add(new DefinitionProblem("options.notAbove", "must list pairs [part, whole]"));
            return pairs;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof String part && pair.get(1) instanceof String whole) {
                pairs.add(List.of(part, whole));
            }
            else {
                problems.add(new DefinitionProblem("options.notAbove[" + i + "]", "must be [part, whole]"));
            }
        }
        return pairs;
    }

    private static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle("ru.berezhno.plugins.planreport.messages", locale, LeanPlanReportKind.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
