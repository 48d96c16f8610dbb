package ru.berezhno.core.results;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Response;
import ru.berezhno.spi.ResponseGroup;
import ru.berezhno.spi.SurveyDefinition;

/**
 * A group held in a list, counting values by reading every response: answers, and with a kind
 * and its definition also the values the kind derives. For small groups read whole (the current
 * scoresheets of one project), the reference against which the platform's counting is checked, and
 * a fixture for plugins' tests.
 */
public final class ListResponseGroup implements ResponseGroup {
    private final List<Response> members;
    private final InstrumentKind kind;
    private final SurveyDefinition definition;

    /** Counts answers only. */
    public ListResponseGroup(List<Response> members) {
        this(members, null, null);
    }

    /** Counts answers and the values {@code kind} derives from each response. */
    public ListResponseGroup(List<Response> members, InstrumentKind kind, SurveyDefinition definition) {
        this.members = List.copyOf(members);
        this.kind = kind;
        this.definition = definition;
    }

    @Override
    public long size() {
        return members.size();
    }

    @Override
    public SortedMap<Long, Long> valueCounts(String name) {
        SortedMap<Long, Long> counts = new TreeMap<>();
        for (Response response : members) {
            Object value = response.answers().get(name);
            if (value == null && kind != null) {
                value = kind.derivedValues(definition, response).get(name);
            }
            if (value instanceof Long number) {
                counts.merge(number, 1L, Long::sum);
            }
        }
        return counts;
    }

    @Override
    public Iterable<Response> responses() {
        return members;
    }
}
