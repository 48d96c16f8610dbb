package ru.berezhno.core.definitions;

import java.util.List;

/** Definitions or the organisation directory could not be loaded; lists every problem found. */
public final class DefinitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public DefinitionException(List<String> problems) {
        super(problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code file: path: message}. */
    public List<String> problems() {
        return problems;
    }
}
