package ru.berezhno.core.store;

/**
 * A write refused because the data folder's disk is (nearly) full. Nothing of it was journaled;
 * unlike a failure, it does not stop the store: the same write succeeds once space is freed.
 */
public final class StoreFullException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreFullException(String message) {
        super(message);
    }
}
