package dev.lore.gateway.repository;

import dev.lore.gateway.model.Project;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, String> {

    public List<Project> active() {
        return list("status = ?1 order by createdAt", Project.ACTIVE);
    }

    public boolean allActive(Collection<String> ids) {
        return count("id in ?1 and status = ?2", ids, Project.ACTIVE) == ids.size();
    }

    public boolean isActive(String id) {
        return count("id = ?1 and status = ?2", id, Project.ACTIVE) == 1;
    }
}
