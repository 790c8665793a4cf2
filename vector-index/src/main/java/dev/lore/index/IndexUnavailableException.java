package dev.lore.index;

/** The index could not be reached or written; the same call may succeed later. */
public class IndexUnavailableException extends RuntimeException {
    public IndexUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
