package dev.lore.ingestion;

import static dev.lore.ingestion.IngestionTestSupport.awaitStatus;
import static dev.lore.ingestion.IngestionTestSupport.uploadOk;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A parse that overruns its timeout fails the document, and the workers go on with the next. */
@QuarkusTest
@TestProfile(ParseTimeoutTest.TinyTimeout.class)
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_ingestion"))
class ParseTimeoutTest {

    public static class TinyTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lore.ingestion.pipeline.parse-timeout", "1ms");
        }
    }

    @Test
    void anOverrunningParseFailsTheDocumentAndTheNextOneIsStillProcessed() throws Exception {
        String project = "timeout-" + UUID.randomUUID();
        for (String file : new String[] {"sample.pdf", "sample.docx"}) {
            byte[] bytes;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("samples/" + file)) {
                bytes = in.readAllBytes();
            }
            String id = uploadOk(project, file, bytes, Map.of());
            JsonNode doc = awaitStatus(project, id, "failed");
            assertTrue(doc.get("error").asText().contains("longer than"), doc.toString());
        }
    }
}
