package dev.lore.retrieval.service;

import dev.lore.common.error.LoreException;

/**
 * A remote embedding model failed: a 503 naming it in whichever surface asked. An outage (the
 * endpoint down or overloaded through every retry) is told apart from a refusal, because the
 * worker waits out an outage instead of failing the documents.
 */
public final class ModelUnavailableException extends LoreException {
    private final boolean outage;

    ModelUnavailableException(String message, boolean outage) {
        super(503, "embedding_model_unavailable", message);
        this.outage = outage;
    }

    public boolean outage() {
        return outage;
    }
}
