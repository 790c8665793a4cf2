package dev.lore.audit;

import static dev.lore.audit.Events.api;
import static dev.lore.audit.Events.event;
import static dev.lore.audit.Events.newProject;
import static dev.lore.audit.Events.sendAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.audit.repository.Partitions;
import dev.lore.audit.service.RetentionService;
import dev.lore.common.event.AuditEvent;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention drops whole monthly partitions; the remaining chain still verifies. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_audit"))
class RetentionTest {
    @Inject
    RetentionService retention;
    @Inject
    Partitions partitions;

    @Test
    void oldMonthsAreDroppedWholeAndTheRestStillVerifies() throws Exception {
        String project = newProject();
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(300)); // within the 365-day retention today
        AuditEvent[] events = {event(project, "auth.me", 200, old), event(project, "auth.me", 200, old.plusSeconds(1)),
                event(project, "rag.query", 200, now.minusSeconds(5)), event(project, "rag.query", 200, now)};
        sendAndAwait(project, 4, events);
        YearMonth oldMonth = Partitions.monthOf(old);
        assertTrue(partitions.list().contains(oldMonth));

        // 100 days on, the old month lies wholly beyond the 365-day horizon; this month does not.
        List<YearMonth> dropped = retention.enforce(now.plus(Duration.ofDays(100)));
        assertTrue(dropped.contains(oldMonth), dropped.toString());
        assertFalse(dropped.contains(Partitions.monthOf(now)));
        assertFalse(partitions.list().contains(oldMonth));

        JsonPath logs = api(project).get("/v1/audit/logs").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(events[3].eventId(), events[2].eventId()), logs.getList("logs.id"));
        JsonPath v = api(project).get("/v1/audit/verify").then().statusCode(200).extract().jsonPath();
        assertTrue(v.getBoolean("ok"), v.prettify());
        assertEquals(2, v.getInt("checked"));
    }

    @Test
    void anEventAlreadyPastRetentionIsNotStored() {
        String project = newProject();
        AuditEvent ancient = event(project, "auth.me", 200, Instant.now().minus(Duration.ofDays(400)));
        AuditEvent fresh = event(project, "auth.me", 200, Instant.now());
        sendAndAwait(project, 1, ancient, fresh);
        api(project).get("/v1/audit/logs/" + ancient.eventId()).then().statusCode(404);
    }
}
