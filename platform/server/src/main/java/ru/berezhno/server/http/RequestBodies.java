package ru.berezhno.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import ru.berezhno.core.errors.ApiException;
import ru.berezhno.core.errors.ErrorCode;
import ru.berezhno.core.errors.FieldError;

/**
 * Reads request bodies within a size limit and parses them as JSON under tight constraints
 * (nesting, string and number length, duplicate keys), turning every failure into a client error
 * that names no class and echoes no content.
 */
public final class RequestBodies {
    /** The largest JSON body accepted for one submission. */
    public static final int MAX_JSON_BYTES = 64 * 1024;
    /** The largest NDJSON import body. */
    public static final int MAX_IMPORT_BYTES = 32 * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(16)
                            .maxStringLength(MAX_JSON_BYTES)
                            .maxNumberLength(40)
                            .maxNameLength(200)
                            .maxDocumentLength(MAX_JSON_BYTES)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Decimals exactly as written: 1.5e-600000000 is then refused for its exponent, not rounded to 0.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private RequestBodies() {
    }

    /** Reads at most {@code limit} bytes, answering 413 beyond. */
    public static byte[] read(InputStream in, int limit) {
        if (in == null) {
            return new byte[0];
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (out.size() + read > limit) {
                    throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "detail.payloadTooLarge", limit);
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    /** Parses one JSON document, answering 400 with the location on malformed input. */
    public static JsonNode json(byte[] body) {
        if (body.length == 0) {
            throw ApiException.invalid(List.of(FieldError.of("$", "error.notObject")));
        }
        try {
            return MAPPER.readTree(body);
        }
        catch (StreamConstraintsException | NumberFormatException | ArithmeticException e) {
            // A number Jackson cannot make (an exponent beyond an int: 1e2147483648) is too large, like a too long one.
            throw new ApiException(ErrorCode.MALFORMED_JSON, "detail.jsonTooLarge");
        }
        catch (JsonProcessingException e) {
            throw malformed(e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses newline-delimited JSON: one element per line, null for a blank line. A malformed line
     * is reported as a field error with its line number, together with all the others.
     */
    public static List<JsonNode> ndjson(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n", -1);
        List<JsonNode> nodes = new ArrayList<>(lines.length);
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                nodes.add(null);
                continue;
            }
            try {
                nodes.add(MAPPER.readTree(line));
            }
            catch (StreamConstraintsException | NumberFormatException | ArithmeticException e) {
                errors.add(FieldError.of("$", "error.lineTooLarge").atLine(i + 1));
                nodes.add(null);
            }
            catch (JsonProcessingException e) {
                errors.add(FieldError.of("$", "error.malformedLine").atLine(i + 1));
                nodes.add(null);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return nodes;
    }

    private static ApiException malformed(JsonProcessingException e) {
        if (e.getLocation() == null) {
            return new ApiException(ErrorCode.MALFORMED_JSON, "detail.malformedJsonNoLocation");
        }
        return new ApiException(ErrorCode.MALFORMED_JSON, "detail.malformedJson", e.getLocation().getLineNr(), e.getLocation().getColumnNr());
    }

    /**
     * Reads a JSON object of at most {@link #MAX_JSON_BYTES}, refusing anything else at once, and
     * adds an error for every field that is not one of {@code fields}.
     */
    public static JsonNode object(java.io.InputStream body, java.util.Set<String> fields, List<ru.berezhno.core.errors.FieldError> errors) {
        JsonNode request = json(read(body, MAX_JSON_BYTES));
        if (!request.isObject()) {
            throw ru.berezhno.core.errors.ApiException.invalid(List.of(ru.berezhno.core.errors.FieldError.of("$", "error.notObject")));
        }
        request.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                errors.add(ru.berezhno.core.errors.FieldError.of(name, "error.unknownField"));
            }
        });
        return request;
    }
}
