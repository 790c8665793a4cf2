package dev.lore.gateway.repository;

import dev.lore.gateway.model.Project;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, String> {

    /** The ids alone: the gateway re-reads them every second while it serves requests. */
    public List<String> activeIds() {
        return getEntityManager().createQuery("select p.id from Project p where p.status = :status", String.class)
                .setParameter("status", Project.ACTIVE).getResultList();
    }

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
