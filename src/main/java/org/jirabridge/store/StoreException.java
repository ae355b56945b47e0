package org.jirabridge.store;

/** A database failure; the API answers it with 503 so that clients retry instead of losing data. */
public class StoreException extends RuntimeException {
    public StoreException(Throwable cause) {
        super("database unavailable: " + cause.getMessage(), cause);
    }
}
