package dev.lore.llm.rerank;

import java.util.OptionalInt;

/**
 * A rerank call that failed. Unchecked because callers can only degrade (keep the vector order)
 * or report it; the HTTP status is kept so they can tell a misconfigured key from an outage.
 */
public final class RerankException extends RuntimeException {
    private final String reranker;
    private final int httpStatus;

    /** @param httpStatus the server's status, or 0 when no response was received */
    RerankException(String reranker, int httpStatus, String message, Throwable cause) {
        super("Reranker '" + reranker + "' " + message, cause);
        this.reranker = reranker;
        this.httpStatus = httpStatus;
    }

    public String reranker() {
        return reranker;
    }

    /** The non-2xx status the server answered with; empty for connection, timeout and parse failures. */
    public OptionalInt httpStatus() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
