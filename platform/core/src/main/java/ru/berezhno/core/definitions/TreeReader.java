package ru.berezhno.core.definitions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import ru.berezhno.spi.LocalizedText;

/**
 * Reads typed values out of a parsed YAML or JSON tree, recording a problem with its path for
 * everything missing or malformed instead of stopping at the first one.
 */
final class TreeReader {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern QUESTION_ID = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final List<String> problems = new ArrayList<>();
    private final String file;

    TreeReader(String file) {
        this.file = file;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String path, String message) {
        problems.add(file + ": " + (path.isEmpty() ? "(top)" : path) + ": " + message);
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    /** Reports keys of {@code node} that are not in {@code allowed}, catching typos in definitions. */
    void onlyKeys(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problem(child(path, name), "unknown key (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    String string(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                problem(child(path, name), "is required");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problem(child(path, name), "must be a non-empty text");
            return null;
        }
        return node.asText().strip();
    }

    String id(JsonNode parent, String name, String path, Pattern pattern) {
        String value = string(parent, name, path, true);
        if (value != null && !pattern.matcher(value).matches()) {
            problem(child(path, name), "'" + value + "' is not a valid id (" + pattern.pattern() + ")");
            return null;
        }
        return value;
    }

    Integer integer(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                problem(child(path, name), "is required");
            }
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problem(child(path, name), "must be an integer");
            return null;
        }
        return node.intValue();
    }

    BigDecimal decimal(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            problem(child(path, name), "must be a number");
            return null;
        }
        return node.decimalValue();
    }

    boolean bool(JsonNode parent, String name, String path, boolean defaultValue) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            problem(child(path, name), "must be true or false");
            return defaultValue;
        }
        return node.booleanValue();
    }

    /** A text in both languages: {@code {ru: …, en: …}}. */
    LocalizedText text(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent.get(name);
        String at = child(path, name);
        if (node == null || node.isNull()) {
            if (required) {
                problem(at, "is required, as {ru: …, en: …}");
            }
            return null;
        }
        return text(node, at);
    }

    LocalizedText text(JsonNode node, String at) {
        if (!node.isObject()) {
            problem(at, "must be a text in both languages, as {ru: …, en: …}");
            return null;
        }
        onlyKeys(node, at, Set.of("ru", "en"));
        String ru = string(node, "ru", at, true);
        String en = string(node, "en", at, true);
        return ru == null || en == null ? null : new LocalizedText(ru, en);
    }

    List<JsonNode> list(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                problem(child(path, name), "is required and must be a non-empty list");
            }
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            problem(child(path, name), "must be a non-empty list");
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    /** Converts a tree to plain Java values (maps, lists, strings, longs, decimals, booleans). */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }
}
