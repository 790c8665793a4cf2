package dev.lore.embedding;

/** The model id names no model this deployment can run. */
public class UnknownModelException extends RuntimeException {
    private final String modelId;

    public UnknownModelException(String modelId, java.util.Collection<String> known) {
        super("Unknown embedding model '" + modelId + "'; available: " + String.join(", ", known));
        this.modelId = modelId;
    }

    public String modelId() {
        return modelId;
    }
}
