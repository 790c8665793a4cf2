package dev.lore.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lore.testsupport.InternalTokenFilter;
import dev.lore.testsupport.LoreInfra;
import dev.lore.testsupport.ServiceJar;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Kill -9 the packaged audit service in the middle of a backlog, start it again: every event is
 * stored exactly once and every project's chain verifies.
 */
class AuditCrashIT {
    static final int EVENTS = 60_000;
    static final int PROJECTS = 7;

    @Test
    void aCrashMidBatchLosesAndDoublesNothing() throws Exception {
        LoreInfra.start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "lore.audit.crash-" + run;
        String database = "lore_audit_crash_" + run.replace('-', '_');
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LoreInfra.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, "10",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            Instant t = Instant.now().minusSeconds(EVENTS / 1000 + 60);
            for (int i = 0; i < EVENTS; i++) {
                String project = "crash-" + (i % PROJECTS);
                producer.send(new ProducerRecord<>(topic, project,
                        Events.json(Events.event(project, "rag.query", 200, t.plusMillis(i)))));
            }
            producer.flush();
        }
        Map<String, String> env = Map.of("MP_MESSAGING_INCOMING_AUDIT_TOPIC", topic);

        ServiceJar first = ServiceJar.start("audit-service", "audit-crash-1", database, env);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> count(database, "count(*)") >= 5_000);
        first.kill();
        long atCrash = count(database, "count(*)");
        assertTrue(atCrash < EVENTS, "killed mid-way (" + atCrash + " of " + EVENTS + " stored)");

        try (ServiceJar second = ServiceJar.start("audit-service", "audit-crash-2", database, env)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count(database, "count(*)") >= EVENTS);
            Thread.sleep(1000); // anything replayed twice would land by now
            assertEquals(EVENTS, count(database, "count(*)"), "nothing doubled");
            assertEquals(EVENTS, count(database, "count(DISTINCT event_id)"), "nothing lost");
            for (int p = 0; p < PROJECTS; p++) {
                String project = "crash-" + p;
                JsonPath v = given().header("Authorization", "Bearer " + InternalTokenFilter.token(project))
                        .get(second.url() + "/v1/audit/verify").then().statusCode(200).extract().jsonPath();
                assertTrue(v.getBoolean("ok"), project + ": " + v.prettify());
                assertEquals(count(database, "count(*)", project), v.getLong("checked"));
            }
        }
    }

    private static long count(String database, String what) throws Exception {
        return count(database, what, null);
    }

    private static long count(String database, String what, String project) throws Exception {
        try (Connection c = DriverManager.getConnection(LoreInfra.jdbcUrl(database), "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery("SELECT " + what + " FROM audit_events"
                     + (project == null ? "" : " WHERE project_id = '" + project + "'"))) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // the schema is not migrated yet
        }
    }
}
