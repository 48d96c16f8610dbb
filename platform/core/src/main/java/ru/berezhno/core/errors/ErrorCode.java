package ru.berezhno.core.errors;

/**
 * Every error a user can cause, with its HTTP status and category. The {@code key} names the
 * title in the {@code messages} bundle; a problem's {@code type} is {@code /problems/<key>}.
 */
public enum ErrorCode {
    INVALID_REQUEST(400, "invalid-request"),
    MALFORMED_JSON(400, "malformed-json"),
    UNAUTHORIZED(401, "unauthorized"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not-found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable"),
    CONFLICT(409, "conflict"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type"),
    UNAVAILABLE(503, "unavailable", ErrorCategory.INTERNAL_ERROR),
    INTERNAL(500, "internal", ErrorCategory.INTERNAL_ERROR);

    private final int status;
    private final String key;
    private final ErrorCategory category;

    ErrorCode(int status, String key) {
        this(status, key, ErrorCategory.USER_ERROR);
    }

    ErrorCode(int status, String key, ErrorCategory category) {
        this.status = status;
        this.key = key;
        this.category = category;
    }

    public int status() {
        return status;
    }

    public String key() {
        return key;
    }

    public ErrorCategory category() {
        return category;
    }
}
