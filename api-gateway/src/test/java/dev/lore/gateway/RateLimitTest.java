package dev.lore.gateway;

import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RateLimitTest extends GatewayTest {

    @Test
    void aKeyGetsItsMinuteAllowanceThen429WithRetryAfter() {
        String key = createKey(List.of("default"), List.of("documents:read"), 5);
        for (int i = 0; i < 5; i++) {
            Response r = as(key).get(i % 2 == 0 ? "/v1/auth/me" : "/v1/documents");
            assertEquals(200, r.statusCode(), "request " + i);
            assertEquals("5", r.header("x-ratelimit-limit"));
            assertEquals(Integer.toString(4 - i), r.header("x-ratelimit-remaining"));
        }
        Response refused = as(key).get("/v1/documents");
        assertEquals(429, refused.statusCode());
        assertEquals("rate_limited", refused.path("error.code"));
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 12, "Retry-After " + retryAfter);
        assertEquals("0", refused.header("x-ratelimit-remaining"));
        // another key is not affected
        String other = createKey(List.of("default"), List.of("documents:read"), 5);
        as(other).get("/v1/auth/me").then().statusCode(200);
        // the GPTBots surface refuses in its own envelope
        as(key).contentType("application/json").body("{\"prompt\":\"x\"}").post("/v1/vector/match").then()
                .statusCode(429).body("code", notNullValue()).header("Retry-After", notNullValue());
    }
}
