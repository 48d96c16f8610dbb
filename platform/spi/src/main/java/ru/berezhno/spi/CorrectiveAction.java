package ru.berezhno.spi;

import static java.util.Objects.requireNonNull;

/**
 * A finding of one response that must be acted upon, such as a problem found by an audit: the
 * platform turns it into an action with an owner, a due date and a status. {@code source} is the id
 * of the question it was found under; {@code text} says what was found.
 */
@Experimental
public record CorrectiveAction(String source, String text) {
    public CorrectiveAction {
        requireNonNull(source, "source is null");
        requireNonNull(text, "text is null");
    }
}
