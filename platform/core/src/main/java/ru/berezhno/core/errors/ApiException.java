package ru.berezhno.core.errors;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An error to report to the caller as {@code application/problem+json}. The detail is a message key
 * with arguments, rendered in the caller's language; {@code errors} lists problems per field.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String detailKey;
    private final transient List<Object> detailArguments;
    private final transient List<FieldError> errors;

    public ApiException(ErrorCode code, String detailKey, Object... detailArguments) {
        this(code, List.of(), detailKey, detailArguments);
    }

    public ApiException(ErrorCode code, List<FieldError> errors, String detailKey, Object... detailArguments) {
        super(code.key() + ": " + detailKey, null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.detailKey = requireNonNull(detailKey, "detailKey is null");
        this.detailArguments = List.of(detailArguments);
        this.errors = List.copyOf(errors);
    }

    /** A 400 listing every problem found in a request. */
    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(ErrorCode.INVALID_REQUEST, errors, "detail.invalid", errors.size());
    }

    public ErrorCode code() {
        return code;
    }

    public String detailKey() {
        return detailKey;
    }

    public List<Object> detailArguments() {
        return detailArguments;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
