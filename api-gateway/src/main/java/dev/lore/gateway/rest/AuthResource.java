package dev.lore.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lore.common.auth.CallerContext;
import dev.lore.gateway.edge.GatewayCaller;
import dev.lore.gateway.identity.Principal;
import dev.lore.gateway.service.ProjectDirectory;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** Vecstruct {@code auth.me}: who the credential is. Needs no permission, only a valid credential. */
@Path("/v1/auth/me")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    GatewayCaller caller;
    @Inject
    CallerContext context;
    @Inject
    ProjectDirectory projects;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Me(@JsonProperty("user_id") String userId,
                     @JsonProperty("permissions") List<String> permissions,
                     @JsonProperty("project_ids") List<String> projectIds,
                     @JsonProperty("project_id") String projectId,
                     @JsonProperty("auth_type") String authType,
                     @JsonProperty("key_id") String keyId,
                     @JsonProperty("expires_at") Instant expiresAt) {}

    @GET
    public Me me() {
        Principal p = caller.principal();
        List<String> projectIds = p.allProjects() ? projects.activeIds().stream().sorted().toList() : p.projectIds();
        return new Me(p.userId(), p.permissions().stream().sorted().toList(), projectIds, context.caller().project(),
                p.kind() == Principal.Kind.API_KEY ? "api_key" : "oidc", p.keyId(), p.expiresAt());
    }
}
