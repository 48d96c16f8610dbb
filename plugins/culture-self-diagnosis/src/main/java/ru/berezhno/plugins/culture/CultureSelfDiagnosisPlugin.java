package ru.berezhno.plugins.culture;

import java.util.List;

import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Plugin;

/** Corporate-culture self-diagnosis of municipal bodies and institutions (order §4.2.1). */
public final class CultureSelfDiagnosisPlugin implements Plugin {
    @Override
    public String id() {
        return "culture-self-diagnosis";
    }

    @Override
    public List<InstrumentKind> instrumentKinds() {
        return List.of(new CultureSelfDiagnosisKind());
    }
}
