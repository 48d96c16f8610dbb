package ru.berezhno.server.pages;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A page rendered once with a placeholder where each visitor's form token goes, filled in per
 * request by joining its parts: the same bytes as rendering it with the token, at the cost of a
 * string copy instead of a template run. The placeholder has the shape of a token (43 URL-safe
 * characters), so that escaping leaves it as it is, and is a text no page otherwise contains.
 */
final class FilledPage {
    static final String PLACEHOLDER = "FORMTOKENPLACEHOLDER00000000000000000000000";

    private final String[] parts;

    FilledPage(String rendered) {
        requireNonNull(rendered, "rendered is null");
        this.parts = rendered.split(Pattern.quote(PLACEHOLDER), -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("the page has no place for the form token");
        }
    }

    /** The page with {@code token} in every place of the placeholder. */
    String with(String token) {
        return String.join(token, parts);
    }
}
