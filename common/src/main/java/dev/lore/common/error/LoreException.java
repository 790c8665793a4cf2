package dev.lore.common.error;

/**
 * A failure with an HTTP status and a stable business code. Services throw it; each surface's
 * exception mapper renders it in that surface's own envelope.
 */
public class LoreException extends RuntimeException {
    private final int status;
    private final String code;
    private final String param;

    public LoreException(int status, String code, String message, String param) {
        super(message);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    public LoreException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public int status() { return status; }
    public String code() { return code; }
    public String param() { return param; }

    public static LoreException badRequest(String message, String param) {
        return new LoreException(400, "invalid_parameter", message, param);
    }

    public static LoreException notFound(String what, String id) {
        return new LoreException(404, what + "_not_found", what.replace('_', ' ') + " '" + id + "' does not exist");
    }

    public static LoreException conflict(String code, String message) {
        return new LoreException(409, code, message);
    }

    /** The OpenAI-style error "type" that matches an HTTP status. */
    public String type() {
        return ErrorTypes.forStatus(status);
    }
}
