package dev.lore.common.auth;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Who a request acts for, as the gateway resolved it: the principal (a user id, or the key's owner),
 * the API key when one was used, the project this request acts in, every project the principal may
 * use, its permissions and the request id. Internal tokens carry exactly this.
 */
public record Caller(String subject, String keyId, String project, List<String> projectIds,
                     Set<String> permissions, String requestId, Instant expiresAt) {

    public boolean can(String permission) {
        return permissions.contains(permission);
    }

    public boolean canUse(String projectId) {
        return projectIds.contains(projectId);
    }
}
