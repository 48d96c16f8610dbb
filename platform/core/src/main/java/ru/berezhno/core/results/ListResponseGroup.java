package ru.berezhno.core.results;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import ru.berezhno.spi.Response;
import ru.berezhno.spi.ResponseGroup;

/** A group of responses held in memory. */
final class ListResponseGroup implements ResponseGroup {
    private final List<Response> responses;

    ListResponseGroup(List<Response> responses) {
        this.responses = responses;
    }

    @Override
    public long size() {
        return responses.size();
    }

    @Override
    public SortedMap<Long, Long> valueCounts(String questionId) {
        SortedMap<Long, Long> counts = new TreeMap<>();
        for (Response response : responses) {
            if (response.answers().get(questionId) instanceof Long value) {
                counts.merge(value, 1L, Long::sum);
            }
        }
        return counts;
    }

    @Override
    public Iterable<Response> responses() {
        return responses;
    }
}
