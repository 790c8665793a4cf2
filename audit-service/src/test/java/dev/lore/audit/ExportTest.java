package dev.lore.audit;

import static dev.lore.audit.Events.api;
import static dev.lore.audit.Events.event;
import static dev.lore.audit.Events.newProject;
import static dev.lore.audit.Events.sendAndAwait;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.lore.audit.service.ExportWorker;
import dev.lore.common.event.AuditEvent;
import dev.lore.testsupport.LoreInfraResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Export jobs: each format parsed back and compared with the listing, gzip, scoping, recovery, expiry. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_audit"))
class ExportTest {
    @Inject
    AgroalDataSource db;
    @Inject
    ExportWorker worker;

    String project;
    List<AuditEvent> events;

    @BeforeEach
    void trail() {
        project = newProject();
        events = new ArrayList<>();
        Instant t = Instant.now().minusSeconds(600);
        for (int i = 0; i < 25; i++) {
            AuditEvent e = event(project, i % 2 == 0 ? "documents.upload" : "auth.denied", i % 2 == 0 ? 202 : 403,
                    t.plusSeconds(i));
            events.add(i == 4 ? Events.withMetadata(e, Map.of("team", "search", "cost", 0.25)) : e);
        }
        sendAndAwait(project, events.size(), events.toArray(AuditEvent[]::new));
    }

    /** What the listing shows for the filter, oldest first (exports are chronological). */
    private List<JsonNode> listed(String query) throws Exception {
        String body = api(project).get("/v1/audit/logs?page_size=100" + query).then().statusCode(200).extract().asString();
        List<JsonNode> logs = new ArrayList<>();
        Events.JSON.readTree(body).get("logs").forEach(logs::add);
        return logs.reversed();
    }

    @Test
    void jsonExportMatchesTheListing() throws Exception {
        byte[] file = exportAndDownload(Map.of("format", "json"), "application/json");
        List<JsonNode> rows = new ArrayList<>();
        Events.JSON.readTree(file).forEach(rows::add);
        assertEquals(listed(""), rows);
        assertEquals(25, rows.size());
    }

    @Test
    void jsonlExportWithFiltersMatchesTheListing() throws Exception {
        byte[] file = exportAndDownload(Map.of("format", "jsonl", "action", "documents.*", "status", "2xx"),
                "application/x-ndjson");
        List<JsonNode> rows = new ArrayList<>();
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
            rows.add(Events.JSON.readTree(line));
        }
        assertEquals(listed("&action=documents.*&status=2xx"), rows);
        assertEquals(13, rows.size());
    }

    @Test
    void gzippedCsvExportMatchesTheListing() throws Exception {
        byte[] gz = exportAndDownload(Map.of("format", "csv", "gzip", true), "application/gzip");
        byte[] csv;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            csv = in.readAllBytes();
        }
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            it.forEachRemaining(rows::add);
        }
        List<JsonNode> expected = listed("");
        assertEquals(expected.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode e = expected.get(i);
            Map<String, String> r = rows.get(i);
            assertEquals(e.get("id").asText(), r.get("id"));
            assertEquals(e.get("time").asText(), r.get("time"));
            assertEquals(e.get("action").asText(), r.get("action"));
            assertEquals(e.get("status").asText(), r.get("status"));
            assertEquals(e.get("actor").get("id").asText(), r.get("actor_id"));
            assertEquals(e.get("user_agent").asText(), r.get("user_agent"));
            assertEquals(e.get("hash").asText(), r.get("hash"));
            assertEquals(e.get("metadata").isNull() ? "" : Events.JSON.writeValueAsString(e.get("metadata")),
                    r.get("metadata"));
        }
    }

    @Test
    void anExportBelongsToItsProject() {
        String id = api(project).contentType("application/json").body(Map.of("format", "json"))
                .post("/v1/audit/logs/export").then().statusCode(202).extract().path("id");
        String stranger = newProject();
        api(stranger).get("/v1/audit/exports/" + id).then().statusCode(404);
        api(stranger).get("/v1/audit/exports/" + id + "/download").then().statusCode(404);
        api(project).contentType("application/json").body(Map.of("format", "xml"))
                .post("/v1/audit/logs/export").then().statusCode(400).body("error.param", equalTo("format"));
    }

    @Test
    void aJobLeftRunningByADeadInstanceIsRestarted() throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = db.getConnection()) {
            c.createStatement().executeUpdate("INSERT INTO audit_exports (id, project_id, status, format, gzip, filters, "
                    + "attempts, created_at, started_at, heartbeat_at, expires_at) VALUES ('" + id + "', '" + project
                    + "', 'running', 'jsonl', false, '{}', 1, now() - interval '1 minute', now() - interval '1 minute', "
                    + "now() - interval '1 minute', now() + interval '1 day')");
        }
        JsonPath done = awaitCompleted(id.toString());
        assertEquals(2, attempts(id));
        assertEquals(25, done.getInt("row_count"));
        String body = api(project).get("/v1/audit/exports/" + id + "/download").then().statusCode(200).extract()
                .asString();
        assertEquals(25, body.split("\n").length);
    }

    @Test
    void anExpiredExportIsGone() {
        String id = api(project).contentType("application/json").body(Map.of("format", "csv"))
                .post("/v1/audit/logs/export").then().statusCode(202).extract().path("id");
        awaitCompleted(id);
        assertTrue(worker.expire(Instant.now().plus(Duration.ofDays(2))) >= 1);
        api(project).get("/v1/audit/exports/" + id).then().statusCode(200).body("status", equalTo("expired"));
        api(project).get("/v1/audit/exports/" + id + "/download").then().statusCode(410)
                .body("error.code", equalTo("export_expired"));
    }

    private byte[] exportAndDownload(Map<String, Object> request, String contentType) {
        JsonPath created = api(project).contentType("application/json").body(request).post("/v1/audit/logs/export")
                .then().statusCode(202).extract().jsonPath();
        String id = created.getString("id");
        assertTrue(List.of("pending", "running", "completed").contains(created.getString("status")));
        JsonPath done = awaitCompleted(id);
        assertEquals("/v1/audit/exports/" + id + "/download", done.getString("download_path"));
        Response download = api(project).get(done.getString("download_path"));
        download.then().statusCode(200).contentType(contentType);
        byte[] bytes = download.asByteArray();
        assertEquals(done.getLong("size_bytes"), bytes.length);
        return bytes;
    }

    private JsonPath awaitCompleted(String id) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                "completed".equals(api(project).get("/v1/audit/exports/" + id).then().statusCode(200).extract()
                        .path("status")));
        return api(project).get("/v1/audit/exports/" + id).then().extract().jsonPath();
    }

    private int attempts(UUID id) throws Exception {
        try (Connection c = db.getConnection();
             var rs = c.createStatement().executeQuery("SELECT attempts FROM audit_exports WHERE id = '" + id + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
