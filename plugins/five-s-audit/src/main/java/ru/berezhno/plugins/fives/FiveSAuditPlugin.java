package ru.berezhno.plugins.fives;

import java.util.List;

import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Plugin;

/** 5S audits of workplaces against the five steps of ГОСТ Р 56906 (order §3.2). */
public final class FiveSAuditPlugin implements Plugin {
    @Override
    public String id() {
        return "five-s-audit";
    }

    @Override
    public List<InstrumentKind> instrumentKinds() {
        return List.of(new FiveSAuditKind());
    }
}
