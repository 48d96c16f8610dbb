package ru.berezhno.server.backup;

/** A backup or restore that cannot be done; the message says why and what to do, for an administrator. */
public final class BackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
