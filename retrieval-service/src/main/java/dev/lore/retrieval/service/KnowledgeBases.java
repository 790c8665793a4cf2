package dev.lore.retrieval.service;

import dev.lore.common.error.ErrorSurface;
import dev.lore.common.error.LoreException;
import dev.lore.retrieval.client.IngestionClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Whether knowledge bases exist, asked of the ingestion service that owns them. Positive answers
 * are cached briefly: a knowledge base deleted meanwhile has no chunks left to find anyway.
 */
@ApplicationScoped
public class KnowledgeBases {
    private static final long TTL_NANOS = 5_000_000_000L;

    @Inject
    @RestClient
    IngestionClient ingestion;

    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    /** Fails with {@code knowledge_base_deleted} (GPTBots 20059) naming the first missing one. */
    public void requireAll(String projectId, Collection<String> ids) {
        for (String id : ids) {
            if (!exists(projectId, id)) {
                throw new LoreException(404, ErrorSurface.KNOWLEDGE_BASE_DELETED,
                        "Knowledge base '" + id + "' does not exist or has been deleted", null);
            }
        }
    }

    public boolean exists(String projectId, String id) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String key = projectId + '/' + id;
        Long at = seen.get(key);
        if (at != null && System.nanoTime() - at < TTL_NANOS) {
            return true;
        }
        int status;
        try (Response r = ingestion.knowledgeBase(projectId, id)) {
            status = r.getStatus();
        } catch (WebApplicationException e) {
            status = e.getResponse().getStatus();
        } catch (ProcessingException e) {
            throw new LoreException(503, "ingestion_unavailable",
                    "The ingestion service, which owns knowledge bases, is unavailable");
        }
        if (status == 200) {
            seen.put(key, System.nanoTime());
            return true;
        }
        if (status == 404 || status == 400) {
            seen.remove(key);
            return false;
        }
        throw new LoreException(503, "ingestion_unavailable", "The ingestion service answered " + status
                + " when asked about knowledge base " + id);
    }
}
