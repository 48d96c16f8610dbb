package ru.berezhno.core.rounds;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;


import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.FieldError;
import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.StoredJson;
import ru.berezhno.core.store.StoreException;
import ru.berezhno.core.store.Write;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Rounds of surveys whose periods are rounds (the self-diagnosis, say): at most one is open per
 * survey, and responses go to it. Stored in the {@code rounds} collection, keyed
 * {@code <survey>/<round>}, and cached in memory.
 */
public final class RoundService {
    public static final String COLLECTION = "rounds";
    public static final Pattern ID = Pattern.compile("\\d{4}-[A-Za-z0-9]{1,8}");
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    /** A round and whether it is still open. */
    public record Round(String survey, String id, boolean open) {
    }

    private final Store store;
    private final DefinitionCatalog definitions;
    private final Map<String, Round> rounds = new ConcurrentHashMap<>();

    public RoundService(Store store, DefinitionCatalog definitions) {
        this.store = requireNonNull(store, "store is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        store.scan(COLLECTION, "", (key, value) -> rounds.put(key, decode(value)));
    }

    /** The rounds of a survey, in order of their ids. */
    public List<Round> rounds(String surveyId) {
        definition(surveyId);
        return rounds.values().stream().filter(round -> round.survey().equals(surveyId)).sorted(Comparator.comparing(Round::id)).toList();
    }

    public Optional<Round> openRound(String surveyId) {
        return rounds.values().stream().filter(round -> round.survey().equals(surveyId) && round.open()).findFirst();
    }

    public boolean exists(String surveyId, String roundId) {
        return rounds.containsKey(surveyId + "/" + roundId);
    }

    /** Opens a round; refused while another is open, or when the id was used before. */
    public synchronized Round open(String surveyId, String roundId) {
        SurveyDefinition definition = definition(surveyId);
        if (definition.periods() != SurveyDefinition.Periods.ROUNDS) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.noRounds", surveyId);
        }
        if (roundId == null || !ID.matcher(roundId).matches()) {
            throw ApiException.invalid(List.of(FieldError.of("id", "error.roundId")));
        }
        if (exists(surveyId, roundId)) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.roundExists", roundId);
        }
        Optional<Round> open = openRound(surveyId);
        if (open.isPresent()) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.roundOpen", open.get().id());
        }
        Round round = new Round(surveyId, roundId, true);
        save(round, true);
        return round;
    }

    public synchronized Round close(String surveyId, String roundId) {
        definition(surveyId);
        Round round = rounds.get(surveyId + "/" + roundId);
        if (round == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "detail.unknownRound", roundId);
        }
        if (!round.open()) {
            throw new ApiException(ErrorCode.CONFLICT, "detail.roundClosed", roundId);
        }
        Round closed = new Round(surveyId, roundId, false);
        save(closed, false);
        return closed;
    }

    private void save(Round round, boolean isNew) {
        String key = round.survey() + "/" + round.id();
        byte[] value = encode(round);
        try {
            store.writeAndWait(List.of(isNew ? Write.insert(COLLECTION, key, value) : Write.put(COLLECTION, key, value)), WRITE_TIMEOUT);
        }
        catch (TimeoutException e) {
            throw new StoreException("a round was not stored within " + WRITE_TIMEOUT, e);
        }
        rounds.put(key, round);
    }

    private SurveyDefinition definition(String surveyId) {
        return definitions.latest(surveyId).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "detail.unknownSurvey", surveyId));
    }

    private static byte[] encode(Round value) {
        return StoredJson.encode(value);
    }

    private static Round decode(byte[] value) {
        return StoredJson.decode(value, Round.class, "round");
    }
}
