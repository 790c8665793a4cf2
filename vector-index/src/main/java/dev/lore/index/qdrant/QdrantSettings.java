package dev.lore.index.qdrant;

import java.util.List;
import java.util.Objects;

/**
 * Where the Qdrant adapter connects, and what it indexes.
 *
 * @param host              the Qdrant server
 * @param grpcPort          its gRPC port (6334 by default; the REST port is not used)
 * @param apiKey            null when the server has none
 * @param useTls            whether the connection is encrypted (needed whenever an API key crosses a network)
 * @param collectionPrefix  starts the name of every collection this adapter creates or touches, so one Qdrant
 *                          can hold other data, or several Lore deployments, side by side; no deployment's
 *                          prefix may start with another's. Letters, digits, {@code _}, {@code -}, {@code .}
 * @param metadataIndexKeys top-level metadata keys filtered on often enough to deserve a keyword payload index
 *                          ({@code meta.<key>}); filters on other keys still work, by scanning
 */
public record QdrantSettings(String host, int grpcPort, String apiKey, boolean useTls, String collectionPrefix,
                             List<String> metadataIndexKeys) {

    public QdrantSettings {
        Objects.requireNonNull(host, "host");
        if (collectionPrefix == null || !collectionPrefix.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("Collection prefix must be letters, digits, '_', '-' or '.': "
                    + collectionPrefix);
        }
        metadataIndexKeys = List.copyOf(metadataIndexKeys);
    }
}
