package ru.berezhno.server.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ru.berezhno.spi.LocalizedText;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.QuestionType;
import ru.berezhno.spi.Section;
import ru.berezhno.spi.SurveyDefinition;

/** Definitions in their wire form: plain maps, so that each question carries only what applies to its type. */
public final class DefinitionViews {
    private DefinitionViews() {
    }

    /** The short form listed by {@code GET /api/v1/surveys}. */
    public static Map<String, Object> summary(SurveyDefinition definition) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", definition.id());
        view.put("version", definition.version());
        view.put("kind", definition.kind());
        view.put("title", text(definition.title()));
        view.put("audience", definition.audience());
        return view;
    }

    /** The whole definition. */
    public static Map<String, Object> full(SurveyDefinition definition) {
        Map<String, Object> view = summary(definition);
        if (definition.description() != null) {
            view.put("description", text(definition.description()));
        }
        List<Object> sections = new ArrayList<>();
        for (Section section : definition.sections()) {
            Map<String, Object> sectionView = new LinkedHashMap<>();
            sectionView.put("id", section.id());
            if (section.title() != null) {
                sectionView.put("title", text(section.title()));
            }
            if (!section.attributes().isEmpty()) {
                sectionView.put("attributes", section.attributes());
            }
            sectionView.put("questions", section.questions().stream().map(DefinitionViews::question).toList());
            sections.add(sectionView);
        }
        view.put("sections", sections);
        view.put("options", definition.options());
        return view;
    }

    private static Map<String, Object> question(Question question) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", question.id());
        view.put("type", question.type().id());
        view.put("required", question.required());
        view.put("text", text(question.text()));
        if (question.help() != null) {
            view.put("help", text(question.help()));
        }
        switch (question.type()) {
            case SCALE -> {
                view.put("min", question.scaleMin());
                view.put("max", question.scaleMax());
                Map<String, Object> labels = new LinkedHashMap<>();
                question.labels().forEach((level, label) -> labels.put(String.valueOf(level), text(label)));
                view.put("labels", labels);
                if (question.reverse()) {
                    view.put("reverse", true);
                }
            }
            case NUMBER -> {
                if (question.min() != null) {
                    view.put("min", question.min());
                }
                if (question.max() != null) {
                    view.put("max", question.max());
                }
                view.put("decimals", question.decimals());
            }
            case SINGLE, MULTIPLE -> view.put("options", question.options().stream()
                    .map(option -> Map.of("id", option.id(), "label", text(option.label()))).toList());
            case TEXT -> view.put("maxLength", question.maxLength());
        }
        if (question.type() != QuestionType.SCALE && question.reverse()) {
            view.put("reverse", true);
        }
        if (!question.attributes().isEmpty()) {
            view.put("attributes", question.attributes());
        }
        return view;
    }

    private static Map<String, String> text(LocalizedText text) {
        Map<String, String> view = new LinkedHashMap<>();
        view.put("ru", text.ru());
        if (text.en() != null) {
            view.put("en", text.en());
        }
        return view;
    }
}
