package ru.berezhno.core.errors;

/** Whether an error was caused by the caller or by the platform. */
public enum ErrorCategory {
    USER_ERROR,
    INTERNAL_ERROR
}
