package ru.berezhno.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ru.berezhno.core.definitions.DefinitionLoader;
import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Loads one bundled definition file alone, for a plugin's tests: the other files may need plugins
 * that module's tests do not have. Paths are relative to a module two levels below the root.
 */
public final class BundledDefinitions {
    public static final Path FOLDER = Path.of("../../survey-definitions");

    private BundledDefinitions() {
    }

    public static SurveyDefinition load(PluginRegistry plugins, String id) {
        try {
            Path folder = Files.createTempDirectory("definition");
            Files.copy(FOLDER.resolve(id + ".yaml"), folder.resolve(id + ".yaml"));
            return new DefinitionLoader(plugins).load(folder).latest(id).orElseThrow();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
