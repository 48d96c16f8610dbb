package ru.berezhno.core.results;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import ru.berezhno.core.responses.StoredResponse;
import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.Write;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Exact counts of answers per survey, organisation, period, question and value, kept up to date as
 * responses arrive, so that results never scan responses. The counts are stored as counters in the
 * {@code counts} collection, updated in the same atomic write as the response they count, and held
 * in memory for reading.
 *
 * <p>Cells: for each response, one in {@code (survey, organisation, period, "", "")}; for each
 * answered question, one in {@code (…, question, "#")}, and one per value: the level of a scale,
 * the option of a single choice, each option of a multiple choice, the number of a number question;
 * and one per value the instrument kind derives from the response (a scale's total, say).
 * Every mean, deviation, interval, distribution and share follows from these counts.
 */
public final class ResponseCounts {
    public static final String COLLECTION = "counts";
    /** The question id of the cell counting responses. */
    public static final String RESPONSES = "";
    /** The value of the cell counting the responses that answered a question. */
    public static final String ANSWERED = "#";
    private static final char SEPARATOR = '\u001f';

    private final Map<String, SurveyCounts> surveys = new ConcurrentHashMap<>();

    /** The counts of one (organisation, period) cell group. */
    public record GroupKey(String organization, String period) {
    }

    /** The counts of one group: values counted per question. Mutated only under the survey's write lock. */
    public static final class GroupCounts {
        private final Map<String, Map<String, Long>> questions = new HashMap<>();

        public long responses() {
            return count(RESPONSES, "");
        }

        public long count(String question, String value) {
            return questions.getOrDefault(question, Map.of()).getOrDefault(value, 0L);
        }

        /** Every counted value of a question, {@link #ANSWERED} included. */
        public Map<String, Long> values(String question) {
            return questions.getOrDefault(question, Map.of());
        }

        public Map<String, Map<String, Long>> all() {
            return questions;
        }

        /** Adds to a cell; a cell back at zero (its responses voided) is gone, as if never counted. */
        void add(String question, String value, long delta) {
            Map<String, Long> values = questions.computeIfAbsent(question, q -> new HashMap<>());
            if (values.merge(value, delta, Long::sum) == 0) {
                values.remove(value);
                if (values.isEmpty()) {
                    questions.remove(question);
                }
            }
        }
    }

    private static final class SurveyCounts {
        final ReadWriteLock lock = new ReentrantReadWriteLock();
        final Map<GroupKey, GroupCounts> groups = new HashMap<>();
    }

    /** Loads the stored counts. */
    public static ResponseCounts load(Store store) {
        ResponseCounts counts = new ResponseCounts();
        store.scan(COLLECTION, "", (key, value) -> {
            if (Write.counter(value) == 0) {
                return;
            }
            String[] parts = key.split(String.valueOf(SEPARATOR), -1);
            counts.survey(parts[0]).groups.computeIfAbsent(new GroupKey(parts[1], parts[2]), k -> new GroupCounts())
                    .add(parts[3], parts[4], Write.counter(value));
        });
        return counts;
    }

    /** The counter updates that count {@code response}, to be written with it. */
    public static List<Write> writesFor(StoredResponse response, SurveyDefinition definition, InstrumentKind kind) {
        return writesFor(response, definition, kind, 1);
    }

    /**
     * The counter updates that add {@code response} to the counts ({@code delta} 1) or take it out
     * of them again ({@code delta} −1, when a batch of responses is voided).
     */
    public static List<Write> writesFor(StoredResponse response, SurveyDefinition definition, InstrumentKind kind, int delta) {
        List<Write> writes = new ArrayList<>();
        cells(response, definition, kind, (question, value) -> writes.add(Write.add(COLLECTION,
                String.join(String.valueOf(SEPARATOR), response.survey(), response.organization(), response.period(), question, value), delta)));
        return writes;
    }

    /** Counts responses in memory once their writes are durable. */
    public void record(List<StoredResponse> responses, SurveyDefinition definition, InstrumentKind kind) {
        record(responses, definition, kind, 1);
    }

    /** Adds responses to the counts in memory ({@code delta} 1), or takes them out ({@code delta} −1), once the writes are durable. */
    public void record(List<StoredResponse> responses, SurveyDefinition definition, InstrumentKind kind, int delta) {
        if (responses.isEmpty()) {
            return;
        }
        SurveyCounts survey = survey(definition.id());
        survey.lock.writeLock().lock();
        try {
            for (StoredResponse response : responses) {
                GroupKey key = new GroupKey(response.organization(), response.period());
                GroupCounts group = survey.groups.computeIfAbsent(key, k -> new GroupCounts());
                cells(response, definition, kind, (question, value) -> group.add(question, value, delta));
                if (group.questions.isEmpty()) {
                    survey.groups.remove(key);
                }
            }
        }
        finally {
            survey.lock.writeLock().unlock();
        }
    }

    /** Reads a survey's groups under its read lock; {@code reader} must not keep references to them. */
    public <T> T read(String surveyId, Function<Map<GroupKey, GroupCounts>, T> reader) {
        SurveyCounts survey = survey(surveyId);
        survey.lock.readLock().lock();
        try {
            return reader.apply(survey.groups);
        }
        finally {
            survey.lock.readLock().unlock();
        }
    }

    private SurveyCounts survey(String surveyId) {
        return surveys.computeIfAbsent(requireNonNull(surveyId, "surveyId is null"), id -> new SurveyCounts());
    }

    private interface CellConsumer {
        void accept(String question, String value);
    }

    private static void cells(StoredResponse response, SurveyDefinition definition, InstrumentKind kind, CellConsumer consumer) {
        consumer.accept(RESPONSES, "");
        kind.derivedValues(definition, response.toResponse()).forEach((name, value) -> consumer.accept(name, String.valueOf(value)));
        for (Map.Entry<String, Object> answer : response.answers().entrySet()) {
            Question question = definition.question(answer.getKey()).orElse(null);
            if (question == null) {
                continue;
            }
            consumer.accept(question.id(), ANSWERED);
            Object value = answer.getValue();
            switch (question.type()) {
                case SCALE, SINGLE -> consumer.accept(question.id(), String.valueOf(value));
                case NUMBER -> consumer.accept(question.id(), value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value));
                case MULTIPLE -> ((List<?>) value).forEach(option -> consumer.accept(question.id(), (String) option));
                case TEXT -> {
                    // Texts are counted as answered only; their content is kept with the comments.
                }
            }
        }
    }
}
