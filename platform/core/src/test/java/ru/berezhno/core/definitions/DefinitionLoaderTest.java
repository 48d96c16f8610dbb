package ru.berezhno.core.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.QuestionType;
import ru.berezhno.spi.SurveyDefinition;

/** Uses the test plugin {@code fake-kind}; the bundled definitions are checked in the plugins' and server's tests. */
class DefinitionLoaderTest {
    private static final String VALID = """
            id: sample
            version: 1
            kind: fake-kind
            audience: citizens
            title: {ru: Образец, en: Sample}
            labelSets:
              three:
                1: {ru: Плохо, en: Bad}
                2: {ru: Средне, en: Fair}
                3: {ru: Хорошо, en: Good}
            options: {needed: true}
            sections:
              - id: main
                title: {ru: Главное, en: Main}
                questions:
                  - {id: rating, type: scale, required: true, min: 1, max: 3, labels: three, text: {ru: Оценка, en: Rating}}
                  - {id: count, type: number, min: 0, max: 100, text: {ru: Сколько, en: How many}}
                  - id: pick
                    type: multiple
                    text: {ru: Выбор, en: Pick}
                    options:
                      - {id: a, label: {ru: А, en: A}}
                      - {id: b, label: {ru: Б, en: B}}
                  - {id: note, type: text, maxLength: 100, text: {ru: Заметка, en: Note}}
            """;

    private final DefinitionLoader loader = new DefinitionLoader(PluginRegistry.load(getClass().getClassLoader()));

    @TempDir
    Path folder;

    @Test
    void aValidDefinitionLoadsWithItsLabelSetsAndTypes() throws IOException {
        Files.writeString(folder.resolve("sample.yaml"), VALID);
        SurveyDefinition sample = loader.load(folder).latest("sample").orElseThrow();
        assertThat(sample.questions()).extracting(Question::id).containsExactly("rating", "count", "pick", "note");
        Question rating = sample.question("rating").orElseThrow();
        assertThat(rating.type()).isEqualTo(QuestionType.SCALE);
        assertThat(rating.labels()).hasSize(3);
        assertThat(rating.labels().get(3).ru()).isEqualTo("Хорошо");
        assertThat(sample.question("note").orElseThrow().maxLength()).isEqualTo(100);
    }

    @Test
    void everyProblemInEveryFileIsReportedAtOnceWithFileAndPath() throws IOException {
        Files.writeString(folder.resolve("a.yaml"), """
                id: first
                version: 1
                kind: no-such-kind
                audience: citizens
                title: {ru: Первая, en: First}
                sections:
                  - id: s
                    questions:
                      - {id: q, type: text, text: {ru: Текст, en: Text}}
                """);
        Files.writeString(folder.resolve("b.yaml"), """
                id: second
                version: 0
                kind: fake-kind
                audience: everyone
                title: {ru: Вторая}
                sections:
                  - id: s
                    questions:
                      - id: rating
                        type: scale
                        min: 1
                        max: 3
                        labels: {1: {ru: Плохо, en: Bad}, 3: {ru: Хорошо, en: Good}}
                        text: {ru: Оценка, en: Rating}
                      - id: rating
                        type: colour
                        text: {ru: Цвет, en: Colour}
                      - id: pick
                        type: single
                        maxLength: 3
                        text: {ru: Выбор, en: Pick}
                        options: []
                """);
        DefinitionException exception = catchThrowableOfType(DefinitionException.class, () -> loader.load(folder));
        assertThat(exception.problems()).anySatisfy(problem -> assertThat(problem).startsWith("a.yaml: kind:").contains("no-such-kind"));
        assertThat(exception.problems()).contains(
                "b.yaml: version: must be 1 or more",
                "b.yaml: title.en: is required",
                "b.yaml: sections[0].questions[0].labels: level 2 has no label",
                "b.yaml: sections[0].questions[1].id: question id 'rating' is used twice in this definition",
                "b.yaml: sections[0].questions[2].options: must be a non-empty list",
                "b.yaml: sections[0].questions[2].maxLength: does not apply to a single question");
        assertThat(exception.problems()).anySatisfy(problem -> assertThat(problem).startsWith("b.yaml: audience:"));
        assertThat(exception.problems()).anySatisfy(problem -> assertThat(problem).startsWith("b.yaml: sections[0].questions[1].type:"));
    }

    @Test
    void theKindChecksWhatItNeedsOfTheDefinition() throws IOException {
        Files.writeString(folder.resolve("c.yaml"), VALID.replace("options: {needed: true}", "options: {other: 1}"));
        DefinitionException exception = catchThrowableOfType(DefinitionException.class, () -> loader.load(folder));
        assertThat(exception.problems()).containsExactly("c.yaml: options.needed: is required by fake-kind");
    }

    @Test
    void aTypoInAKeyIsReported() throws IOException {
        Files.writeString(folder.resolve("d.yaml"), VALID.replace("required: true", "requird: true"));
        DefinitionException exception = catchThrowableOfType(DefinitionException.class, () -> loader.load(folder));
        assertThat(exception.problems()).singleElement().asString().startsWith("d.yaml: sections[0].questions[0].requird: unknown key");
    }

    @Test
    void aFileThatIsNotYamlIsReportedWithItsLine() throws IOException {
        Files.writeString(folder.resolve("broken.yaml"), "id: x\ntitle: {ru: [unclosed\n");
        DefinitionException exception = catchThrowableOfType(DefinitionException.class, () -> loader.load(folder));
        assertThat(exception.problems()).singleElement().asString().startsWith("broken.yaml: (top): cannot be parsed").contains("line");
    }

    @Test
    void twoFilesWithTheSameIdAndVersionAreRefused() throws IOException {
        Files.writeString(folder.resolve("one.yaml"), VALID);
        Files.writeString(folder.resolve("two.yaml"), VALID);
        DefinitionException exception = catchThrowableOfType(DefinitionException.class, () -> loader.load(folder));
        assertThat(exception.problems()).singleElement().asString().contains("also defined in one.yaml");
    }

    @Test
    void theLatestVersionIsServedAndOlderOnesStayReadable() throws IOException {
        Files.writeString(folder.resolve("v1.yaml"), VALID);
        Files.writeString(folder.resolve("v2.yaml"), VALID.replace("version: 1", "version: 2"));
        DefinitionCatalog catalog = loader.load(folder);
        assertThat(catalog.latest("sample")).map(SurveyDefinition::version).contains(2);
        assertThat(catalog.version("sample", 1)).isPresent();
    }
}
