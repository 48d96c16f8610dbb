package ru.berezhno.core.responses;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import ru.berezhno.core.store.Store;
import ru.berezhno.core.store.Write;

/** Responses in the {@code responses} collection, keyed {@code <survey>/<id>}, as compact JSON. */
public final class ResponseRepository {
    public static final String COLLECTION = "responses";

    private static final ObjectMapper CODEC = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final Store store;

    public ResponseRepository(Store store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** Stores new responses, all or none; completes once they are on disk. */
    public CompletableFuture<Void> insert(List<StoredResponse> responses) {
        return store.write(responses.stream().map(response -> Write.insert(COLLECTION, key(response.survey(), response.id()), encode(response))).toList());
    }

    public Optional<StoredResponse> find(String survey, String id) {
        return store.get(COLLECTION, key(survey, id)).map(ResponseRepository::decode);
    }

    public void forEach(String survey, Consumer<StoredResponse> consumer) {
        store.scan(COLLECTION, survey + "/", (key, value) -> consumer.accept(decode(value)));
    }

    public long count(String survey) {
        return store.count(COLLECTION, survey + "/");
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
