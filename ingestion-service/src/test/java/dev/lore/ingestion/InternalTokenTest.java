package dev.lore.ingestion;

import static dev.lore.ingestion.IngestionTestSupport.in;
import static dev.lore.ingestion.IngestionTestSupport.uploadOk;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lore.common.auth.Caller;
import dev.lore.common.auth.InternalTokens;
import dev.lore.common.auth.Permissions;
import dev.lore.testsupport.InternalTokenFilter;
import dev.lore.testsupport.LoreInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Only internal tokens signed with the deployment's secret get in, with the permission each endpoint needs. */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_ingestion"))
class InternalTokenTest {
    private static final byte[] TEXT = "A short note about tokens.".getBytes(StandardCharsets.UTF_8);

    private static String project() {
        return "auth-" + UUID.randomUUID();
    }

    private static String token(InternalTokens signer, String project, List<String> projects, Set<String> perms,
                                Duration ttl) {
        return signer.mint(new Caller("test-user", null, project, projects, perms, null, null), ttl);
    }

    private static String token(String project, Set<String> perms) {
        return token(InternalTokenFilter.tokens(), project, List.of(project), perms, Duration.ofMinutes(1));
    }

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static void unauthorized(Response r, String code) {
        r.then().statusCode(401)
                .body("error.code", equalTo(code))
                .body("error.type", equalTo("authentication_error"));
    }

    @Test
    void noTokenIs401InTheOpenAiEnvelope() {
        unauthorized(given().header("X-Test-No-Token", "1").header("X-Project-Id", project())
                .get("/v1/documents"), "missing_internal_token");
        unauthorized(given().header("X-Test-No-Token", "1").get("/v1/knowledge-bases"), "missing_internal_token");
        // Not a bearer token: an API key or basic credentials are the gateway's business, never a service's.
        unauthorized(given().header("Authorization", "Basic dXNlcjpwYXNz").get("/v1/knowledge-bases"),
                "missing_internal_token");
    }

    @Test
    void aTokenSignedWithAnotherSecretIs401() {
        InternalTokens other = new InternalTokens("another-deployment-secret-0123456789abcdef");
        String p = project();
        unauthorized(bearer(token(other, p, List.of(p), Set.copyOf(Permissions.ALL), Duration.ofMinutes(1)))
                .get("/v1/documents"), "invalid_internal_token");
        unauthorized(bearer("not-a-jwt").get("/v1/documents"), "invalid_internal_token");
    }

    @Test
    void anExpiredTokenIs401() {
        String p = project();
        unauthorized(bearer(token(InternalTokenFilter.tokens(), p, List.of(p), Set.copyOf(Permissions.ALL),
                Duration.ofMinutes(-1))).get("/v1/documents"), "invalid_internal_token");
    }

    @Test
    void aProjectOutsideTheTokensProjectsIs401() {
        String p = project();
        unauthorized(bearer(token(InternalTokenFilter.tokens(), p, List.of(project()), Set.copyOf(Permissions.ALL),
                Duration.ofMinutes(1))).get("/v1/documents"), "invalid_internal_token");
    }

    @Test
    void aValidTokenWithoutThePermissionIs403() {
        String p = project();
        bearer(token(p, Set.of(Permissions.DOCUMENTS_READ))).contentType("application/json")
                .body(Map.of("name", "nope")).post("/v1/knowledge-bases")
                .then().statusCode(403)
                .body("error.code", equalTo("permission_denied"))
                .body("error.type", equalTo("permission_error"));
        in(p).get("/v1/knowledge-bases").then().statusCode(200).body("data.name", not(hasItem("nope")));
        bearer(token(p, Set.of(Permissions.RAG_QUERY, Permissions.VECTOR_MATCH))).get("/v1/documents")
                .then().statusCode(403).body("error.code", equalTo("permission_denied"));
    }

