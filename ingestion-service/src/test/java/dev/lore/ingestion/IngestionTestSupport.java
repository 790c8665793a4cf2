package dev.lore.ingestion;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.event.IndexStatusEvent;
import dev.lore.common.event.Topics;
import dev.lore.testsupport.KafkaTestClient;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/** Upload, wait and acknowledge helpers shared by the ingestion tests. */
final class IngestionTestSupport {
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private IngestionTestSupport() {}

    static RequestSpecification in(String project) {
        return given().header("X-Project-Id", project);
    }

    static Response upload(String project, String fileName, byte[] bytes, Map<String, String> fields) {
        RequestSpecification req = in(project).multiPart("file", fileName, bytes);
        fields.forEach((k, v) -> req.multiPart(new MultiPartSpecBuilder(v).controlName(k).charset("UTF-8").build()));
        return req.when().post("/v1/documents");
    }

    static String uploadOk(String project, String fileName, byte[] bytes, Map<String, String> fields) {
        return upload(project, fileName, bytes, fields).then().statusCode(202).extract().path("id");
    }

    /** Waits until the document has the status, failing early with its error if it failed instead. */
    static JsonNode awaitStatus(String project, String id, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = get(project, id);
            String s = last[0].get("status").asText();
            if ("failed".equals(s) && !"failed".equals(status)) {
                throw new AssertionError("document failed: " + last[0].get("error"));
            }
            return status.equals(s);
        });
        return last[0];
    }

    static JsonNode get(String project, String id) throws Exception {
        return JSON.readTree(in(project).get("/v1/documents/" + id).then().statusCode(200).extract().asString());
    }

    static JsonNode chunks(String project, String id) throws Exception {
        return JSON.readTree(in(project).queryParam("page_size", 100).get("/v1/documents/" + id + "/chunks")
                .then().statusCode(200).extract().asString());
    }

    /** Acknowledges chunks as the retrieval side's embedding workers will. */
    static void ack(String project, String id, int version, List<Integer> ordinals) throws Exception {
        KafkaTestClient.send(Topics.INDEX_STATUS, id, JSON.writeValueAsString(new IndexStatusEvent(UUID.randomUUID(),
                IndexStatusEvent.CHUNKS_INDEXED, Instant.now(), project, UUID.fromString(id), version, ordinals, null)));
    }

    static void ackAll(String project, String id) throws Exception {
        JsonNode doc = get(project, id);
        ack(project, id, doc.get("version").asInt(), IntStream.range(0, doc.get("chunks_total").asInt()).boxed().toList());
    }
}
