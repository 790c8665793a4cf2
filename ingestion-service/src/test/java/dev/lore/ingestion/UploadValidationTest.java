package dev.lore.ingestion;

import static dev.lore.ingestion.IngestionTestSupport.in;
import static dev.lore.ingestion.IngestionTestSupport.upload;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every bad upload gets a clear error in the /v1 envelope and leaves nothing behind. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_ingestion"))
class UploadValidationTest {
    private static final byte[] TEXT = "Some text.".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
            0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};

    private final String project = "upload-" + UUID.randomUUID();
    private long blobsBefore;

    @BeforeEach
    void countBlobs() {
        blobsBefore = blobDirectories();
    }

    @Test
    void emptyFileIs422() {
        upload(project, "empty.txt", new byte[0], Map.of()).then().statusCode(422)
                .body("error.code", equalTo("empty_file")).body("error.param", equalTo("file"));
        assertNothingStored();
    }

    @Test
    void unsupportedTypeIs415() {
        upload(project, "pixel.png", PNG, Map.of()).then().statusCode(415)
                .body("error.code", equalTo("unsupported_media_type"))
                .body("error.message", containsString("image/png"));
        upload(project, "blob.bin", new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe, 0, 0, 7}, Map.of()).then()
                .statusCode(415);
        assertNothingStored();
    }

    @Test
    void overTheLimitIs413BeforeAndAfterReading() {
        // Tests run with a 2 MB limit. Over limit + multipart overhead: refused from Content-Length.
        byte[] huge = new byte[3 * 1024 * 1024 + 512 * 1024];
        Arrays.fill(huge, (byte) 'a');
        upload(project, "huge.txt", huge, Map.of()).then().statusCode(413)
                .body("error.code", equalTo("file_too_large"));
        // Just over the limit: read, measured, refused.
        byte[] over = new byte[2 * 1024 * 1024 + 10];
        Arrays.fill(over, (byte) 'b');
        upload(project, "over.txt", over, Map.of()).then().statusCode(413)
                .body("error.code", equalTo("file_too_large"));
        assertNothingStored();
    }

    @Test
    void metadataMustBeAJsonObject() {
        upload(project, "a.txt", TEXT, Map.of("metadata", "[1,2]")).then().statusCode(400)
                .body("error.code", equalTo("invalid_metadata")).body("error.param", equalTo("metadata"));
        upload(project, "a.txt", TEXT, Map.of("metadata", "{broken")).then().statusCode(400)
                .body("error.code", equalTo("invalid_metadata"));
        assertNothingStored();
    }

    @Test
    void unknownKnowledgeBaseIs404() {
        upload(project, "a.txt", TEXT, Map.of("knowledge_base_id", UUID.randomUUID().toString())).then()
                .statusCode(404).body("error.code", equalTo("knowledge_base_not_found"));
        upload(project, "a.txt", TEXT, Map.of("knowledge_base_id", "nope")).then().statusCode(400)
                .body("error.param", equalTo("knowledge_base_id"));
        assertNothingStored();
    }

    @Test
    void badChunkingParametersAre400() {
        upload(project, "a.txt", TEXT, Map.of("chunk_strategy", "words")).then().statusCode(400)
                .body("error.param", equalTo("chunk_strategy"));
        upload(project, "a.txt", TEXT, Map.of("chunk_size", "ten")).then().statusCode(400)
                .body("error.param", equalTo("chunk_size"));
        upload(project, "a.txt", TEXT, Map.of("chunk_size", "100", "chunk_overlap", "200")).then().statusCode(400)
                .body("error.param", equalTo("chunk_overlap"));
        upload(project, "a.txt", TEXT, Map.of("chunk_semantic_threshold", "1.5")).then().statusCode(400)
                .body("error.param", equalTo("chunk_semantic_threshold"));
        assertNothingStored();
    }

    @Test
    void aFileWithoutAFilePartIs400() {
        in(project).multiPart("metadata", "{}").post("/v1/documents").then().statusCode(400)
                .body("error.param", equalTo("file"));
    }

    private void assertNothingStored() {
        in(project).get("/v1/documents").then().statusCode(200).body("total", equalTo(0));
        assertEquals(blobsBefore, blobDirectories(), "no blob left behind");
    }

    private static long blobDirectories() {
        Path blobs = Path.of("target/lore-test-data/blobs");
        if (!Files.exists(blobs)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(blobs)) {
            return dirs.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
