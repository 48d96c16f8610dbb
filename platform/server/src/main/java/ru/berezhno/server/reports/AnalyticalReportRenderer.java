package ru.berezhno.server.reports;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import ru.berezhno.core.organizations.OrganizationDirectory;
import ru.berezhno.core.plan.AnalyticalReport;
import ru.berezhno.core.plan.PlanService;
import ru.berezhno.core.results.Ranking;
import ru.berezhno.core.results.Results;

/**
 * The quarterly analytical report as a printable HTML page (Thymeleaf, every value escaped) and as
 * an XLSX workbook (Apache POI), from one table model so that both say the same. Texts come from
 * the {@code templates/analytical-report} bundle, in Russian or English.
 */
public final class AnalyticalReportRenderer {
    private static final String BUNDLE = "ru.berezhno.server.templates.analytical-report";

    private final OrganizationDirectory organizations;
    private final TemplateEngine engine = new TemplateEngine();

    public AnalyticalReportRenderer(OrganizationDirectory organizations) {
        this.organizations = requireNonNull(organizations, "organizations is null");
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(AnalyticalReportRenderer.class.getClassLoader());
        resolver.setPrefix("ru/berezhno/server/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    /** A titled table. */
    public record Table(String title, List<String> header, List<List<String>> rows, String empty) {
    }

    /** The report as tables, in a language ({@code en}, otherwise Russian). */
    public List<Table> tables(AnalyticalReport.Document document, String language) {
        ResourceBundle texts = bundle(language);
        List<Table> tables = new ArrayList<>();
        PlanService.Fulfilment fulfilment = document.fulfilment();
        List<List<String>> plan = new ArrayList<>();
        for (PlanService.IndicatorFulfilment indicator : fulfilment.indicators()) {
            String name = indicator.name() == null ? indicator.id() : indicator.name().in(language);
            plan.add(List.of(nullable(indicator.item()), name, text(texts, "district"), number(indicator.district().value()),
                    number(indicator.district().target()), number(indicator.district().percentDone()), status(texts, indicator.district().status())));
            for (PlanService.UnitFigure unit : indicator.units()) {
                plan.add(List.of(nullable(indicator.item()), name, organization(unit.organization(), language), number(unit.value()),
                        number(unit.target()), number(unit.percentDone()), status(texts, unit.status())));
            }
        }
        tables.add(new Table(text(texts, "section.plan"), List.of(text(texts, "column.item"), text(texts, "column.indicator"),
                text(texts, "column.organization"), text(texts, "column.value"), text(texts, "column.target"), text(texts, "column.done"),
                text(texts, "column.status")), plan, fulfilment.programme() == null ? text(texts, "programme.none") : text(texts, "nothing")));
        List<List<String>> reports = new ArrayList<>();
        for (PlanService.ReportStatus status : fulfilment.lateOrMissing()) {
            reports.add(List.of(organization(status.organization(), language), status(texts, status.status()), nullable(status.submittedAt())));
        }
        tables.add(new Table(format(texts, "section.reports", document.quarter(), nullable(fulfilment.deadline())),
                List.of(text(texts, "column.organization"), text(texts, "column.reportStatus"), text(texts, "column.submittedAt")), reports,
                text(texts, "section.reports.none")));
        for (AnalyticalReport.SurveySection survey : document.surveys()) {
            List<List<String>> rows = new ArrayList<>();
            if (survey.district() != null) {
                surveyRows(rows, text(texts, "district"), survey.district(), texts);
            }
            for (Results.Group group : survey.organizations()) {
                surveyRows(rows, organization(group.organization(), language), group, texts);
            }
            tables.add(new Table(text(texts, "section.surveys") + ": " + survey.title().in(language), List.of(text(texts, "column.organization"),
                    text(texts, "column.responses"), text(texts, "column.index"), text(texts, "column.value"), text(texts, "column.ci")), rows,
                    text(texts, "nothing")));
        }
        for (AnalyticalReport.AuditSection audit : document.audits()) {
            List<List<String>> rows = new ArrayList<>();
            for (Ranking.Entry entry : audit.ranking().ranking()) {
                rows.add(List.of(String.valueOf(entry.rank()), organization(entry.organization(), language), String.valueOf(entry.responses()),
                        number(entry.value())));
            }
            tables.add(new Table(text(texts, "section.audits") + ": " + audit.title().in(language), List.of(text(texts, "column.rank"),
                    text(texts, "column.organization"), text(texts, "column.audits"), text(texts, "column.total")), rows, text(texts, "nothing")));
        }
        List<List<String>> actions = new ArrayList<>();
        for (AnalyticalReport.ActionCounts counts : document.actions()) {
            actions.add(List.of(organization(counts.organization(), language), String.valueOf(counts.open()), String.valueOf(counts.overdue()),
                    String.valueOf(counts.done()), String.valueOf(counts.verified())));
        }
        tables.add(new Table(text(texts, "section.actions"), List.of(text(texts, "column.organization"), text(texts, "column.open"),
                text(texts, "column.overdue"), text(texts, "column.completed"), text(texts, "column.verified")), actions, text(texts, "nothing")));
        return tables;
    }

    private void surveyRows(List<List<String>> rows, String who, Results.Group group, ResourceBundle texts) {
        if (group.suppressed()) {
            rows.add(List.of(who, String.valueOf(group.responses()), "", text(texts, "suppressed"), ""));
            return;
        }
        if (group.indices() == null || group.indices().isEmpty()) {
            rows.add(List.of(who, String.valueOf(group.responses()), "", "", ""));
            return;
        }
        for (Map.Entry<String, Results.IndexResult> index : group.indices().entrySet()) {
            List<Double> ci = index.getValue().ci95();
            rows.add(List.of(who, String.valueOf(group.responses()), index.getKey(), number(index.getValue().value()),
                    ci == null ? "" : number(ci.get(0)) + " – " + number(ci.get(1))));
        }
    }

    public String html(AnalyticalReport.Document document, String language) {
        ResourceBundle texts = bundle(language);
        Context context = new Context(locale(language));
        context.setVariable("lang", "en".equals(language) ? "en" : "ru");
        context.setVariable("title", format(texts, "title", document.quarter()));
        context.setVariable("subtitle", format(texts, "subtitle", document.madeOn()));
        PlanService.ProgrammeView programme = document.fulfilment().programme();
        context.setVariable("programme", programme == null ? text(texts, "programme.none")
                : text(texts, "programme") + ": " + programme.name().in(language)
                        + (programme.provisional() ? " (" + text(texts, "programme.provisional") + ")" : ""));
        context.setVariable("tables", tables(document, language));
        return engine.process("analytical-report", context);
    }

    public void xlsx(AnalyticalReport.Document document, String language, OutputStream out) throws IOException {
        ResourceBundle texts = bundle(language);
        List<Table> tables = tables(document, language);
        String[] sheets = {"sheet.plan", "sheet.reports"};
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle literal = workbook.createCellStyle();
            literal.setQuotePrefixed(true);
            for (int t = 0; t < tables.size(); t++) {
                Table table = tables.get(t);
                String name = t < sheets.length ? text(texts, sheets[t])
                        : table.title().startsWith(text(texts, "section.surveys")) ? text(texts, "sheet.surveys") + " " + t
                        : table.title().startsWith(text(texts, "section.audits")) ? text(texts, "sheet.audits") + " " + t
                        : text(texts, "sheet.actions");
                Sheet sheet = workbook.createSheet(org.apache.poi.ss.util.WorkbookUtil.createSafeSheetName(name));
                int r = 0;
                Row title = sheet.createRow(r++);
                title.createCell(0).setCellValue(table.title());
                title.getCell(0).setCellStyle(bold);
                Row header = sheet.createRow(r++);
                for (int c = 0; c < table.header().size(); c++) {
                    header.createCell(c).setCellValue(table.header().get(c));
                    header.getCell(c).setCellStyle(bold);
                }
                if (table.rows().isEmpty()) {
                    sheet.createRow(r).createCell(0).setCellValue(table.empty());
                }
                for (List<String> values : table.rows()) {
                    Row row = sheet.createRow(r++);
                    for (int c = 0; c < values.size(); c++) {
                        cell(row, c, values.get(c), literal);
                    }
                }
                for (int c = 0; c < table.header().size(); c++) {
                    sheet.setColumnWidth(c, c == 1 ? 60 * 256 : 22 * 256);
                }
            }
            workbook.write(out);
        }
    }

    /**
     * A cell: a number where the text is one, otherwise text; text that a spreadsheet could take for
     * a formula ({@code =}, {@code +}, {@code -}, {@code @}) is marked literal.
     */
    private static void cell(Row row, int column, String value, CellStyle literal) {
        org.apache.poi.ss.usermodel.Cell cell = row.createCell(column);
        if (value.matches("-?\\d+(\\.\\d+)?")) {
            cell.setCellValue(Double.parseDouble(value));
            return;
        }
        cell.setCellValue(value);
        if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) {
            cell.setCellStyle(literal);
        }
    }

    private String organization(String id, String language) {
        return organizations.find(id).map(organization -> "en".equals(language) && organization.nameEn() != null ? organization.nameEn()
                : organization.name()).orElse(id);
    }

    private static String status(ResourceBundle texts, String status) {
        return status == null ? "" : text(texts, "status." + status);
    }

    private static String number(Double value) {
        if (value == null) {
            return "";
        }
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
    }

    private static String nullable(String value) {
        return value == null ? "" : value;
    }

    private static String text(ResourceBundle texts, String key) {
        return texts.getString(key);
    }

    private static String format(ResourceBundle texts, String key, Object... arguments) {
        return new MessageFormat(texts.getString(key), texts.getLocale()).format(arguments);
    }

    private static Locale locale(String language) {
        return "en".equals(language) ? Locale.ENGLISH : Locale.forLanguageTag("ru");
    }

    private static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle(BUNDLE, locale(language), AnalyticalReportRenderer.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
