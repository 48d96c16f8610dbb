package ru.berezhno.plugins.planreport;

import java.util.List;

import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Plugin;

/** The units' quarterly reports on the lean management plan (order §3). */
public final class LeanPlanReportPlugin implements Plugin {
    @Override
    public String id() {
        return "lean-plan-report";
    }

    @Override
    public List<InstrumentKind> instrumentKinds() {
        return List.of(new LeanPlanReportKind());
    }
}
