package ru.berezhno.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;

import ru.berezhno.core.responses.Periods;
import ru.berezhno.core.responses.ResponseRepository;
import ru.berezhno.core.responses.ResponseService;
import ru.berezhno.core.responses.StoredResponse;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Deterministic responses to the citizen-satisfaction survey, the same for the same seed:
 * organisation drawn Zipf-like (P(k) ∝ 1/k) over the given organisations; submission day uniform
 * over 2024-01-01…2026-12-31 (stored as its quarter); each criterion, {@code overall} and
 * {@code service} uniform over their levels or options; {@code recommend} uniform over 0–10.
 */
public final class CitizenResponseGenerator {
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    private static final int DAYS = (int) (LocalDate.of(2026, 12, 31).toEpochDay() - FIRST_DAY.toEpochDay()) + 1;

    private final SurveyDefinition definition;
    private final List<String> organizations;
    private final double[] cumulative;
    private final SplittableRandom random;

    public CitizenResponseGenerator(SurveyDefinition definition, List<String> organizations, long seed) {
        this.definition = requireNonNull(definition, "definition is null");
        this.organizations = List.copyOf(organizations);
        this.random = new SplittableRandom(seed);
        this.cumulative = new double[organizations.size()];
        double total = 0;
        for (int k = 1; k <= organizations.size(); k++) {
            total += 1.0 / k;
        }
        double running = 0;
        for (int k = 1; k <= organizations.size(); k++) {
            running += 1.0 / k / total;
            cumulative[k - 1] = running;
        }
        cumulative[cumulative.length - 1] = 1.0;
    }

    public StoredResponse next() {
        double draw = random.nextDouble();
        int index = 0;
        while (cumulative[index] < draw) {
            index++;
        }
        String period = Periods.quarterOf(FIRST_DAY.plusDays(random.nextInt(DAYS)));
        Map<String, Object> answers = new LinkedHashMap<>();
        for (Question question : definition.questions()) {
            switch (question.type()) {
                case SCALE -> answers.put(question.id(), (long) (question.scaleMin() + random.nextInt(question.scaleMax() - question.scaleMin() + 1)));
                case SINGLE -> answers.put(question.id(), question.options().get(random.nextInt(question.options().size())).id());
                default -> {
                    // optional questions of other types stay unanswered
                }
            }
        }
        return new StoredResponse(ResponseService.newId(), definition.id(), definition.version(), organizations.get(index), period, answers);
    }

    /** Stores {@code count} generated responses through the repository, in batches, each durable before the next. */
    public void store(ResponseRepository repository, long count, int batchSize) {
        long left = count;
        while (left > 0) {
            int size = (int) Math.min(batchSize, left);
            List<StoredResponse> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(next());
            }
            try {
                repository.insert(batch, definition, Duration.ofMinutes(5));
            }
            catch (TimeoutException e) {
                throw new IllegalStateException("storing generated responses timed out", e);
            }
            left -= size;
        }
    }
}
