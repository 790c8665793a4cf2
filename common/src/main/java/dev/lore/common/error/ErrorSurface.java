package dev.lore.common.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compatible API surfaces and the error envelope each one's clients parse (architecture
 * section 5). The same failure, a status plus a business code, renders in each surface's own shape.
 */
public enum ErrorSurface {
    /** {@code /v1/**}: {@code {"error":{"message","type","code","param","data"}}}. */
    OPENAI,
    /** GPTBots {@code /v1/vector/match}: {@code {"code":40000,"message"}}. */
    GPTBOTS,
    /** VikingDB {@code /api/knowledge/**}: {@code {"code","message","request_id"}}. */
    VIKING;

    /** GPTBots documents three codes; anything else maps by HTTP status. */
    public static final int GPTBOTS_BAD_PARAMETER = 40000;
    public static final int GPTBOTS_AUTH_FAILED = 40127;
    public static final int GPTBOTS_KNOWLEDGE_DELETED = 20059;
    /** Business code of a reference to a knowledge base that does not exist (any more). */
    public static final String KNOWLEDGE_BASE_DELETED = "knowledge_base_deleted";

    public static ErrorSurface of(String path) {
        if (path.startsWith("/v1/vector/")) {
            return GPTBOTS;
        }
        if (path.startsWith("/api/knowledge/")) {
            return VIKING;
        }
        return OPENAI;
    }

    public Object body(int status, String code, String message, String param, String requestId) {
        return switch (this) {
            case OPENAI -> ApiError.of(status, code, message, param);
            case GPTBOTS -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("code", gptbotsCode(status, code));
                body.put("message", message);
                yield body;
            }
            case VIKING -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("code", vikingCode(status));
                body.put("message", message);
                body.put("request_id", requestId);
                yield body;
            }
        };
    }

    static int gptbotsCode(int status, String code) {
        if (KNOWLEDGE_BASE_DELETED.equals(code)) {
            return GPTBOTS_KNOWLEDGE_DELETED;
        }
        if (status == 401 || status == 403) {
            return GPTBOTS_AUTH_FAILED;
        }
        return status < 500 ? GPTBOTS_BAD_PARAMETER : status * 100;
    }

    /** VikingDB answers 0 on success; Lore's failures carry their HTTP status as the code. */
    static int vikingCode(int status) {
        return status;
    }
}
