package dev.lore.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.gateway.model.Project;
import java.time.Instant;

public record ProjectView(
        @JsonProperty("id") String id,
        @JsonProperty("object") String object,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("status") String status,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    static ProjectView of(Project p) {
        return new ProjectView(p.id, "project", p.name, p.description, p.status, p.createdAt, p.updatedAt);
    }
}
