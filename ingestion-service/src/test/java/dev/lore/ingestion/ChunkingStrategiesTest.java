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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each chunking strategy through the upload API, sized in the knowledge base model's tokens. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_ingestion"))
class ChunkingStrategiesTest {
    private static final String ENGLISH = """
            # Vector search

            Vector databases store embeddings. They answer nearest-neighbour queries quickly. \
            An index such as HNSW trades a little recall for a lot of speed.

            | Engine | Index |
            | --- | --- |
            | Lucene | HNSW |
            | Qdrant | HNSW |

            # Cooking

            Bread needs flour, water, salt and yeast. The dough rises for two hours. \
            Bake it at two hundred and thirty degrees until the crust is brown.
            """;
    private static final String CHINESE = "向量資料庫儲存嵌入向量。它們可以快速回答最近鄰查詢！"
            + "索引結構例如HNSW以少量召回率換取大量速度？這是檢索增強生成的基礎。".repeat(12);

    private final String project = "chunking-" + UUID.randomUUID();

    @Test
    void recursiveIsTheDefaultAndKeepsTablesWhole() throws Exception {
        List<JsonNode> chunks = chunked("guide.md", ENGLISH, Map.of());
        assertEquals("recursive", in(project).get("/v1/documents/" + chunks.get(0).get("document_id").asText())
                .then().extract().path("chunk_strategy"));
        JsonNode table = chunks.stream().filter(c -> c.get("chunk_type").asText().equals("table")).findFirst()
                .orElseThrow(() -> new AssertionError("no table chunk in " + chunks));
        assertTrue(table.get("content").asText().contains("| Lucene | HNSW |"), table.toString());
    }

    @Test
    void fixedWindowsNeverExceedTheSize() throws Exception {
        List<JsonNode> chunks = chunked("long.txt", "word ".repeat(500), Map.of("chunk_strategy", "fixed",
                "chunk_size", "50", "chunk_overlap", "10"));
        assertTrue(chunks.size() >= 10, "500 tokens in windows of 50 with overlap: " + chunks.size());
        chunks.forEach(c -> assertTrue(c.get("token_count").asInt() <= 50, c.toString()));
    }

    @Test
    void sentenceKeepsSentencesWhole() throws Exception {
        List<JsonNode> chunks = chunked("s.txt", "The first sentence is here. The second one follows! Is this the third? "
                .repeat(20), Map.of("chunk_strategy", "sentence", "chunk_size", "30", "chunk_overlap", "0"));
        for (JsonNode c : chunks) {
            String text = c.get("content").asText();
            assertTrue(text.endsWith(".") || text.endsWith("!") || text.endsWith("?"), text);
        }
    }

    @Test
    void markdownCarriesTheHeadingPath() throws Exception {
        List<JsonNode> chunks = chunked("guide.md", ENGLISH, Map.of("chunk_strategy", "markdown"));
        List<String> titles = new ArrayList<>();
        chunks.forEach(c -> titles.add(c.get("chunk_title").asText()));
        assertTrue(titles.contains("Vector search") && titles.contains("Cooking"), titles.toString());
    }

    @Test
    void semanticSplitsWhereTheTopicChanges() throws Exception {
        String text = "Vector databases store embeddings. Nearest-neighbour search finds similar vectors. "
                + "HNSW graphs make vector search fast. "
                + "Bread dough needs flour and yeast. Bake the loaf until the crust is golden. "
                + "Let the bread cool before slicing.";
        List<JsonNode> chunks = chunked("topics.txt", text, Map.of("chunk_strategy", "semantic",
                "chunk_semantic_threshold", "0.6"));
        assertTrue(chunks.size() >= 2, "a topic change starts a chunk: " + chunks);
        assertTrue(chunks.get(0).get("content").asText().contains("Vector"));
        assertTrue(chunks.get(chunks.size() - 1).get("content").asText().contains("bread"));
    }

    @Test
    void chineseChunksAtSentenceEndsInTheChineseModelsTokens() throws Exception {
        String kb = in(project).contentType("application/json").body(Map.of("name", "中文",
                "embedding_model", "baai/bge-small-zh-v1.5")).post("/v1/knowledge-bases").then().statusCode(201)
                .extract().path("id");
        List<JsonNode> chunks = chunked("zh.txt", CHINESE, Map.of("knowledge_base_id", kb,
                "chunk_strategy", "sentence", "chunk_size", "60", "chunk_overlap", "0"));
        assertTrue(chunks.size() > 3);
        StringBuilder all = new StringBuilder();
        for (JsonNode c : chunks) {
            String text = c.get("content").asText();
            assertTrue(c.get("token_count").asInt() <= 60, c.toString());
            assertTrue(text.endsWith("。") || text.endsWith("！") || text.endsWith("？"), text);
            all.append(text);
        }
        assertEquals(CHINESE, all.toString(), "no character lost or split");
    }

    @Test
    void aSizeOverTheModelLimitIsClampedAndReported() throws Exception {
        String id = uploadOk(project, "big.txt", "token ".repeat(3000).getBytes(StandardCharsets.UTF_8),
                Map.of("chunk_size", "2000", "chunk_overlap", "0"));
        JsonNode doc = awaitStatus(project, id, "indexing");
        assertEquals(2000, doc.get("chunk_size").asInt());
        assertEquals(510, doc.get("effective_chunk_size").asInt());
        chunks(project, id).get("data").forEach(c -> assertTrue(c.get("token_count").asInt() <= 510));
    }

    private List<JsonNode> chunked(String name, String text, Map<String, String> fields) throws Exception {
        String id = uploadOk(project, name, text.getBytes(StandardCharsets.UTF_8), fields);
        awaitStatus(project, id, "indexing");
        List<JsonNode> out = new ArrayList<>();
        chunks(project, id).get("data").forEach(out::add);
        return out;
    }
}
