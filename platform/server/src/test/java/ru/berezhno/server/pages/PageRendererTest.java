package ru.berezhno.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PageRendererTest {
    @Test
    void numbersInTextsAreWrittenAsTheLanguageWritesThem() {
        assertThat(PageRenderer.text("ru", "codes.errorCount", 1000)).as("Russian groups thousands with a no-break space").contains("1\u00a0000");
        assertThat(PageRenderer.text("en", "codes.errorCount", 1000)).contains("1,000");
        assertThat(PageRenderer.decimal("ru", 47.0588)).isEqualTo("47,06");
    }

    @Test
    void templatesFormatNumbersInThePageLanguage() {
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("switchLanguage", "/codes?lang=en");
        model.put("signedInAs", "Координатор");
        model.put("csrf", "x");
        model.put("errors", Map.of());
        model.put("surveys", java.util.List.of(Map.of("id", "culture-self-diagnosis", "name", "Самодиагностика", "selected", true)));
        model.put("organizationName", "УЭР");
        model.put("organizations", null);
        model.put("count", "20");
        model.put("maximum", 1000);
        String page = new PageRenderer().render("codes", "ru", model);
        assertThat(page).contains("от 1 до 1\u00a0000").doesNotContain("1,000");
        assertThat(page).as("a coordinator's organisation is fixed: no select").doesNotContain("id=\"c-organization\"");
    }
}
