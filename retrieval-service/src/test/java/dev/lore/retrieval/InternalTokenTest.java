package dev.lore.retrieval;

import static dev.lore.retrieval.Stack.createKnowledgeBase;
import static dev.lore.retrieval.Stack.retrieval;
import static dev.lore.retrieval.Stack.submit;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Only internal tokens signed with the deployment's secret get in, each endpoint needs its
 * permission, errors keep each surface's envelope, and a token's project bounds what it sees
 * (also through the token the service mints for its own calls to ingestion).
 */
@QuarkusTest
@WithTestResource(value = LoreInfraResource.class, initArgs = @ResourceArg(name = "database", value = "lore_retrieval"))
@WithTestResource(IngestionServiceResource.class)
class InternalTokenTest {
    static final String CHAT = "/api/knowledge/service/chat";
    static final Set<String> ALL = Set.copyOf(Permissions.ALL);

    static String owner;
    static String kb;
    static String doc;
    static String service;

    /** Once per class; not in a static @BeforeAll, where REST Assured does not point at the app yet. */
    @BeforeEach
    void documents() {
        if (owner != null) {
            return;
        }
        String p = Stack.newProject();
        kb = createKnowledgeBase(p, "owls", null);
        doc = submit(p, kb, "owls.md", "Barn owls hunt at night and swallow their prey whole.", null, Map.of());
        Stack.awaitReady(p, doc);
        service = retrieval(p).body(Map.of("name", "owls", "knowledge_base_ids", List.of(kb)))
                .post("/v1/knowledge-services").then().statusCode(201).extract().path("service_resource_id");
        owner = p;
    }

    private static String token(InternalTokens signer, String project, List<String> projects, Set<String> perms,
                                Duration ttl) {
        return signer.mint(new Caller("test-user", null, project, projects, perms, null, null), ttl);
    }

