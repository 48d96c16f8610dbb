package ru.berezhno.server.exports;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;

import ru.berezhno.core.exports.ResponseCsvExport;
import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.core.results.Release;
import ru.berezhno.core.results.Results;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Downloads for УЭР beside the raw CSV: results as CSV and XLSX, raw anonymous responses as XLSX.
 * Results are in long form, one row per figure, so that a spreadsheet can pivot them:
 * {@code organization, period, responses, suppressed, kind, name, answer, n, value, ci95_low,
 * ci95_high}, where kind is {@code index} (a survey index), {@code mean} (a question's mean) or
 * {@code count} (how many gave an answer); a group too small to show is one row with
 * {@code suppressed} true and nothing else. Text that a spreadsheet would take for a formula is
 * neutralised as in the CSV export; numbers stay numbers. XLSX is written by POI's streaming
 * workbook, which keeps a window of rows in memory and the rest in a temporary file.
 */
public final class Exports {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final CsvMapper CSV = new CsvMapper();
    static final List<String> RESULT_COLUMNS = List.of("organization", "period", "responses", "suppressed", "kind", "name", "answer", "n", "value",
            "ci95_low", "ci95_high");

    /** The last row index of an XLSX sheet. */
    static final int MAXIMUM_ROW = org.apache.poi.ss.SpreadsheetVersion.EXCEL2007.getLastRowIndex();

    private final ResponseRepository repository;

    public Exports(ResponseRepository repository) {
        this.repository = requireNonNull(repository, "repository is null");
    }

    /** The rows of results in long form. */
    public static List<List<Object>> resultRows(SurveyDefinition definition, Results results) {
        List<List<Object>> rows = new ArrayList<>();
        for (Results.Group group : results.groups()) {
            if (group.suppressed()) {
                rows.add(row(group, true, null, null, null, null, null, null));
                continue;
            }
            if (group.indices() != null) {
                group.indices().forEach((name, index) -> rows.add(row(group, false, "index", name, null, null, index.value(), index.ci95())));
            }
            if (group.questions() != null) {
                for (Question question : definition.questions()) {
                    Results.QuestionResult result = group.questions().get(question.id());
                    if (result == null) {
                        continue;
                    }
                    if (result.mean() != null) {
                        rows.add(row(group, false, "mean", question.id(), null, result.n(), result.mean(), result.ci95()));
                    }
                    if (result.distribution() != null) {
                        result.distribution().forEach((answer, count) -> rows.add(row(group, false, "count", question.id(), answer, result.n(), count, null)));
                    }
                }
            }
        }
        return rows;
    }

    private static List<Object> row(Results.Group group, boolean suppressed, String kind, String name, String answer, Long n, Object value,
            List<Double> ci95) {
        return Arrays.asList(group.organization(), group.period(), group.responses(), suppressed, kind, name, answer, n, value,
                ci95 == null ? null : ci95.get(0), ci95 == null ? null : ci95.get(1));
    }

    public void resultsCsv(SurveyDefinition definition, Results results, OutputStream out) {
        ResponseCsvExport.writeCsv(out, RESULT_COLUMNS, rows -> resultRows(definition, results).forEach(rows));
    }

    public void resultsXlsx(SurveyDefinition definition, Results results, OutputStream out) {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            Sheet sheet = workbook.createSheet("results");
            int index = header(workbook, sheet, RESULT_COLUMNS);
            for (List<Object> row : resultRows(definition, results)) {
                write(sheet.createRow(index++), row);
            }
            workbook.write(out);
            workbook.dispose();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw anonymous responses as XLSX, with the columns of the CSV export, as {@code release} hands them out. */
    public void responsesXlsx(SurveyDefinition definition, Release release, OutputStream out) {
        List<Question> questions = definition.questions();
        List<String> columns = ResponseCsvExport.columns(definition);
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            // A sheet holds at most 1,048,576 rows; more responses go on to the next sheet.
            Sheet[] sheet = {workbook.createSheet("responses")};
            int[] index = {header(workbook, sheet[0], columns)};
            repository.forEach(definition.id(), response -> {
                if (!release.shows(response.organization(), response.period())) {
                    return;
                }
                if (index[0] > MAXIMUM_ROW) {
                    sheet[0] = workbook.createSheet("responses-" + (workbook.getNumberOfSheets() + 1));
                    index[0] = header(workbook, sheet[0], columns);
                }
                write(sheet[0].createRow(index[0]++), ResponseCsvExport.row(response, questions, release));
            });
            workbook.write(out);
            workbook.dispose();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int header(SXSSFWorkbook workbook, Sheet sheet, List<String> columns) {
        CellStyle bold = workbook.createCellStyle();
        Font font = workbook.createFont();
        font.setBold(true);
        bold.setFont(font);
        Row header = sheet.createRow(0);
        for (int i = 0; i < columns.size(); i++) {
            Cell cell = header.createCell(i);
            cell.setCellValue(columns.get(i));
            cell.setCellStyle(bold);
        }
        sheet.createFreezePane(0, 1);
        return 1;
    }

    private static void write(Row row, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            Object value = cells.get(i);
            if (value == null) {
                continue;
            }
            Cell cell = row.createCell(i);
            if (value instanceof Number number) {
                cell.setCellValue(number.doubleValue());
            }
            else if (value instanceof Boolean flag) {
                cell.setCellValue(flag);
            }
            else {
                cell.setCellValue(ResponseCsvExport.neutralise(String.valueOf(value)));
            }
        }
    }
}
