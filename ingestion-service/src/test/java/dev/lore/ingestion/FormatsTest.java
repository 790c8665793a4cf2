package dev.lore.ingestion;

import static dev.lore.ingestion.IngestionTestSupport.awaitStatus;
import static dev.lore.ingestion.IngestionTestSupport.chunks;
import static dev.lore.ingestion.IngestionTestSupport.in;
import static dev.lore.ingestion.IngestionTestSupport.uploadOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every listed format, uploaded through the API, ends with Markdown and chunks that hold its text. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_ingestion"))
class FormatsTest {
    private static final String SENTENCE = "quick brown fox indexes documents";
    private final String project = "formats-" + UUID.randomUUID();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "sample.pdf, application/pdf",
            "sample.docx, application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "sample.doc, application/msword",
            "sample.pptx, application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "sample.xlsx, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "sample.html, text/html",
            "sample.md, text/markdown",
            "sample.txt, text/plain",
            "sample.csv, text/csv",
            "sample.json, application/json",
            "sample.rtf, application/rtf",
            "sample.odt, application/vnd.oasis.opendocument.text",
            "sample.epub, application/epub+zip",
            "sample.eml, message/rfc822"})
    void parsesAndChunks(String file, String mediaType) throws Exception {
        String id = uploadOk(project, file, sample(file), Map.of());
        JsonNode doc = awaitStatus(project, id, "indexing");
        assertEquals(mediaType, doc.get("content_type").asText());
        assertTrue(doc.get("chunks_total").asInt() > 0);
        String markdown = in(project).get("/v1/documents/" + id + "/markdown").then().statusCode(200).extract()
                .asString();
        assertTrue(markdown.contains(SENTENCE) || markdown.contains("Lore Sample"), markdown);
        StringBuilder all = new StringBuilder();
        chunks(project, id).get("data").forEach(c -> all.append(c.get("content").asText()).append('\n'));
        assertTrue(all.toString().contains("Lore Sample") || all.toString().contains(SENTENCE), all.toString());
    }

    @Test
    void pdfChunksKnowTheirPage() throws Exception {
        String id = uploadOk(project, "sample.pdf", sample("sample.pdf"), Map.of("chunk_size", "32",
                "chunk_overlap", "0"));
        JsonNode doc = awaitStatus(project, id, "indexing");
        assertEquals(3, doc.get("page_count").asInt());
        JsonNode chunks = chunks(project, id).get("data");
        assertEquals(1, chunks.get(0).get("page").asInt());
        assertEquals(3, chunks.get(chunks.size() - 1).get("page").asInt());
    }

    @Test
    void passwordProtectedFilesEndFailedWithTheReason() throws Exception {
        for (String file : new String[] {"encrypted.pdf", "encrypted.docx"}) {
            String id = uploadOk(project, file, sample(file), Map.of());
            JsonNode doc = awaitStatus(project, id, "failed");
            assertTrue(doc.get("error").asText().contains("password"), doc.toString());
        }
    }

    @Test
    void corruptFilesEndFailedWithTheReason() throws Exception {
        String id = uploadOk(project, "corrupt.pdf", sample("corrupt.pdf"), Map.of());
        JsonNode doc = awaitStatus(project, id, "failed");
        assertTrue(doc.get("error").asText().toLowerCase().contains("corrupt"), doc.toString());
    }

    private static byte[] sample(String name) throws Exception {
        try (InputStream in = FormatsTest.class.getClassLoader().getResourceAsStream("samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing sample " + name);
            }
            return in.readAllBytes();
        }
    }
}
