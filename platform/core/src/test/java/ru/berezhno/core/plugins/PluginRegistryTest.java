package ru.berezhno.core.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Plugin;

class PluginRegistryTest {
    @Test
    void pluginsAreFoundWithServiceLoader() {
        PluginRegistry registry = PluginRegistry.load(getClass().getClassLoader());
        assertThat(registry.kind("fake-kind")).isPresent();
        assertThat(registry.plugins()).extracting(Plugin::id).containsExactly("fake");
    }

    @Test
    void twoPluginsWithOneIdStopLoadingNamingBothClasses() {
        assertThatThrownBy(() -> PluginRegistry.of(List.of(new FirstPlugin("same", "a"), new SecondPlugin("same", "b"))))
                .isInstanceOf(PluginLoadingException.class)
                .hasMessageContaining(FirstPlugin.class.getName()).hasMessageContaining(SecondPlugin.class.getName());
    }

    @Test
    void twoKindsWithOneIdStopLoading() {
        assertThatThrownBy(() -> PluginRegistry.of(List.of(new FirstPlugin("one", "kind"), new SecondPlugin("two", "kind"))))
                .isInstanceOf(PluginLoadingException.class).hasMessageContaining("'kind'").hasMessageContaining("'one'").hasMessageContaining("'two'");
    }

    @Test
    void aPluginThatContributesNothingStopsLoading() {
        Plugin empty = () -> "empty";
        assertThatThrownBy(() -> PluginRegistry.of(List.of(empty))).isInstanceOf(PluginLoadingException.class)
                .hasMessageContaining("contributes nothing");
    }

    @Test
    void anInvalidIdStopsLoading() {
        assertThatThrownBy(() -> PluginRegistry.of(List.of(new FirstPlugin("Bad Id", "k")))).isInstanceOf(PluginLoadingException.class)
                .hasMessageContaining("invalid id");
    }

    private record FirstPlugin(String id, String kindId) implements Plugin {
        @Override
        public List<InstrumentKind> instrumentKinds() {
            return List.of(() -> kindId);
        }
    }

    private record SecondPlugin(String id, String kindId) implements Plugin {
        @Override
        public List<InstrumentKind> instrumentKinds() {
            return List.of(() -> kindId);
        }
    }
}
