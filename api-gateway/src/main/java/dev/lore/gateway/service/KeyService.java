package dev.lore.gateway.service;

import dev.lore.common.auth.Permissions;
import dev.lore.common.error.LoreException;
import dev.lore.gateway.config.GatewayConfig;
import dev.lore.gateway.identity.ApiKeys;
import dev.lore.gateway.identity.KeyChanged;
import dev.lore.gateway.identity.Principal;
import dev.lore.gateway.model.ApiKey;
import dev.lore.gateway.repository.ApiKeyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Key administration. Nobody grants more than they hold: a new key's permissions must be the
 * creator's, its projects the creator's projects ({@code *}, every project, only from an
 * all-projects key), and a caller sees and manages only keys confined to its own projects.
 */
@ApplicationScoped
public class KeyService {
    public static final String ALL_PROJECTS = "*";

    @Inject
    ApiKeyRepository keys;
    @Inject
    ProjectDirectory projects;
    @Inject
    GatewayConfig config;
    /** Evicts the key from this replica's cache once the change commits, so it takes effect at once. */
    @Inject
    Event<KeyChanged> changes;

    /** A created key and its secret, which exists only in this answer. */
    public record Created(ApiKey key, String secret) {}

    @Transactional
    public Created create(Principal creator, String name, List<String> projectIds, List<String> permissions,
                          String expiresAt, Integer rateLimitRpm) {
        ApiKey key = new ApiKey();
        key.id = "key_" + UUID.randomUUID().toString().replace("-", "");
        key.name = name(name);
        key.owner = creator.userId();
        applyProjects(creator, key, projectIds);
        key.permissions = permissions(creator, permissions);
        key.expiresAt = expiry(expiresAt);
        key.rateLimitRpm = rpm(rateLimitRpm == null ? config.defaultRateLimitRpm() : rateLimitRpm);
        key.status = ApiKey.ACTIVE;
        String secret = ApiKeys.generate();
        key.secretHash = ApiKeys.hash(secret);
        key.displayPrefix = ApiKeys.displayPrefix(secret);
        key.createdAt = Instant.now();
        key.updatedAt = key.createdAt;
        keys.persist(key);
        return new Created(key, secret);
    }

    @Transactional
    public List<ApiKey> list(Principal caller) {
        return keys.listAll().stream().filter(k -> visible(caller, k))
                .sorted((a, b) -> b.createdAt.compareTo(a.createdAt)).toList();
    }

    @Transactional
    public ApiKey get(Principal caller, String id) {
        ApiKey key = keys.findById(id);
        if (key == null || !visible(caller, key)) {
            throw LoreException.notFound("key", id);
        }
        return key;
    }

    @Transactional
    public ApiKey update(Principal caller, String id, String name, List<String> projectIds, List<String> permissions,
                         String expiresAt, Integer rateLimitRpm, String status) {
        ApiKey key = get(caller, id);
        if (ApiKey.REVOKED.equals(key.status)) {
            throw LoreException.conflict("key_revoked", "Key '" + id + "' is revoked and cannot be changed");
        }
        if (name != null) {
            key.name = name(name);
        }
        if (projectIds != null) {
            applyProjects(caller, key, projectIds);
        }
        if (permissions != null) {
            key.permissions = permissions(caller, permissions);
        }
        if (expiresAt != null) {
            key.expiresAt = expiresAt.isBlank() ? null : expiry(expiresAt);
        }
        if (rateLimitRpm != null) {
            key.rateLimitRpm = rpm(rateLimitRpm);
        }
        if (status != null) {
            if (!status.equals(ApiKey.ACTIVE) && !status.equals(ApiKey.DISABLED)) {
                throw LoreException.badRequest("status must be 'active' or 'disabled' (DELETE revokes)", "status");
            }
            key.status = status;
        }
        key.updatedAt = Instant.now();
        changes.fire(new KeyChanged(key.secretHash));
        return key;
    }

    @Transactional
    public ApiKey revoke(Principal caller, String id) {
        ApiKey key = get(caller, id);
        key.status = ApiKey.REVOKED;
        key.updatedAt = Instant.now();
        changes.fire(new KeyChanged(key.secretHash));
        return key;
    }

    static boolean visible(Principal caller, ApiKey key) {
        if (caller.allProjects()) {
            return true;
        }
        return !key.allProjects && caller.projectIds().containsAll(List.of(key.projectIds));
    }

    private void applyProjects(Principal creator, ApiKey key, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw LoreException.badRequest("project_ids must name at least one project (or \"*\" for all)", "project_ids");
        }
        if (requested.contains(ALL_PROJECTS)) {
            if (requested.size() != 1) {
                throw LoreException.badRequest("\"*\" cannot be combined with other project ids", "project_ids");
            }
            if (!creator.allProjects()) {
                throw new LoreException(403, "permission_denied", "Only an all-projects key can create another");
            }
            key.allProjects = true;
            key.projectIds = new String[0];
            return;
        }
        Set<String> ids = new LinkedHashSet<>(requested);
        for (String project : ids) {
            if (!creator.allProjects() && !creator.projectIds().contains(project)) {
                throw new LoreException(403, "project_forbidden", "Not permitted in project '" + project + "'");
            }
            if (!projects.isActive(project)) {
                throw new LoreException(400, "project_not_found", "Project '" + project + "' does not exist", "project_ids");
            }
        }
        key.allProjects = false;
        key.projectIds = ids.toArray(String[]::new);
    }

    private static String[] permissions(Principal creator, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw LoreException.badRequest("permissions must list at least one permission", "permissions");
        }
        Set<String> perms = new LinkedHashSet<>(requested);
        for (String p : perms) {
            if (!Permissions.isKnown(p)) {
                throw LoreException.badRequest("Unknown permission '" + p + "'; known: " + Permissions.ALL, "permissions");
            }
            if (!creator.permissions().contains(p)) {
                throw new LoreException(403, "permission_denied", "Cannot grant '" + p + "', which the caller lacks");
            }
        }
        return perms.toArray(String[]::new);
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw LoreException.badRequest("name is required", "name");
        }
        if (name.length() > 200) {
            throw LoreException.badRequest("name is longer than 200 characters", "name");
        }
        return name.strip();
    }

    private static Instant expiry(String value) {
        if (value == null) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                at = java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw LoreException.badRequest("expires_at must be an RFC 3339 time", "expires_at");
            }
        }
        if (!at.isAfter(Instant.now())) {
            throw LoreException.badRequest("expires_at must be in the future", "expires_at");
        }
        return at;
    }

    private static int rpm(int value) {
        if (value < 1 || value > 1_000_000) {
            throw LoreException.badRequest("rate_limit_rpm must be between 1 and 1000000", "rate_limit_rpm");
        }
        return value;
    }
}
