package dev.lore.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lore.common.event.AuditEvent;
import dev.lore.common.event.Topics;
import dev.lore.testsupport.KafkaTestClient;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds lore.audit.v1 events as the gateway writes them, sends them, and waits for them to land. */
final class Events {
    static final ObjectMapper JSON = new ObjectMapper();

    private Events() {}

    static String newProject() {
        return "p-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static AuditEvent event(String project, String action, int status, Instant time) {
        return new AuditEvent(AuditEvent.SCHEMA, UUID.randomUUID().toString(), time.toString(),
                "req-" + UUID.randomUUID(), project, new AuditEvent.Actor("api_key", "key_test", "alice"), action,
                null, List.of(), "GET", "/v1/" + action.replace('.', '/'), status, null, 3.25, "10.0.0.7",
                "curl/8.5.0", "ingestion", null);
    }

    static AuditEvent withActor(AuditEvent e, String keyId, String userId) {
        return new AuditEvent(e.schema(), e.eventId(), e.time(), e.requestId(), e.projectId(),
                new AuditEvent.Actor("api_key", keyId, userId), e.action(), e.deniedAction(), e.resourceIds(),
                e.method(), e.path(), e.status(), e.errorCode(), e.latencyMs(), e.clientIp(), e.userAgent(),
                e.service(), e.metadata());
    }

    static AuditEvent withMetadata(AuditEvent e, Map<String, Object> metadata) {
        return new AuditEvent(e.schema(), e.eventId(), e.time(), e.requestId(), e.projectId(), e.actor(), e.action(),
                e.deniedAction(), List.of("doc-1", "doc \"2\""), e.method(), e.path(), e.status(), e.errorCode(),
                e.latencyMs(), e.clientIp(), "agent\twith\ttabs\nand a newline \\ and backslash", e.service(),
                metadata);
    }

    static String json(AuditEvent e) {
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static void send(AuditEvent... events) {
        for (AuditEvent e : events) {
            KafkaTestClient.send(Topics.AUDIT, e.projectId() == null ? AuditEvent.NO_PROJECT : e.projectId(), json(e));
        }
    }

    static RequestSpecification api(String project) {
        return given().header("X-Project-Id", project);
    }

    /** Sends the events and waits until the project lists {@code expected} events in all. */
    static void sendAndAwait(String project, int expected, AuditEvent... events) {
        send(events);
        awaitTotal(project, expected);
    }

    static void awaitTotal(String project, int expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                api(project).get("/v1/audit/logs?page_size=1").then().statusCode(200).extract()
                        .<Integer>path("total") == expected);
    }
}
