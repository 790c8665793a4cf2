package dev.lore.ingestion;

import static dev.lore.ingestion.IngestionTestSupport.uploadOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.ingestion.repository.PipelineRepository;
import dev.lore.ingestion.repository.PipelineRepository.Claim;
import dev.lore.ingestion.service.DocumentPipeline;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How workers claim queued documents: small files in batches, oldest first; a large file alone, so
 * that every worker gets one; a claim left by a dead worker alone, so that a file that stops the
 * service uses up only its own attempts. And a batch is stored together, but a document the
 * database refuses fails alone. This instance runs no workers: the tests claim and process.
 */
@QuarkusTest
@TestProfile(PipelineClaimTest.NoWorkers.class)
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_ingestion"))
class PipelineClaimTest {
    private static final long SMALL = 256 * 1024;

    public static class NoWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lore.ingestion.pipeline.workers", "0");
        }
    }

    @Inject
    PipelineRepository claims;
    @Inject
    DocumentPipeline pipeline;
    @Inject
    EntityManager em;

    private final String project = "claims-" + UUID.randomUUID();

    @Test
    void smallFilesAreClaimedTogetherOldestFirstAndALargeFileAlone() {
        List<String> small = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            small.add(upload("small-" + i + ".txt", "A short file, number " + i + "."));
        }
        String large = upload("large.txt", "A long line of text that makes this file large. ".repeat(6_000));
        small.add(upload("small-6.txt", "A short file uploaded after the large one."));

        List<List<String>> batches = new ArrayList<>();
        for (List<Claim> batch; !(batch = claimQueued()).isEmpty(); ) {
            batches.add(batch.stream().map(c -> c.id().toString()).toList());
            for (Claim c : batch) {
                assertEquals(1, c.attempts(), "a first claim: " + c);
                assertTrue(c.sizeBytes() > 0, "the claim carries the file's size: " + c);
            }
        }
        List<String> withSmall = batches.stream().filter(b -> b.contains(small.get(0))).findFirst().orElseThrow();
        assertEquals(small, withSmall.stream().filter(small::contains).toList(),
                "every small file in one batch, oldest first: " + batches);
        assertEquals(List.of(large), batches.stream().filter(b -> b.contains(large)).findFirst().orElseThrow(),
                "the large file alone: " + batches);
    }

    @Test
    void aClaimLeftByADeadWorkerIsTakenAloneAndCountsAnAttempt() {
        String first = upload("first.txt", "Claimed by a worker that died.");
        String second = upload("second.txt", "Claimed in the same batch.");
        List<String> claimed = claimQueued().stream().map(c -> c.id().toString()).toList();
        assertTrue(claimed.containsAll(List.of(first, second)), "one batch: " + claimed);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        UPDATE document SET claimed_at = now() - interval '1 hour' WHERE id IN (:a, :b)""")
                .setParameter("a", UUID.fromString(first)).setParameter("b", UUID.fromString(second))
                .executeUpdate());

        List<String> retried = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Claim c = QuarkusTransaction.requiringNew().call(() -> claims.claimExpired(Duration.ofMinutes(10)))
                    .orElseThrow();
            assertEquals(2, c.attempts(), "the second attempt: " + c);
            retried.add(c.id().toString());
        }
        assertEquals(List.of(first, second), retried, "one at a time, oldest first");
        assertTrue(QuarkusTransaction.requiringNew().call(() -> claims.claimExpired(Duration.ofMinutes(10)))
                .filter(c -> c.id().toString().equals(first) || c.id().toString().equals(second)).isEmpty(),
                "a renewed claim is not expired");
    }

    @Test
    void aDocumentTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsStored() throws Exception {
        // A real refusal by PostgreSQL, for one chunk text only (NULs, which it refuses by itself,
        // no longer reach it: parsing turns them into spaces).
        String marker = "refused-" + UUID.randomUUID();
        sql("""
                CREATE FUNCTION refuse_marked_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.content LIKE '%%%s%%' THEN RAISE EXCEPTION 'chunk refused by the test'; END IF;
                  RETURN NEW;
                END $$""".formatted(marker));
        sql("CREATE TRIGGER refuse_marked_chunk BEFORE INSERT ON chunk FOR EACH ROW EXECUTE FUNCTION refuse_marked_chunk()");
        try {
            String before = upload("before.txt", "Stored although a batch-mate is refused.");
            String refused = upload("refused.txt", "Plain text with the marker " + marker + " in it.");
            String after = upload("after.txt", "Also stored.");
            List<Claim> batch = claimQueued().stream()
                    .filter(c -> List.of(before, refused, after).contains(c.id().toString())).toList();
            assertEquals(3, batch.size(), "one batch: " + batch);

            pipeline.process(batch);

            assertEquals("indexing", status(before));
            assertEquals("indexing", status(after));
            assertEquals("failed", status(refused));
            String error = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                    "SELECT error FROM document WHERE id = :id").setParameter("id", UUID.fromString(refused))
                    .getSingleResult());
            assertTrue(error.startsWith("Internal error while storing the document"), error);
        } finally {
            sql("DROP TRIGGER refuse_marked_chunk ON chunk");
            sql("DROP FUNCTION refuse_marked_chunk()");
        }
    }

    @Test
    void aNulPastTheFirstBytesOfATextFileIsStoredAsASpace() throws Exception {
        String id = upload("nul.txt", "Plain text. ".repeat(800) + "\u0000and more text after it.");
        List<Claim> batch = claimQueued().stream().filter(c -> c.id().toString().equals(id)).toList();
        assertEquals(1, batch.size());

        pipeline.process(batch);

        assertEquals("indexing", status(id));
        String last = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT content FROM chunk WHERE document_id = :id ORDER BY ordinal DESC LIMIT 1")
                .setParameter("id", UUID.fromString(id)).getSingleResult());
        assertTrue(last.endsWith("and more text after it.") && last.indexOf('\0') < 0, last);
    }

    private void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).executeUpdate());
    }

    private String status(String id) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "SELECT status FROM document WHERE id = :id").setParameter("id", UUID.fromString(id)).getSingleResult());
    }

    private List<Claim> claimQueued() {
        return QuarkusTransaction.requiringNew().call(() -> claims.claimQueued(16, SMALL));
    }

    private String upload(String name, String text) {
        return uploadOk(project, name, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
