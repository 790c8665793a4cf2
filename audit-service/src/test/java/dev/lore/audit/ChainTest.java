package dev.lore.audit;

import static dev.lore.audit.Events.api;
import static dev.lore.audit.Events.event;
import static dev.lore.audit.Events.newProject;
import static dev.lore.audit.Events.sendAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.common.event.AuditEvent;
import dev.lore.testsupport.LoreInfraResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-project hash chain and GET /v1/audit/verify: intact, altered, deleted, truncated. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_audit"))
class ChainTest {
    @Inject
    AgroalDataSource db;

    /** Ten events, the fourth with awkward metadata and text (canonical form, COPY escaping). */
    private AuditEvent[] chain(String project) {
        Instant t = Instant.now().minusSeconds(60);
        AuditEvent[] events = new AuditEvent[10];
        for (int i = 0; i < events.length; i++) {
            events[i] = event(project, "rag.query", 200, t.plusMillis(i * 1001L + 123));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("z", List.of(1, 2.50, new BigDecimal("1e3"), "ü\\\"", Map.of("b", true, "a", -0.0)));
        metadata.put("a", Map.of("nested", new BigDecimal("12345678901234567890.1230")));
        metadata.put("m", null);
        events[3] = Events.withMetadata(events[3], metadata);
        return events;
    }

    @Test
    void anIntactChainVerifies() {
        String project = newProject();
        AuditEvent[] events = chain(project);
        sendAndAwait(project, events.length, events);
        JsonPath v = verify(project, "");
        assertTrue(v.getBoolean("ok"), v.prettify());
        assertEquals(events.length, v.getInt("checked"));
        assertNull(v.get("first_broken_id"));
        JsonPath newest = api(project).get("/v1/audit/logs?page_size=1").then().extract().jsonPath();
        assertEquals(newest.getString("logs[0].hash"), v.getString("last_hash"));
        assertEquals(events.length, newest.getInt("logs[0].sequence"));
        // A sub-range checks only its rows, anchored on the row before it.
        JsonPath part = verify(project, "?start_time=" + events[4].time() + "&end_time=" + events[6].time());
        assertTrue(part.getBoolean("ok"));
        assertEquals(3, part.getInt("checked"));
        JsonPath stored = api(project).get("/v1/audit/logs/" + events[3].eventId()).then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of("doc-1", "doc \"2\""), stored.getList("resource_ids"));
        assertTrue(stored.getString("user_agent").contains("\t") && stored.getString("user_agent").contains("\n"));
        assertEquals(true, stored.getBoolean("metadata.z[4].b"));
    }

    @Test
    void anAlteredRowIsReported() throws Exception {
        String project = newProject();
        AuditEvent[] events = chain(project);
        sendAndAwait(project, events.length, events);
        sql("UPDATE audit_events SET status = 200, action = 'auth.me' WHERE event_id = '" + events[5].eventId() + "'");
        JsonPath v = verify(project, "");
        assertFalse(v.getBoolean("ok"));
        assertEquals(events[5].eventId(), v.getString("first_broken_id"));
        assertEquals(6, v.getInt("checked"));
        assertTrue(v.getString("reason").contains("altered"), v.getString("reason"));
        // Ranges before the altered row still verify.
        assertTrue(verify(project, "?end_time=" + events[4].time()).getBoolean("ok"));
    }

    @Test
    void alteredMetadataIsReported() throws Exception {
        String project = newProject();
        AuditEvent[] events = chain(project);
        sendAndAwait(project, events.length, events);
        sql("UPDATE audit_events SET metadata = jsonb_set(metadata, '{a,nested}', '12345678901234567890.124') "
                + "WHERE event_id = '" + events[3].eventId() + "'");
        assertEquals(events[3].eventId(), verify(project, "").getString("first_broken_id"));
    }

    @Test
    void aDeletedRowIsReported() throws Exception {
        String project = newProject();
        AuditEvent[] events = chain(project);
        sendAndAwait(project, events.length, events);
        sql("DELETE FROM audit_events WHERE event_id = '" + events[2].eventId() + "'");
        JsonPath v = verify(project, "");
        assertFalse(v.getBoolean("ok"));
        assertEquals(events[3].eventId(), v.getString("first_broken_id"), "the row after the gap");
        assertTrue(v.getString("reason").contains("missing"), v.getString("reason"));
    }

    @Test
    void deletedNewestRowsAreReportedAgainstTheHead() throws Exception {
        String project = newProject();
        AuditEvent[] events = chain(project);
        sendAndAwait(project, events.length, events);
        sql("DELETE FROM audit_events WHERE event_id IN ('" + events[8].eventId() + "', '" + events[9].eventId() + "')");
        JsonPath v = verify(project, "");
        assertFalse(v.getBoolean("ok"));
        assertEquals(events[7].eventId(), v.getString("first_broken_id"));
        assertTrue(v.getString("reason").contains("newer rows were deleted"), v.getString("reason"));
    }

    @Test
    void aSwappedHashIsReported() throws Exception {
        String project = newProject();
        AuditEvent[] events = chain(project);
        sendAndAwait(project, events.length, events);
        // A replaced hash is caught at its own row.
        sql("UPDATE audit_events SET hash = decode(repeat('ab', 32), 'hex') WHERE event_id = '"
                + events[6].eventId() + "'");
        assertEquals(events[6].eventId(), verify(project, "").getString("first_broken_id"));
    }

    private static JsonPath verify(String project, String query) {
        return api(project).get("/v1/audit/verify" + query).then().statusCode(200).extract().jsonPath();
    }

    private void sql(String statement) throws Exception {
        try (Connection c = db.getConnection()) {
            assertEquals(true, c.createStatement().executeUpdate(statement) > 0, statement);
        }
    }
}
