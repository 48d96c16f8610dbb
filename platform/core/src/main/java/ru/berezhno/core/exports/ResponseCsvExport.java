package ru.berezhno.core.exports;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Writes a survey's raw anonymous responses as CSV, one row per response, streaming: rows are
 * written as they are read from the store, so memory does not grow with the number of responses.
 *
 * <p>UTF-8 with a byte-order mark, so that Excel reads Cyrillic correctly. Columns: organisation,
 * period, definition version, then one per question of the latest definition (the options of a
 * multiple choice joined with {@code ;}). No response id is exported. A text cell that a
 * spreadsheet would take for a formula (starting with {@code = + - @}, a tab or a carriage return)
 * is prefixed with an apostrophe.
 */
public final class ResponseCsvExport {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final CsvMapper MAPPER = new CsvMapper();

    private final ResponseRepository repository;

    public ResponseCsvExport(ResponseRepository repository) {
        this.repository = requireNonNull(repository, "repository is null");
    }

    public void write(SurveyDefinition definition, OutputStream out) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
        schema.addColumn("organization").addColumn("period").addColumn("version");
        List<Question> questions = definition.questions();
        questions.forEach(question -> schema.addColumn(question.id()));
        try {
            out.write(BOM);
            CsvGenerator csv = (CsvGenerator) MAPPER.getFactory().createGenerator(out, com.fasterxml.jackson.core.JsonEncoding.UTF8);
            csv.setSchema(schema.build());
            csv.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            repository.forEach(definition.id(), response -> {
                try {
                    csv.writeStartArray();
                    csv.writeString(response.organization());
                    csv.writeString(response.period());
                    csv.writeNumber(response.version());
                    for (Question question : questions) {
                        Object answer = response.answers().get(question.id());
                        if (answer == null) {
                            // An empty text, not writeNull: Jackson's CSV generator drops a null that a number follows, shifting the columns.
                            csv.writeString("");
                        }
                        else if (answer instanceof Long number) {
                            csv.writeNumber(number);
                        }
                        else if (answer instanceof BigDecimal number) {
                            csv.writeNumber(number);
                        }
                        else if (answer instanceof List<?> options) {
                            csv.writeString(neutralise(String.join(";", options.stream().map(String::valueOf).toList())));
                        }
                        else {
                            csv.writeString(neutralise(String.valueOf(answer)));
                        }
                    }
                    csv.writeEndArray();
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            csv.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps spreadsheets from evaluating a cell as a formula. */
    public static String neutralise(String cell) {
        if (!cell.isEmpty()) {
            char first = cell.charAt(0);
            if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
                return "'" + cell;
            }
        }
        return cell;
    }
}