    @Test
    void aTokenForOneProjectSeesNothingOfAnother() {
        String a = project();
        String b = project();
        String doc = uploadOk(b, "secret.txt", TEXT, Map.of());
        Set<String> all = Set.copyOf(Permissions.ALL);
        in(b).get("/v1/documents/" + doc).then().statusCode(200);
        // X-Project-Id is no longer trusted: the token's project wins.
        RequestSpecification asA = bearer(token(a, all)).header("X-Project-Id", b);
        asA.get("/v1/documents").then().statusCode(200).body("total", equalTo(0));
        bearer(token(a, all)).header("X-Project-Id", b).get("/v1/documents/" + doc).then().statusCode(404)
                .body("error.code", equalTo("document_not_found"));
        bearer(token(a, all)).get("/v1/documents/" + doc + "/chunks").then().statusCode(404);
        bearer(token(a, all)).get("/v1/documents/" + doc + "/download").then().statusCode(404);
        bearer(token(a, all)).delete("/v1/documents/" + doc).then().statusCode(404);
        in(b).get("/v1/documents").then().statusCode(200).body("total", equalTo(1)).body("data[0].id", equalTo(doc));
        // A token may list several projects; it acts in the one it names.
        bearer(token(InternalTokenFilter.tokens(), a, List.of(a, b), all, Duration.ofMinutes(1)))
                .get("/v1/documents/" + doc).then().statusCode(404);
    }

    /** Every endpoint and the one permission it needs. */
    static Stream<Arguments> endpoints() {
        String id = UUID.randomUUID().toString();
        String kb = "/v1/knowledge-bases";
        String docs = "/v1/documents";
        return Stream.of(
                Arguments.of("GET", kb, Permissions.DOCUMENTS_READ),
                Arguments.of("GET", kb + "/" + id, Permissions.DOCUMENTS_READ),
                Arguments.of("POST", kb, Permissions.KNOWLEDGE_ADMIN),
                Arguments.of("PATCH", kb + "/" + id, Permissions.KNOWLEDGE_ADMIN),
                Arguments.of("DELETE", kb + "/" + id, Permissions.KNOWLEDGE_ADMIN),
                Arguments.of("GET", docs, Permissions.DOCUMENTS_READ),
                Arguments.of("GET", docs + "/" + id, Permissions.DOCUMENTS_READ),
                Arguments.of("GET", docs + "/" + id + "/download", Permissions.DOCUMENTS_READ),
                Arguments.of("GET", docs + "/" + id + "/markdown", Permissions.DOCUMENTS_READ),
                Arguments.of("GET", docs + "/" + id + "/chunks", Permissions.DOCUMENTS_READ),
                Arguments.of("UPLOAD", docs, Permissions.DOCUMENTS_WRITE),
                Arguments.of("DELETE", docs + "/" + id, Permissions.DOCUMENTS_WRITE),
                Arguments.of("POST", docs + "/" + id + "/activate", Permissions.DOCUMENTS_WRITE),
                Arguments.of("POST", docs + "/" + id + "/deactivate", Permissions.DOCUMENTS_WRITE),
                Arguments.of("POST", docs + "/" + id + "/reindex", Permissions.DOCUMENTS_WRITE),
                Arguments.of("PATCH", docs + "/" + id + "/chunking", Permissions.DOCUMENTS_WRITE));
    }

    private static Response call(RequestSpecification req, String method, String path) {
        return switch (method) {
            case "UPLOAD" -> req.multiPart("file", "note.txt", TEXT).post(path);
            case "GET", "DELETE" -> req.request(method, path);
            case "POST" -> req.contentType("application/json")
                    .body(path.equals("/v1/knowledge-bases") ? "{\"name\":\"kb\"}" : "{}").request(method, path);
            default -> req.contentType("application/json").body("{}").request(method, path);
        };
    }

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @MethodSource("endpoints")
    void eachEndpointNeedsItsPermission(String method, String path, String permission) {
        String p = project();
        Set<String> allBut = new HashSet<>(Permissions.ALL);
        allBut.remove(permission);
        call(bearer(token(p, allBut)), method, path).then().statusCode(403)
                .body("error.code", equalTo("permission_denied"));
        Response r = call(bearer(token(p, Set.of(permission))), method, path);
        assertNotEquals(401, r.statusCode(), r.asString());
        assertNotEquals(403, r.statusCode(), r.asString());
        if (method.equals("UPLOAD") || path.equals("/v1/knowledge-bases")) {
            assertEquals(method.equals("UPLOAD") ? 202 : method.equals("POST") ? 201 : 200, r.statusCode(),
                    r.asString());
        }
    }
}
