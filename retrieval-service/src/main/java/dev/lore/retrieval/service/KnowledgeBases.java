package dev.lore.retrieval.service;

import dev.lore.common.auth.Caller;
import dev.lore.common.auth.CallerContext;
import dev.lore.common.auth.InternalTokens;
import dev.lore.common.auth.Permissions;
import dev.lore.common.error.ErrorSurface;
import dev.lore.common.error.LoreException;
import dev.lore.retrieval.client.IngestionClient;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Whether knowledge bases exist, asked of the ingestion service that owns them. Positive answers
 * are cached briefly: a knowledge base deleted meanwhile has no chunks left to find anyway. The
 * ingestion service trusts only internal tokens, so each call carries one this service mints itself
 * (it holds the deployment's secret too), for the one project and the one permission the call needs.
 */
@ApplicationScoped
public class KnowledgeBases {
    private static final long TTL_NANOS = 5_000_000_000L;
    static final String SUBJECT = "service:retrieval-service";
    static final Duration TOKEN_TTL = Duration.ofSeconds(30);

    @Inject
    @RestClient
    IngestionClient ingestion;
    @Inject
    InternalTokens tokens;
    @Inject
    CallerContext callers;

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
        try (Response r = ingestion.knowledgeBase(authorization(projectId), id)) {
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

    /** A token for just this call: read access to one project, tagged with the caller's request id. */
    private String authorization(String projectId) {
        Caller caller = new Caller(SUBJECT, null, projectId, List.of(projectId), Set.of(Permissions.DOCUMENTS_READ),
                requestId(), null);
        return "Bearer " + tokens.mint(caller, TOKEN_TTL);
    }

    /** The request id of the request being served, when there is one (not on a worker thread). */
    private String requestId() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        try {
            return callers.caller().requestId();
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
