package dev.lore.ingestion;

import static dev.lore.ingestion.IngestionTestSupport.in;
import static dev.lore.ingestion.IngestionTestSupport.upload;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_ingestion"))
class KnowledgeBaseResourceTest {

    private static String project() {
        return "kb-" + UUID.randomUUID();
    }

    @Test
    void everyProjectHasADefaultKnowledgeBase() {
        String p = project();
        in(p).get("/v1/knowledge-bases").then().statusCode(200)
                .body("total", equalTo(1))
                .body("page", equalTo(1))
                .body("page_size", equalTo(20))
                .body("data[0].is_default", equalTo(true))
                .body("data[0].embedding_model", equalTo("baai/bge-small-en-v1.5"))
                .body("data[0].chunk_strategy", equalTo("recursive"));
    }

    @Test
    void createGetUpdateDelete() {
        String p = project();
        String id = in(p).contentType("application/json")
                .body(Map.of("name", "Support", "description", "FAQ", "embedding_model", "baai/bge-small-zh-v1.5",
                        "chunk_strategy", "markdown", "chunk_size", 300, "chunk_overlap", 30))
                .post("/v1/knowledge-bases").then().statusCode(201)
                .body("id", notNullValue())
                .body("chunk_strategy", equalTo("markdown"))
                .body("embedding_model", equalTo("baai/bge-small-zh-v1.5"))
                .extract().path("id");
        in(p).get("/v1/knowledge-bases/" + id).then().statusCode(200).body("name", equalTo("Support"))
                .body("chunk_size", equalTo(300)).body("document_count", equalTo(0));
        in(p).contentType("application/json").body(Map.of("name", "Support EN", "chunk_size", 200))
                .patch("/v1/knowledge-bases/" + id).then().statusCode(200)
                .body("name", equalTo("Support EN")).body("chunk_size", equalTo(200))
                .body("description", equalTo("FAQ"));
        in(p).get("/v1/knowledge-bases").then().body("total", equalTo(2));
        in(p).delete("/v1/knowledge-bases/" + id).then().statusCode(204);
        in(p).get("/v1/knowledge-bases/" + id).then().statusCode(404)
                .body("error.code", equalTo("knowledge_base_not_found"))
                .body("error.type", equalTo("not_found_error"));
    }

    @Test
    void theDefaultChunkSizeIsWhatTheModelReadsWhole() {
        String p = project();
        in(p).get("/v1/knowledge-bases").then().body("data[0].chunk_size", equalTo(510))
                .body("data[0].chunk_overlap", equalTo(40));
        String id = in(p).contentType("application/json")
                .body(Map.of("name", "Short", "embedding_model", "sentence-transformers/all-minilm-l6-v2"))
                .post("/v1/knowledge-bases").then().statusCode(201)
                .body("chunk_size", equalTo(126)).body("chunk_overlap", equalTo(40)).extract().path("id");
        // While empty, a knowledge base's model may change: a default size follows it...
        in(p).contentType("application/json").body(Map.of("embedding_model", "baai/bge-small-en-v1.5"))
                .patch("/v1/knowledge-bases/" + id).then().statusCode(200).body("chunk_size", equalTo(510));
        // ...a chosen one stays.
        in(p).contentType("application/json").body(Map.of("chunk_size", 300)).patch("/v1/knowledge-bases/" + id)
                .then().statusCode(200);
        in(p).contentType("application/json").body(Map.of("embedding_model", "baai/bge-small-zh-v1.5"))
                .patch("/v1/knowledge-bases/" + id).then().statusCode(200).body("chunk_size", equalTo(300));
    }

