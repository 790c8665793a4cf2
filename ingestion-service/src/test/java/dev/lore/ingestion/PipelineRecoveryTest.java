package dev.lore.ingestion;

import static dev.lore.ingestion.IngestionTestSupport.awaitStatus;
import static dev.lore.ingestion.IngestionTestSupport.uploadOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A worker that dies mid-way leaves a claim behind; the lease hands the document to another. And
 * during a rolling upgrade, instances of the previous release keep taking chunk ids alongside.
 */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_ingestion"))
class PipelineRecoveryTest {
    @Inject
    EntityManager em;

    private final String project = "recovery-" + UUID.randomUUID();

    @Test
    void aDocumentLeftParsingByADeadWorkerIsProcessedAgain() throws Exception {
        String id = uploadOk(project, "crash.txt", bytes("Recovered after a crash."), Map.of());
        awaitStatus(project, id, "indexing");
        // As if a worker had claimed it an hour ago and the process had died.
        simulateAbandonedClaim(id, 1);
        JsonNode doc = awaitStatus(project, id, "indexing");
        assertEquals(1, doc.get("chunks_total").asInt());
        assertEquals(Boolean.TRUE, QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("SELECT attempts FROM document WHERE id = :id")
                        .setParameter("id", UUID.fromString(id)).getSingleResult()).intValue() == 2));
    }

    @Test
    void aFileThatKeepsKillingWorkersIsFailedAfterTheLastAttempt() throws Exception {
        String id = uploadOk(project, "poison.txt", bytes("Pretend this file crashes the parser."), Map.of());
        awaitStatus(project, id, "indexing");
        simulateAbandonedClaim(id, 3);
        JsonNode doc = awaitStatus(project, id, "failed");
        assertTrue(doc.get("error").asText().contains("abandoned after 3 attempts"), doc.toString());
    }

    @Test
    void chunkIdsNeverFallInABlockThePreviousReleaseReserved() throws Exception {
        // The previous release's Hibernate reserved ids a block of 50 per nextval (either side of it).
        long reserved = QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("SELECT nextval('chunk_seq')").getSingleResult()).longValue());
        String text = "A sentence that the chunker will put into one of several small chunks. ".repeat(60);
        String id = uploadOk(project, "ids.txt", bytes(text), Map.of("chunk_size", "64", "chunk_overlap", "0"));
        awaitStatus(project, id, "indexing");
        List<?> ids = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT id FROM chunk WHERE document_id = :id").setParameter("id", UUID.fromString(id)).getResultList());
        assertTrue(ids.size() > 3, "several chunks: " + ids.size());
        for (Object chunkId : ids) {
            long value = ((Number) chunkId).longValue();
            assertTrue(value < reserved - 49 || value > reserved + 49, value + " is in the block of " + reserved);
        }
    }

    private void simulateAbandonedClaim(String id, int attempts) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        UPDATE document SET status = 'parsing', claimed_at = now() - interval '1 hour',
                               attempts = :attempts, chunks_total = 0
                        WHERE id = :id""")
                .setParameter("attempts", attempts).setParameter("id", UUID.fromString(id)).executeUpdate());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
