package dev.lore.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The {@code /v1} envelope: {@code {"error":{"message","type","code","param","data"}}}. */
public record ApiError(Body error) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, String code, String param, Object data) {}

    public static ApiError of(int status, String code, String message, String param) {
        return new ApiError(new Body(message, ErrorTypes.forStatus(status), code, param, null));
    }
}