    @Test
    void badInputIsRefusedInTheEnvelope() {
        String p = project();
        in(p).contentType("application/json").body(Map.of("description", "no name"))
                .post("/v1/knowledge-bases").then().statusCode(400)
                .body("error.code", equalTo("invalid_parameter")).body("error.param", equalTo("name"));
        in(p).contentType("application/json").body(Map.of("name", "x", "embedding_model", "acme/unknown"))
                .post("/v1/knowledge-bases").then().statusCode(400).body("error.param", equalTo("embedding_model"));
        in(p).contentType("application/json").body(Map.of("name", "x", "chunk_strategy", "paragraphs"))
                .post("/v1/knowledge-bases").then().statusCode(400).body("error.param", equalTo("chunk_strategy"));
        in(p).contentType("application/json").body(Map.of("name", "x", "chunk_size", 100, "chunk_overlap", 100))
                .post("/v1/knowledge-bases").then().statusCode(400).body("error.param", equalTo("chunk_overlap"));
        in(p).contentType("application/json").body("{not json").post("/v1/knowledge-bases").then().statusCode(400)
                .body("error.message", notNullValue());
        in(p).contentType("application/json").body(Map.of("name", "Dup")).post("/v1/knowledge-bases").then()
                .statusCode(201);
        in(p).contentType("application/json").body(Map.of("name", "dup")).post("/v1/knowledge-bases").then()
                .statusCode(409).body("error.code", equalTo("knowledge_base_exists"));
        in(p).get("/v1/knowledge-bases/not-a-uuid").then().statusCode(404);
        in(p).queryParam("page_size", 1000).get("/v1/knowledge-bases").then().statusCode(400)
                .body("error.param", equalTo("page_size"));
    }

    @Test
    void theDefaultKnowledgeBaseCannotBeDeleted() {
        String p = project();
        String id = in(p).get("/v1/knowledge-bases").then().extract().path("data[0].id");
        in(p).delete("/v1/knowledge-bases/" + id).then().statusCode(409)
                .body("error.code", equalTo("default_knowledge_base"));
    }

    @Test
    void projectsDoNotSeeEachOthersKnowledgeBases() {
        String a = project();
        String b = project();
        String id = in(a).contentType("application/json").body(Map.of("name", "Private"))
                .post("/v1/knowledge-bases").then().statusCode(201).extract().path("id");
        in(b).get("/v1/knowledge-bases/" + id).then().statusCode(404);
        in(b).delete("/v1/knowledge-bases/" + id).then().statusCode(404);
        in(b).contentType("application/json").body(Map.of("name", "Hijack")).patch("/v1/knowledge-bases/" + id)
                .then().statusCode(404);
        in(b).get("/v1/knowledge-bases").then().body("data.id", not(hasItem(id)))
                .body("total", greaterThanOrEqualTo(1));
    }

    @Test
    void anUploadLandsInTheKnowledgeBaseItNamesWithItsChunking() {
        byte[] text = "Knowledge bases decide how documents are chunked.".getBytes(StandardCharsets.UTF_8);
        String a = project();
        // The first upload without a knowledge base creates the project's default and lands in it.
        String doc = upload(a, "d.txt", text, Map.of()).then().statusCode(202)
                .body("chunk_strategy", equalTo("recursive")).body("chunk_size", equalTo(510))
                .extract().path("knowledge_base_id");
        in(a).get("/v1/knowledge-bases").then().body("total", equalTo(1)).body("data[0].id", equalTo(doc))
                .body("data[0].is_default", equalTo(true));
        String kb = in(a).contentType("application/json")
                .body(Map.of("name", "Notes", "chunk_strategy", "sentence", "chunk_size", 200, "chunk_overlap", 20))
                .post("/v1/knowledge-bases").then().statusCode(201).extract().path("id");
        upload(a, "n.txt", text, Map.of("knowledge_base_id", kb)).then().statusCode(202)
                .body("knowledge_base_id", equalTo(kb)).body("chunk_strategy", equalTo("sentence"))
                .body("chunk_size", equalTo(200)).body("chunk_overlap", equalTo(20));
        // The upload's own settings win over the knowledge base's.
        upload(a, "o.txt", text, Map.of("knowledge_base_id", kb, "chunk_size", "150")).then().statusCode(202)
                .body("chunk_strategy", equalTo("sentence")).body("chunk_size", equalTo(150));
        // Another project cannot upload into it.
        upload(project(), "x.txt", text, Map.of("knowledge_base_id", kb)).then().statusCode(404)
                .body("error.code", equalTo("knowledge_base_not_found"));
    }
}
