package ru.berezhno.core.plugins;

import java.util.List;

import ru.berezhno.spi.DefinitionProblem;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Plugin;
import ru.berezhno.spi.SurveyDefinition;

/**
 * A hand-written plugin for core's tests, found through ServiceLoader like a real one. Its kind
 * {@code fake-kind} requires {@code options.needed}, to show that kind-specific checks run.
 */
public final class FakePlugin implements Plugin {
    @Override
    public String id() {
        return "fake";
    }

    @Override
    public List<InstrumentKind> instrumentKinds() {
        return List.of(new InstrumentKind() {
            @Override
            public String id() {
                return "fake-kind";
            }

            @Override
            public List<DefinitionProblem> validate(SurveyDefinition definition) {
                return definition.options().containsKey("needed") ? List.of()
                        : List.of(new DefinitionProblem("options.needed", "is required by fake-kind"));
            }
        });
    }
}
