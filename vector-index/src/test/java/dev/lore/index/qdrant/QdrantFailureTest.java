package dev.lore.index.qdrant;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.Futures;
import dev.lore.index.IndexUnavailableException;
import io.grpc.Status;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writers retry an unavailable index and drop a rejected request, so the two must not be confused. */
class QdrantFailureTest {

    @Test
    void aRejectedRequestIsTheCallersToFix() {
        for (Status status : List.of(Status.INVALID_ARGUMENT, Status.NOT_FOUND)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QdrantVectorIndex.await(
                    Futures.immediateFailedFuture(status.withDescription("Wrong input").asRuntimeException()),
                    "upsert into lore_x"));
            assertTrue(e.getMessage().startsWith("Qdrant upsert into lore_x failed: "), e.getMessage());
        }
        assertThrows(IndexUnavailableException.class, () -> QdrantVectorIndex.await(
                Futures.immediateFailedFuture(Status.INTERNAL.asRuntimeException()), "upsert into lore_x"));
    }

    @Test
    void anUnreachableQdrantIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (QdrantVectorIndex index = new QdrantVectorIndex(
                new QdrantSettings("127.0.0.1", closedPort, null, false, "lore_", List.of()))) {
            assertThrows(IndexUnavailableException.class, index::collections);
        }
    }
}
