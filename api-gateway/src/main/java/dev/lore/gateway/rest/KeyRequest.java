package dev.lore.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of POST and PATCH /v1/keys; on PATCH every field is optional. */
public record KeyRequest(
        @JsonProperty("name") String name,
        @JsonProperty("project_ids") List<String> projectIds,
        @JsonProperty("permissions") List<String> permissions,
        @JsonProperty("expires_at") String expiresAt,
        @JsonProperty("rate_limit_rpm") Integer rateLimitRpm,
        @JsonProperty("status") String status) {}
