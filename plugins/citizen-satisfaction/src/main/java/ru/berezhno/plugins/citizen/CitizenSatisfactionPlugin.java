package ru.berezhno.plugins.citizen;

import java.util.List;

import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Plugin;

/** Citizen satisfaction with municipal services (plan item 3.3), after the «Ваш контроль» form. */
public final class CitizenSatisfactionPlugin implements Plugin {
    @Override
    public String id() {
        return "citizen-satisfaction";
    }

    @Override
    public List<InstrumentKind> instrumentKinds() {
        return List.of(new CitizenSatisfactionKind());
    }
}
