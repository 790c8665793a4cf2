package dev.lore.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.gateway.model.ApiKey;
import dev.lore.gateway.service.KeyService;
import java.time.Instant;
import java.util.List;

/** A key as the API shows it; {@code key} (the secret) only in the answer to its creation. */
public record KeyView(
        @JsonProperty("id") String id,
        @JsonProperty("object") String object,
        @JsonProperty("name") String name,
        @JsonProperty("prefix") String prefix,
        @JsonProperty("owner") String owner,
        @JsonProperty("project_ids") List<String> projectIds,
        @JsonProperty("permissions") List<String> permissions,
        @JsonProperty("rate_limit_rpm") int rateLimitRpm,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("status") String status,
        @JsonProperty("last_used_at") Instant lastUsedAt,
        @JsonProperty("created_at") Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("key") String key) {

    static KeyView of(ApiKey k, String secret) {
        return new KeyView(k.id, "api_key", k.name, k.displayPrefix, k.owner,
                k.allProjects ? List.of(KeyService.ALL_PROJECTS) : List.of(k.projectIds), List.of(k.permissions),
                k.rateLimitRpm, k.expiresAt, k.effectiveStatus(Instant.now()), k.lastUsedAt, k.createdAt, secret);
    }
}
