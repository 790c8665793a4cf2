package dev.lore.retrieval;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The parts of the stack around the retrieval service under test: the real ingestion service (for
 * knowledge bases and uploads) and helpers to call the retrieval service in a project.
 */
public final class Stack {
    private Stack() {
    }

    /** A fresh project per test class keeps tests independent on the shared stack. */
    public static String newProject() {
        return "p-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification ingestion(String project) {
        return given().baseUri(ConfigProvider.getConfig().getValue(IngestionServiceResource.URL_PROPERTY, String.class))
                .header("X-Project-Id", project);
    }

    public static RequestSpecification retrieval(String project) {
        return given().header("X-Project-Id", project).contentType("application/json");
    }

    public static String createKnowledgeBase(String project, String name, String model) {
        Map<String, Object> body = model == null ? Map.of("name", name) : Map.of("name", name, "embedding_model", model);
        return ingestion(project).contentType("application/json").body(body)
                .post("/v1/knowledge-bases").then().statusCode(201).extract().path("id");
    }

    /** Uploads a text document and waits until it is ready (indexed by the service under test). */
    public static String upload(String project, String kb, String name, String text, String metadataJson) {
        String id = submit(project, kb, name, text, metadataJson, Map.of());
        awaitStatus(project, id, "ready");
        return id;
    }

    /**
     * Uploads a text document without waiting for it (extra form fields such as
     * {@code chunk_strategy}); several submitted at once are processed in parallel, then
     * {@link #awaitReady} them.
     */
    public static String submit(String project, String kb, String name, String text, String metadataJson,
                                Map<String, String> form) {
        RequestSpecification req = ingestion(project).multiPart("file", name, text.getBytes(StandardCharsets.UTF_8))
                .multiPart(new MultiPartSpecBuilder(kb).controlName("knowledge_base_id").build());
        if (metadataJson != null) {
            req.multiPart(new MultiPartSpecBuilder(metadataJson).controlName("metadata").charset("UTF-8").build());
        }
        form.forEach((k, v) -> req.multiPart(new MultiPartSpecBuilder(v).controlName(k).build()));
        return req.post("/v1/documents").then().statusCode(202).extract().path("id");
    }

    public static void awaitReady(String project, String... ids) {
        for (String id : ids) {
            awaitStatus(project, id, "ready");
        }
    }

    public static JsonPath document(String project, String id) {
        return ingestion(project).get("/v1/documents/" + id).then().statusCode(200).extract().jsonPath();
    }

    public static void awaitStatus(String project, String id, String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath doc = document(project, id);
            String s = doc.getString("status");
            if ("failed".equals(s) && !"failed".equals(status)) {
                throw new AssertionError("document failed: " + doc.getString("error"));
            }
            return status.equals(s);
        });
    }

    public static void post(String project, String path) {
        ingestion(project).post(path).then().statusCode(200);
    }
}
