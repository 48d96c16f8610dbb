package ru.berezhno.core.responses;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import ru.berezhno.core.definitions.DefinitionCatalog;
import ru.berezhno.core.plugins.PluginRegistry;
import ru.berezhno.core.results.ResponseCounts;
import ru.berezhno.core.store.Derivation;
import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.Write;
import ru.berezhno.spi.InstrumentKind;
import ru.berezhno.spi.Question;
import ru.berezhno.spi.QuestionType;
import ru.berezhno.spi.SurveyDefinition;

/**
 * Responses as compact JSON. Anonymous ones are appended to the survey's log in the
 * {@code responses} collection ({@link Store#scanLog}): they are never read one by one, only all
 * together, and a log costs a fraction of a keyed entry to write. Attributed ones (audits,
 * scoresheets, reports), which are looked up by id, are keyed {@code <survey>/<id>} in the same
 * collection. Reading all of a survey's responses gives them in a random order, never the order
 * they came in.
 * Free-text answers are also kept apart in the {@code comments} collection, keyed by survey,
 * organisation, period, question and a random id of their own, so that a group's comments are read
 * without scanning its responses, in an order that says nothing about when they came. Every insert
 * also updates the {@link ResponseCounts} in the same atomic write.
 */
public final class ResponseRepository {
    public static final String COLLECTION = "responses";
    public static final String COMMENTS = "comments";

    private static final ObjectMapper CODEC = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final Store store;
    private final ResponseCounts counts;
    private final PluginRegistry plugins;
    private final BatchLedger batches;

