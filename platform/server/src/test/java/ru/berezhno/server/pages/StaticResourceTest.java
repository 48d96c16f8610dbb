package ru.berezhno.server.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import ru.berezhno.core.errors.ApiException;

class StaticResourceTest {
    private final StaticResource resource = new StaticResource();

    @Test
    void askingForMadeUpNamesKeepsNothingInMemory() {
        assertThat(resource.file("app.css").getStatus()).isEqualTo(200);
        int kept = StaticResource.cached();
        for (int i = 0; i < 10_000; i++) {
            String name = "missing-" + i + ".js";
            assertThatThrownBy(() -> resource.file(name)).isInstanceOf(ApiException.class);
        }
        assertThat(StaticResource.cached()).as("files kept after 10,000 requests for names that do not exist").isEqualTo(kept);
    }

    @Test
    void theChartsLibraryServedIsAtLeastTheReleaseThatFixedTheTooltipXss() {
        String echarts = new String((byte[]) resource.file("echarts.min.js").getEntity(), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("\\.version=\"(\\d+)\\.(\\d+)\\.(\\d+)\"").matcher(echarts);
        assertThat(version.find()).as("the library states its version").isTrue();
        int[] served = {Integer.parseInt(version.group(1)), Integer.parseInt(version.group(2)), Integer.parseInt(version.group(3))};
        assertThat(java.util.Arrays.compare(served, new int[] {5, 5, 1})).as("ECharts " + version.group()).isGreaterThanOrEqualTo(0);
    }
}