    private static String token(String project, Set<String> perms) {
        return token(InternalTokenFilter.tokens(), project, List.of(project), perms, Duration.ofMinutes(1));
    }

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }

    private static RequestSpecification noToken() {
        return given().header("X-Test-No-Token", "1").header("X-Project-Id", owner).contentType("application/json");
    }

    private static Map<String, Object> chat(String serviceId) {
        return Map.of("service_resource_id", serviceId, "stream", false,
                "messages", List.of(Map.of("role", "user", "content", "owls")));
    }

    @Test
    void noTokenIs401InEachSurfacesEnvelope() {
        Map<String, Object> error = Envelopes.openAi(noToken().body(Map.of("query", "owls")).post("/v1/rag/query"), 401,
                "missing_internal_token");
        assertEquals("authentication_error", error.get("type"));
        Envelopes.openAi(noToken().body(Map.of("model", "baai/bge-small-en-v1.5", "input", "owls"))
                .post("/v1/embeddings"), 401, "missing_internal_token");
        Envelopes.openAi(noToken().get("/v1/knowledge-services"), 401, "missing_internal_token");
        Envelopes.gptbots(noToken().body(Map.of("prompt", "owls")).post("/v1/vector/match"), 401, 40127);
        Map<String, Object> viking = Envelopes.viking(noToken().header("X-Request-Id", "req-401")
                .body(chat(service)).post(CHAT), 401);
        assertEquals("req-401", viking.get("request_id"));
    }

    @Test
    void aTokenSignedWithAnotherSecretIs401() {
        String forged = token(new InternalTokens("another-deployment-secret-0123456789abcdef"), owner, List.of(owner),
                ALL, Duration.ofMinutes(1));
        Envelopes.openAi(bearer(forged).body(Map.of("query", "owls")).post("/v1/rag/query"), 401,
                "invalid_internal_token");
        Envelopes.gptbots(bearer(forged).body(Map.of("prompt", "owls")).post("/v1/vector/match"), 401, 40127);
        Envelopes.viking(bearer(forged).body(chat(service)).post(CHAT), 401);
    }

    @Test
    void anExpiredTokenIs401() {
        String expired = token(InternalTokenFilter.tokens(), owner, List.of(owner), ALL, Duration.ofMinutes(-1));
        Envelopes.openAi(bearer(expired).body(Map.of("query", "owls")).post("/v1/rag/query"), 401,
                "invalid_internal_token");
        Envelopes.gptbots(bearer(expired).body(Map.of("prompt", "owls")).post("/v1/vector/match"), 401, 40127);
    }

    @Test
    void aProjectOutsideTheTokensProjectsIs401() {
        String stray = token(InternalTokenFilter.tokens(), owner, List.of(Stack.newProject()), ALL,
                Duration.ofMinutes(1));
        Envelopes.openAi(bearer(stray).body(Map.of("query", "owls")).post("/v1/rag/query"), 401,
                "invalid_internal_token");
        Envelopes.viking(bearer(stray).body(chat(service)).post(CHAT), 401);
    }

    @Test
    void aValidTokenWithoutThePermissionIs403() {
        String searchOnly = token(owner, Set.of(Permissions.VECTOR_MATCH));
        Map<String, Object> error = Envelopes.openAi(bearer(searchOnly).body(Map.of("query", "owls"))
                .post("/v1/rag/query"), 403, "permission_denied");
        assertEquals("permission_error", error.get("type"));
        Envelopes.viking(bearer(searchOnly).body(chat(service)).post(CHAT), 403);
        String ragOnly = token(owner, Set.of(Permissions.RAG_QUERY));
        Envelopes.gptbots(bearer(ragOnly).body(Map.of("prompt", "owls")).post("/v1/vector/match"), 403, 40127);
        Envelopes.openAi(bearer(ragOnly).body(Map.of("name", "x", "knowledge_base_ids", List.of(kb)))
                .post("/v1/knowledge-services"), 403, "permission_denied");
    }

    @Test
    void aTokenForOneProjectSeesNothingOfAnother() {
        String other = token(Stack.newProject(), ALL);
        // The owner finds the document, by id and through its knowledge base.
        assertEquals(List.of(doc), bearer(token(owner, ALL)).body(Map.of("query", "owls", "source_ids", List.of(doc)))
                .post("/v1/rag/query").then().statusCode(200).extract().jsonPath().getList("results.document_id"));
        assertEquals(List.of(doc), bearer(token(owner, ALL))
                .body(Map.of("prompt", "owls", "group_ids", List.of(kb))).post("/v1/vector/match")
                .then().statusCode(200).extract().jsonPath().getList("list.data_id"));
        // Another project's token finds nothing, whatever X-Project-Id says.
        assertTrue(bearer(other).header("X-Project-Id", owner)
                .body(Map.of("query", "owls", "source_ids", List.of(doc))).post("/v1/rag/query")
                .then().statusCode(200).extract().jsonPath().getList("results").isEmpty());
        assertTrue(bearer(other).body(Map.of("prompt", "owls", "data_ids", List.of(doc))).post("/v1/vector/match")
                .then().statusCode(200).extract().jsonPath().getList("list").isEmpty());
        // Its knowledge base does not exist for that project: ingestion, asked with a token for that project, says so.
        Envelopes.gptbots(bearer(other).body(Map.of("prompt", "owls", "group_ids", List.of(kb)))
                .post("/v1/vector/match"), 404, 20059);
        Envelopes.openAi(bearer(other).body(Map.of("name", "stolen", "knowledge_base_ids", List.of(kb)))
                .post("/v1/knowledge-services"), 400, "invalid_parameter");
        Envelopes.openAi(bearer(other).get("/v1/knowledge-services/" + service), 404, "knowledge_service_not_found");
        Envelopes.viking(bearer(other).body(chat(service)).post(CHAT), 404);
    }

    /** Every endpoint and the one permission it needs. */
    static Stream<Arguments> endpoints() {
        String id = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("POST", "/v1/vector/match", Permissions.VECTOR_MATCH),
                Arguments.of("POST", "/v1/rag/query", Permissions.RAG_QUERY),
                Arguments.of("POST", "/v1/embeddings", Permissions.EMBEDDINGS),
                Arguments.of("POST", CHAT, Permissions.RAG_QUERY),
                Arguments.of("GET", "/v1/knowledge-services", Permissions.RAG_QUERY),
                Arguments.of("GET", "/v1/knowledge-services/" + id, Permissions.RAG_QUERY),
                Arguments.of("POST", "/v1/knowledge-services", Permissions.KNOWLEDGE_ADMIN),
                Arguments.of("PATCH", "/v1/knowledge-services/" + id, Permissions.KNOWLEDGE_ADMIN),
                Arguments.of("DELETE", "/v1/knowledge-services/" + id, Permissions.KNOWLEDGE_ADMIN));
    }

    private static Response call(RequestSpecification req, String method, String path) {
        return method.equals("GET") || method.equals("DELETE") ? req.request(method, path)
                : req.body("{}").request(method, path);
    }

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @MethodSource("endpoints")
    void eachEndpointNeedsItsPermission(String method, String path, String permission) {
        String p = Stack.newProject();
        Set<String> allBut = new HashSet<>(Permissions.ALL);
        allBut.remove(permission);
        Response denied = call(bearer(token(p, allBut)), method, path);
        assertEquals(403, denied.statusCode(), denied.asString());
        assertTrue(denied.asString().contains(permission), denied.asString());
        Response allowed = call(bearer(token(p, Set.of(permission))), method, path);
        assertNotEquals(401, allowed.statusCode(), allowed.asString());
        assertNotEquals(403, allowed.statusCode(), allowed.asString());
    }
}
