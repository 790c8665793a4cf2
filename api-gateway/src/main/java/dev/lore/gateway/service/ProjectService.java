package dev.lore.gateway.service;

import dev.lore.common.error.LoreException;
import dev.lore.gateway.config.GatewayConfig;
import dev.lore.gateway.identity.Principal;
import dev.lore.gateway.model.Project;
import dev.lore.gateway.repository.ProjectRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Projects (tenants). A caller sees the projects it may act in; deleting one makes it unusable at
 * once (its data stays in the services until purged, and its id is never reused).
 */
@ApplicationScoped
public class ProjectService {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    @Inject
    ProjectRepository projects;
    @Inject
    ProjectDirectory directory;
    @Inject
    GatewayConfig config;

    @Transactional
    public Project create(Principal caller, String id, String name, String description) {
        if (!caller.allProjects()) {
            throw new LoreException(403, "permission_denied", "Only an all-projects principal can create projects");
        }
        String projectId = id == null || id.isBlank() ? "proj_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) : id;
        if (!ID.matcher(projectId).matches()) {
            throw LoreException.badRequest("id must be 1-63 lowercase letters, digits, '-' or '_'", "id");
        }
        if (projects.findById(projectId) != null) {
            throw LoreException.conflict("project_exists", "Project '" + projectId + "' already exists (ids are never reused)");
        }
        Project p = new Project();
        p.id = projectId;
        p.name = name == null || name.isBlank() ? projectId : name.strip();
        p.description = description;
        p.status = Project.ACTIVE;
        p.createdAt = Instant.now();
        p.updatedAt = p.createdAt;
        projects.persist(p);
        directory.invalidate();
        return p;
    }

    @Transactional
    public List<Project> list(Principal caller) {
        return projects.active().stream().filter(p -> caller.allProjects() || caller.projectIds().contains(p.id)).toList();
    }

    @Transactional
    public Project get(Principal caller, String id) {
        Project p = projects.findById(id);
        if (p == null || !p.active() || !(caller.allProjects() || caller.projectIds().contains(id))) {
            throw LoreException.notFound("project", id);
        }
        return p;
    }

    @Transactional
    public Project update(Principal caller, String id, String name, String description) {
        Project p = get(caller, id);
        if (name != null) {
            if (name.isBlank()) {
                throw LoreException.badRequest("name cannot be blank", "name");
            }
            p.name = name.strip();
        }
        if (description != null) {
            p.description = description;
        }
        p.updatedAt = Instant.now();
        return p;
    }

    @Transactional
    public Project delete(Principal caller, String id) {
        Project p = get(caller, id);
        if (p.id.equals(config.defaultProject())) {
            throw LoreException.conflict("default_project", "The default project cannot be deleted");
        }
        p.status = Project.DELETED;
        p.updatedAt = Instant.now();
        directory.invalidate();
        return p;
    }
}
