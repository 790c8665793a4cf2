package dev.lore.common.error;

/** OpenAI-style error types by HTTP status, so clients that switch on {@code error.type} keep working. */
public final class ErrorTypes {
    private ErrorTypes() {}

    public static String forStatus(int status) {
        return switch (status) {
            case 400, 413, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "insufficient_quota";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 409 -> "conflict_error";
            case 429 -> "rate_limit_error";
            case 503 -> "service_unavailable";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
