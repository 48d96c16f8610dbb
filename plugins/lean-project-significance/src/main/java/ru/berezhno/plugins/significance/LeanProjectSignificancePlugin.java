package ru.berezhno.plugins.significance;

import java.util.List;

import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Plugin;

/** Significance of lean projects scored by experts against a weighted rubric (order §2.6, §4.3.2). */
public final class LeanProjectSignificancePlugin implements Plugin {
    @Override
    public String id() {
        return "lean-project-significance";
    }

    @Override
    public List<InstrumentKind> instrumentKinds() {
        return List.of(new LeanProjectSignificanceKind());
    }
}
