package dev.lore.gateway.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of POST and PATCH /v1/projects. */
public record ProjectRequest(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description) {}
