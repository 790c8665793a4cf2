package dev.lore.audit;

import static dev.lore.audit.Events.api;
import static dev.lore.audit.Events.event;
import static dev.lore.audit.Events.newProject;
import static dev.lore.audit.Events.sendAndAwait;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.common.event.AuditEvent;
import dev.lore.common.event.Topics;
import dev.lore.testsupport.InternalTokenFilter;
import dev.lore.testsupport.KafkaTestClient;
import dev.lore.testsupport.LoreInfraResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Ingest from lore.audit.v1 (idempotency, dead letters) and GET /v1/audit/logs (filters, paging, scoping). */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_audit"))
class AuditLogTest {
    @Inject
    AgroalDataSource db;

    @Test
    void aRedeliveredEventIsStoredOnce() throws Exception {
        String project = newProject();
        AuditEvent e = event(project, "documents.upload", 202, Instant.now());
        AuditEvent other = event(project, "documents.list", 200, Instant.now());
        // The same event three times: twice in one burst (likely one batch), once after it landed.
        sendAndAwait(project, 2, e, e, other);
        sendAndAwait(project, 2, e);
        AuditEvent marker = event(project, "auth.me", 200, Instant.now());
        sendAndAwait(project, 3, marker); // the redelivery was consumed before the marker
        assertEquals(1, rows("SELECT count(*) FROM audit_events WHERE event_id = '" + e.eventId() + "'"));
        JsonPath stored = api(project).get("/v1/audit/logs/" + e.eventId()).then().statusCode(200).extract().jsonPath();
        assertEquals("documents.upload", stored.getString("action"));
        assertEquals(e.requestId(), stored.getString("request_id"));
        assertEquals("key_test", stored.getString("actor.id"));
        assertEquals(202, stored.getInt("status"));
        assertEquals(3.25, stored.getDouble("latency_ms"));
    }

