package dev.lore.audit.service;

import dev.lore.audit.config.AuditConfig;
import dev.lore.audit.model.AuditRecord;
import dev.lore.audit.repository.AuditReader;
import dev.lore.audit.rest.AuditLogPage;
import dev.lore.audit.rest.AuditLogView;
import dev.lore.common.error.LoreException;
import dev.lore.common.id.Ids;
import dev.lore.common.page.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Listing and reading a project's audit trail. */
@ApplicationScoped
public class AuditLogService {
    @Inject
    AuditReader reader;
    @Inject
    AuditConfig config;

    public AuditLogPage list(String projectId, AuditFilter filter, PageRequest page) {
        filter.validated();
        int window = config.audit().list().maxWindow();
        if (page.offset() + page.pageSize() > window) {
            throw LoreException.badRequest("Listing reaches the first " + window + " matching events; narrow the "
                    + "filters (e.g. an earlier end_time) or export them", "page");
        }
        try {
            List<AuditLogView> logs = reader.page(projectId, filter, page.offset(), page.pageSize()).stream()
                    .map(AuditLogView::of).toList();
            long total = page.page() == 1 && logs.size() < page.pageSize()
                    ? logs.size() // the whole result is on this page: no need to count
                    : reader.count(projectId, filter, window + 1);
            return new AuditLogPage(logs, Math.min(total, window), page.page(), page.pageSize(), total > window);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public AuditLogView get(String projectId, String id) {
        UUID eventId = Ids.pathId(id, "audit_log");
        try {
            AuditRecord r = reader.get(projectId, eventId).orElseThrow(() -> LoreException.notFound("audit_log", id));
            return AuditLogView.of(r);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    static LoreException unavailable(SQLException e) {
        return new LoreException(503, "audit_store_unavailable", "The audit store is unavailable: " + e.getMessage());
    }
}
