package ru.berezhno.core.exports;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.core.responses.StoredResponse;
import ru.berezhno.core.results.Release;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Writes a survey's raw anonymous responses as CSV, one row per response, streaming: rows are
 * written as they are read from the store, so memory does not grow with the number of responses.
 *
 * <p>UTF-8 with a byte-order mark, so that Excel reads Cyrillic correctly. Columns: organisation,
 * period, definition version, then one per question of the latest definition (the options of a
 * multiple choice joined with {@code ;}). No response id is exported, and only what results would
 * show is (see {@link Release}). A text cell that a
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

    /** Writes the responses that {@code release} hands out, each answer as it allows. */
    public void write(SurveyDefinition definition, Release release, OutputStream out) {
        List<Question> questions = definition.questions();
        writeCsv(out, columns(definition), rows -> repository.forEach(definition.id(), response -> {
            if (release.shows(response.organization(), response.period())) {
                rows.accept(row(response, questions, release));
            }
        }));
    }

    /** The columns of the raw responses: organisation, period, definition version, then one per question of the definition. */
    public static List<String> columns(SurveyDefinition definition) {
        List<String> columns = new ArrayList<>(List.of("organization", "period", "version"));
        definition.questions().forEach(question -> columns.add(question.id()));
        return columns;
    }

    /**
     * A response's cells in the order of {@link #columns}: numbers as numbers, a multiple choice's
     * options joined with {@code ;}, and blank where {@code release} does not hand the answer out.
     */
    public static List<Object> row(StoredResponse response, List<Question> questions, Release release) {
        List<Object> cells = new ArrayList<>(List.of(response.organization(), response.period(), response.version()));
        for (Question question : questions) {
            Object answer = release.showsAnswer(response.organization(), response.period(), question.id()) ? response.answers().get(question.id()) : null;
            cells.add(answer instanceof List<?> options ? String.join(";", options.stream().map(String::valueOf).toList()) : answer);
        }
        return cells;
    }

    /**
     * Writes rows as CSV with a header, streaming: UTF-8 with a byte-order mark, CRLF line ends,
     * numbers as numbers, an empty cell for null, text neutralised against formulas.
     *
     * @param rows given a sink, feeds it every row, in order
     */
    public static void writeCsv(OutputStream out, List<String> columns, Consumer<Consumer<List<Object>>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\r\n");
        columns.forEach(schema::addColumn);
        try {
            out.write(BOM);
            CsvGenerator csv = (CsvGenerator) MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
            csv.setSchema(schema.build());
            csv.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            boolean[] any = {false};
            rows.accept(row -> {
                any[0] = true;
                try {
                    csv.writeStartArray();
                    for (Object cell : row) {
                        writeCell(csv, cell);
                    }
                    csv.writeEndArray();
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            csv.flush();
            if (!any[0]) {
                // Jackson writes the header with the first row: with none, the columns are still named.
                out.write((String.join(",", columns) + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeCell(CsvGenerator csv, Object cell) throws IOException {
        if (cell == null) {
            // An empty text, not writeNull: Jackson's CSV generator drops a null that a number follows, shifting the columns.
            csv.writeString("");
        }
        else if (cell instanceof Long || cell instanceof Integer) {
            csv.writeNumber(((Number) cell).longValue());
        }
        else if (cell instanceof BigDecimal number) {
            csv.writeNumber(number);
        }
        else if (cell instanceof Double number) {
            csv.writeNumber(BigDecimal.valueOf(number).stripTrailingZeros().toPlainString());
        }
        else if (cell instanceof Boolean flag) {
            csv.writeString(flag.toString());
        }
        else {
            csv.writeString(neutralise(String.valueOf(cell)));
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