    public ResponseRepository(Store store, ResponseCounts counts, PluginRegistry plugins, BatchLedger batches) {
        this.store = requireNonNull(store, "store is null");
        this.counts = requireNonNull(counts, "counts is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.batches = requireNonNull(batches, "batches is null");
    }

    /**
     * Stores new responses to one definition, all or none, with their comments and counts, and
     * returns once they are on disk and counted. Counting happens on the calling thread, keeping it
     * off the store's single writer thread.
     *
     * @throws ru.berezhno.core.store.StoreException when the write failed
     * @throws TimeoutException when it was not durable within the timeout
     */
    public void insert(List<StoredResponse> responses, SurveyDefinition definition, Duration timeout) throws TimeoutException {
        insert(responses, definition, List.of(), timeout);
    }

    /** As {@link #insert(List, SurveyDefinition, Duration)}, with more writes that must succeed or fail with the responses. */
    public void insert(List<StoredResponse> responses, SurveyDefinition definition, List<Write> together, Duration timeout) throws TimeoutException {
        InstrumentKind kind = kind(plugins, definition);
        List<Write> writes = new ArrayList<>(together);
        for (StoredResponse response : responses) {
            // A plain put: ids are 128 random bits, and checking for a collision would cost a lookup per response.
            writes.add(response.attributed() ? Write.put(COLLECTION, key(response.survey(), response.id()), encode(response))
                    : Write.append(COLLECTION, response.survey(), encode(response)));
            derivedWrites(response, definition, kind, writes);
        }
        store.writeAndWait(writes, timeout);
        counts.record(responses, definition, kind);
    }

    /**
     * Stores anonymous responses in a batch's log, with {@code together} (the batch's record, say),
     * all or none. When {@code counted}, their comments and counts are written too, in the same
     * write and journaled as they are (a replay finds them there; it derives nothing from a batch).
     */
    public void insertBatch(String batchId, List<StoredResponse> responses, SurveyDefinition definition, List<Write> together, boolean counted,
            Duration timeout) throws TimeoutException {
        InstrumentKind kind = kind(plugins, definition);
        List<Write> writes = new ArrayList<>(together);
        for (StoredResponse response : responses) {
            writes.add(Write.append(BatchLedger.LOGS, batchId, encode(response)));
            if (counted) {
                writes.addAll(countingWrites(batchId, response, definition, kind, 1));
            }
        }
        store.writeAndWait(writes, timeout);
        if (counted) {
            counts.record(responses, definition, kind);
        }
    }

    /**
     * Adds a batch's responses to the comments and counts ({@code delta} 1: it was accepted) or takes
     * them out ({@code delta} −1: it was voided), with {@code together} in the same write. Each
     * response is counted under the definition version it answered.
     */
    public void recount(String batchId, int delta, Function<StoredResponse, Optional<SurveyDefinition>> definitionOf, List<Write> together,
            Duration timeout) throws TimeoutException {
        Map<SurveyDefinition, List<StoredResponse>> byDefinition = new java.util.LinkedHashMap<>();
        store.scanLog(BatchLedger.LOGS, batchId, value -> {
            StoredResponse response = decode(value);
            definitionOf.apply(response).ifPresent(definition -> byDefinition.computeIfAbsent(definition, d -> new ArrayList<>()).add(response));
        });
        List<Write> writes = new ArrayList<>(together);
        byDefinition.forEach((definition, responses) -> {
            InstrumentKind kind = kind(plugins, definition);
            responses.forEach(response -> writes.addAll(countingWrites(batchId, response, definition, kind, delta)));
        });
        store.writeAndWait(writes, timeout);
        byDefinition.forEach((definition, responses) -> counts.record(responses, definition, kind(plugins, definition), delta));
    }

    /**
     * A batched response's comments (put, or deleted when {@code delta} is −1) and counter updates.
     * A comment's key is made from the batch and the response, so that voiding finds it again.
     */
    private static List<Write> countingWrites(String batchId, StoredResponse response, SurveyDefinition definition, InstrumentKind kind, int delta) {
        List<Write> writes = new ArrayList<>();
        for (Question question : definition.questions()) {
            if (question.type() == QuestionType.TEXT && response.answers().get(question.id()) instanceof String text) {
                String key = commentPrefix(response.survey(), response.organization(), response.period(), question.id()) + "~"
                        + batchedCommentKey(batchId, response.id(), question.id());
                writes.add(delta > 0 ? Write.put(COMMENTS, key, text.getBytes(StandardCharsets.UTF_8)) : Write.delete(COMMENTS, key));
            }
        }
        writes.addAll(ResponseCounts.writesFor(response, definition, kind, delta));
        return writes;
    }

    private static String batchedCommentKey(String batchId, String responseId, String question) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((batchId + "/" + responseId + "/" + question).getBytes(StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /**
     * The derivation that rebuilds comments and counts from journaled responses on replay: the
     * journal then holds each response once, and nothing derived from it.
     */
    public static Derivation derivation(DefinitionCatalog definitions, PluginRegistry plugins) {
        requireNonNull(definitions, "definitions is null");
        requireNonNull(plugins, "plugins is null");
        return journaled -> {
            List<Write> derived = new ArrayList<>();
            for (Write write : journaled) {
                if ((write.kind() == Write.Kind.PUT || write.kind() == Write.Kind.APPEND) && write.collection().equals(COLLECTION)) {
                    StoredResponse response = decode(write.value());
                    definitions.version(response.survey(), response.version()).or(() -> definitions.latest(response.survey()))
                            .ifPresent(definition -> derivedWrites(response, definition, kind(plugins, definition), derived));
                }
            }
            return derived;
        };
    }

    /** The comments and counter updates that follow from a response, marked as derived. */
    private static InstrumentKind kind(PluginRegistry plugins, SurveyDefinition definition) {
        return plugins.kind(definition.kind()).orElseThrow(() -> new IllegalStateException("no plugin brings kind " + definition.kind()));
    }

    private static void derivedWrites(StoredResponse response, SurveyDefinition definition, InstrumentKind kind, List<Write> writes) {
        for (Question question : definition.questions()) {
            if (question.type() == QuestionType.TEXT && response.answers().get(question.id()) instanceof String text) {
                writes.add(Write.put(COMMENTS, commentPrefix(response.survey(), response.organization(), response.period(), question.id())
                        + ResponseService.newId(), text.getBytes(StandardCharsets.UTF_8)).asDerived());
            }
        }
        ResponseCounts.writesFor(response, definition, kind).forEach(write -> writes.add(write.asDerived()));
    }

    /**
     * Up to {@code limit} comments of one group, a uniform random sample: their keys are random, so
     * the first ones in key order are as good as any.
     */
    public List<Comment> comments(String survey, String organization, String period, String question, int limit) {
        List<Comment> comments = new ArrayList<>();
        store.scan(COMMENTS, commentPrefix(survey, organization, period, question), limit,
                (key, value) -> comments.add(new Comment(key.substring(key.lastIndexOf('/') + 1), new String(value, StandardCharsets.UTF_8))));
        return comments;
    }

    /** A comment with its random key, by which samples of several groups can be merged fairly. */
    public record Comment(String randomKey, String text) {
    }

    private static String commentPrefix(String survey, String organization, String period, String question) {
        return survey + "/" + organization + "/" + period + "/" + question + "/";
    }

    public Optional<StoredResponse> find(String survey, String id) {
        return store.get(COLLECTION, key(survey, id)).map(ResponseRepository::decode);
    }

    /**
     * Calls {@code consumer} with every response to a survey, in a random order: the attributed
     * ones in the order of their random ids, the anonymous ones shuffled out of the order they
     * came in (see {@link Shuffled}).
     */
    public void forEach(String survey, Consumer<StoredResponse> consumer) {
        store.scan(COLLECTION, survey + "/", (key, value) -> consumer.accept(decode(value)));
        try (Shuffled<byte[]> shuffled = new Shuffled<>(value -> consumer.accept(decode(value)))) {
            store.scanLog(COLLECTION, survey, shuffled);
            for (String batch : batches.counted(survey)) {
                store.scanLog(BatchLedger.LOGS, batch, shuffled);
            }
        }
    }

    /** How many responses of a survey count: its own, and those of its accepted batches. */
    public long count(String survey) {
        long count = store.count(COLLECTION, survey + "/") + store.logSize(COLLECTION, survey);
        for (String batch : batches.counted(survey)) {
            count += store.logSize(BatchLedger.LOGS, batch);
        }
        return count;
    }

    /** How many responses a store holds per survey, for every survey it holds any of; for backups and checks. */
    public static SortedMap<String, Long> countsPerSurvey(Store store) {
        SortedMap<String, Long> counts = new TreeMap<>();
        for (String log : store.logs(COLLECTION)) {
            counts.merge(log, store.logSize(COLLECTION, log), Long::sum);
        }
        store.scan(COLLECTION, "", (key, value) -> counts.merge(key.substring(0, key.indexOf('/')), 1L, Long::sum));
        return counts;
    }

    private static String key(String survey, String id) {
        return survey + "/" + id;
    }

    static byte[] encode(StoredResponse response) {
        try {
            return CODEC.writeValueAsBytes(response);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StoredResponse decode(byte[] value) {
        try {
            return CODEC.readValue(value, StoredResponse.class);
        }
        catch (IOException e) {
            throw new UncheckedIOException("a stored response cannot be read", e);
        }
    }
}