    @Test
    void requestsThatNamedNoProjectAreListedUnderDash() {
        AuditEvent denied = event(null, "auth.denied", 401, Instant.now());
        Events.send(denied);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                api(AuditEvent.NO_PROJECT).get("/v1/audit/logs?request_id=" + denied.requestId()).then().statusCode(200)
                        .extract().<Integer>path("total") == 1);
        api(AuditEvent.NO_PROJECT).get("/v1/audit/logs?request_id=" + denied.requestId()).then()
                .body("logs[0].id", equalTo(denied.eventId()))
                .body("logs[0].project_id", nullValue())
                .body("logs[0].action", equalTo("auth.denied"));
        // and in no real project
        api(newProject()).get("/v1/audit/logs?request_id=" + denied.requestId()).then().body("total", is(0));
    }

    @Test
    void malformedEventsGoToTheDeadLetterTopicAndTheConsumerMovesOn() {
        String project = newProject();
        String tag = project;
        List<String> poison = List.of(
                "not json " + tag,
                "{\"schema\":\"lore.audit.v0\",\"tag\":\"" + tag + "\"}",
                Events.json(event(project, "auth.me", 200, Instant.now())).replaceFirst("\"event_id\":\"[^\"]+\"",
                        "\"event_id\":\"" + tag + "\""),
                Events.json(Events.withMetadata(event(project, "gateway.chat", 200, Instant.now()),
                        Map.of("note", "nul\u0000inside"))),
                Events.json(event(project, "auth.me", 200, Instant.now().plus(Duration.ofDays(3)))));
        for (String p : poison) {
            KafkaTestClient.send(Topics.AUDIT, tag, p);
        }
        AuditEvent good = event(project, "vector.match", 200, Instant.now());
        sendAndAwait(project, 1, good);
        List<ConsumerRecord<String, String>> dead = KafkaTestClient.read(Topics.AUDIT_DLQ,
                r -> tag.equals(r.key()), found -> found.size() >= poison.size(), Duration.ofSeconds(30));
        assertEquals(poison.size(), dead.size(), "every malformed event is dead-lettered once");
        assertEquals(Set.copyOf(poison), dead.stream().map(ConsumerRecord::value).collect(Collectors.toSet()));
        for (ConsumerRecord<String, String> r : dead) {
            String reason = new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
            assertTrue(!reason.isBlank(), "a reason is given");
            assertEquals(Topics.AUDIT, new String(r.headers().lastHeader("dead-letter-topic").value(),
                    StandardCharsets.UTF_8));
        }
        List<String> reasons = dead.stream().map(r -> new String(r.headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8)).toList();
        assertTrue(reasons.stream().anyMatch(s -> s.contains("NUL")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(s -> s.contains("schema must be lore.audit.v1")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(s -> s.contains("ahead of this service's clock")), reasons.toString());
    }

    @Test
    void filtersPagingAndOrder() {
        String project = newProject();
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String action = i % 3 == 0 ? "documents.upload" : i % 3 == 1 ? "documents.delete" : "vector.match";
            AuditEvent e = event(project, action, i % 5 == 0 ? 403 : 200, base.plusSeconds(i));
            events.add(i % 10 == 0 ? Events.withActor(e, "key_other", "bob") : e);
        }
        sendAndAwait(project, 30, events.toArray(AuditEvent[]::new));

        JsonPath page1 = api(project).get("/v1/audit/logs?page_size=7").then().statusCode(200).extract().jsonPath();
        assertEquals(30, page1.getInt("total"));
        assertEquals(1, page1.getInt("page"));
        assertEquals(7, page1.getInt("page_size"));
        assertEquals(false, page1.getBoolean("total_capped"));
        assertEquals(events.get(29).eventId(), page1.getString("logs[0].id"), "newest first");
        JsonPath page5 = api(project).get("/v1/audit/logs?page_size=7&page=5").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of(events.get(1).eventId(), events.get(0).eventId()), page5.getList("logs.id"));

        assertEquals(10, total(project, "action=documents.upload"));
        assertEquals(20, total(project, "action=documents.*"));
        assertEquals(0, total(project, "action=documents"));
        assertEquals(3, total(project, "actor=bob"));
        assertEquals(3, total(project, "actor=key_other"));
        assertEquals(6, total(project, "status=403"));
        assertEquals(6, total(project, "status=4xx"));
        assertEquals(24, total(project, "status=2xx"));
        assertEquals(1, total(project, "request_id=" + events.get(17).requestId()));
        assertEquals(11, total(project, "start_time=" + base.plusSeconds(10) + "&end_time=" + base.plusSeconds(20)));
        assertEquals(2, total(project, "start_time=" + base.plusSeconds(10) + "&end_time=" + base.plusSeconds(20)
                + "&action=documents.upload&status=2xx"));
        // RFC 3339 with an offset names the same instant.
        assertEquals(1, api(project).queryParam("start_time", base.plusSeconds(29)
                        .atOffset(java.time.ZoneOffset.ofHours(8)).toString())
                .get("/v1/audit/logs").then().statusCode(200).extract().<Integer>path("total"));
    }

    @Test
    void badParametersAreRefusedInTheApiEnvelope() {
        String project = newProject();
        api(project).get("/v1/audit/logs?page_size=101").then().statusCode(400)
                .body("error.code", equalTo("invalid_parameter")).body("error.param", equalTo("page_size"));
        api(project).get("/v1/audit/logs?start_time=yesterday").then().statusCode(400)
                .body("error.param", equalTo("start_time"));
        api(project).get("/v1/audit/logs?start_time=2026-02-01T00:00:00Z&end_time=2026-01-01T00:00:00Z")
                .then().statusCode(400).body("error.param", equalTo("start_time"));
        api(project).get("/v1/audit/logs?status=teapot").then().statusCode(400).body("error.param", equalTo("status"));
        api(project).get("/v1/audit/logs?action=doc*s").then().statusCode(400).body("error.param", equalTo("action"));
        api(project).get("/v1/audit/logs?page=101&page_size=100").then().statusCode(400)
                .body("error.param", equalTo("page"));
        api(project).get("/v1/audit/logs/not-a-uuid").then().statusCode(404);
    }

    @Test
    void aProjectSeesOnlyItsOwnEvents() {
        String mine = newProject();
        String theirs = newProject();
        AuditEvent secret = event(theirs, "keys.create", 201, Instant.now());
        sendAndAwait(theirs, 1, secret);
        sendAndAwait(mine, 1, event(mine, "auth.me", 200, Instant.now()));
        api(mine).get("/v1/audit/logs/" + secret.eventId()).then().statusCode(404);
        api(mine).get("/v1/audit/logs?request_id=" + secret.requestId()).then().statusCode(200)
                .body("total", is(0));
        api(theirs).get("/v1/audit/logs/" + secret.eventId()).then().statusCode(200)
                .body("project_id", equalTo(theirs)).body("denied_action", nullValue());
    }

    @Test
    void callsWithoutAnInternalTokenOrPermissionAreRefused() {
        io.restassured.RestAssured.given().header(InternalTokenFilter.NO_TOKEN, "1").get("/v1/audit/logs")
                .then().statusCode(401).body("error.code", equalTo("missing_internal_token"));
        String readOnly = InternalTokenFilter.tokens().mint(new dev.lore.common.auth.Caller("u", null, "p", List.of("p"),
                Set.of("audit:read"), null, null), Duration.ofMinutes(1));
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + readOnly)
                .contentType("application/json").body("{}").post("/v1/audit/logs/export")
                .then().statusCode(403).body("error.code", equalTo("permission_denied"));
    }

    private static int total(String project, String query) {
        return api(project).get("/v1/audit/logs?" + query).then().statusCode(200).extract().path("total");
    }

    private long rows(String sql) throws Exception {
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
