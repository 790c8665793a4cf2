package dev.lore.gateway.repository;

import dev.lore.gateway.model.Project;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, String> {

    @Inject
    AgroalDataSource dataSource;

    /**
     * The ids alone, in plain JDBC on an auto-commit connection: the gateway re-reads them every
     * second while it serves requests, and an ORM transaction around one read costs several times
     * the read.
     */
    public List<String> activeIds() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select id from projects where status = ?")) {
            s.setString(1, Project.ACTIVE);
            List<String> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("project store unavailable", e);
        }
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
