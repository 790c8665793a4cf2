package dev.lore.embedding;

/** A remote embedding endpoint refused, failed or could not be reached; the message names model and endpoint. */
public final class RemoteEmbeddingException extends RuntimeException {
    private final boolean unavailable;

    public RemoteEmbeddingException(String message) {
        this(message, false);
    }

    /** @param unavailable the endpoint was down or overloaded through every attempt (an outage, not a refusal) */
    public RemoteEmbeddingException(String message, boolean unavailable) {
        super(message);
        this.unavailable = unavailable;
    }

    /** Whether the endpoint was unreachable or answered 408, 429 or 5xx through every attempt. */
    public boolean unavailable() {
        return unavailable;
    }
}
