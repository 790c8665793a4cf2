package dev.lore.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.util.Map;
import java.util.Set;

/** Assertions on the error envelope of each API surface (see {@code ErrorSurface}). */
final class Envelopes {
    private Envelopes() {
    }

    /** GPTBots: exactly {@code {code, message}}; answers the message. */
    static String gptbots(Response r, int status, int code) {
        String body = r.asString();
        assertEquals(status, r.statusCode(), body);
        Map<String, Object> map = r.jsonPath().getMap("$");
        assertEquals(Set.of("code", "message"), map.keySet(), body);
        assertEquals(code, ((Number) map.get("code")).intValue(), body);
        String message = (String) map.get("message");
        assertNotNull(message, body);
        assertFalse(message.isBlank(), body);
        return message;
    }

    /** OpenAI: {@code {error: {message, type, code, param}}} and nothing else at the top level. */
    static Map<String, Object> openAi(Response r, int status, String code) {
        String body = r.asString();
        assertEquals(status, r.statusCode(), body);
        Map<String, Object> map = r.jsonPath().getMap("$");
        assertEquals(Set.of("error"), map.keySet(), body);
        Map<String, Object> error = r.jsonPath().getMap("error");
        assertTrue(error.keySet().containsAll(Set.of("message", "type", "code", "param")), body);
        assertFalse(((String) error.get("message")).isBlank(), body);
        assertNotNull(error.get("type"), body);
        if (code != null) {
            assertEquals(code, error.get("code"), body);
        }
        return error;
    }

    /** VikingDB: exactly {@code {code, message, request_id}} with the HTTP status as code. */
    static Map<String, Object> viking(Response r, int status) {
        String body = r.asString();
        assertEquals(status, r.statusCode(), body);
        Map<String, Object> map = r.jsonPath().getMap("$");
        assertEquals(Set.of("code", "message", "request_id"), map.keySet(), body);
        assertEquals(status, ((Number) map.get("code")).intValue(), body);
        assertFalse(((String) map.get("message")).isBlank(), body);
        assertFalse(((String) map.get("request_id")).isBlank(), body);
        return map;
    }
}
