package dev.lore.embedding;

/** A remote embedding endpoint refused, failed or could not be reached; the message names model and endpoint. */
public final class RemoteEmbeddingException extends RuntimeException {
    public RemoteEmbeddingException(String message) {
        super(message);
    }
}
