package dev.lore.gateway.edge;

import dev.lore.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which service owns which public path (architecture, section 1). The gateway serves
 * {@code /v1/auth/me}, {@code /v1/keys} and {@code /v1/projects} itself and forwards these.
 */
@ApplicationScoped
public class Upstreams {
    /** The audit service: the one owner that may be asked about requests that named no project. */
    public static final String AUDIT = "audit";

    /** Path prefix → service name, first match wins. */
    static final Map<String, String> OWNERS = ownership();

    /** Configured base URLs, parsed once rather than per request. */
    private final Map<String, URI> urls;

    @Inject
    Upstreams(GatewayConfig config) {
        Map<String, URI> parsed = new HashMap<>();
        config.services().forEach((name, upstream) -> parsed.put(name, URI.create(upstream.url())));
        urls = Map.copyOf(parsed);
    }

    private static Map<String, String> ownership() {
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put("/v1/knowledge-bases", "ingestion");
        owners.put("/v1/documents", "ingestion");
        owners.put("/v1/vector/", "retrieval");
        owners.put("/v1/rag/", "retrieval");
        owners.put("/v1/embeddings", "retrieval");
        owners.put("/v1/rerank", "retrieval");
        owners.put("/v1/knowledge-services", "retrieval");
        owners.put("/api/knowledge/", "retrieval");
        owners.put("/v1/memories", "memory");
        owners.put("/v1/audit/", AUDIT);
        return Collections.unmodifiableMap(owners);
    }

    /** A regular expression matching every forwarded path (for the router). */
    public static String pathRegex() {
        StringBuilder regex = new StringBuilder();
        for (String prefix : OWNERS.keySet()) {
            regex.append(regex.isEmpty() ? "(" : "|").append(java.util.regex.Pattern.quote(prefix))
                    .append(prefix.endsWith("/") ? ".*" : "(/.*)?");
        }
        return regex.append(")").toString();
    }

    public static Optional<String> owner(String path) {
        for (Map.Entry<String, String> owner : OWNERS.entrySet()) {
            String prefix = owner.getKey();
            if (path.startsWith(prefix) && (prefix.endsWith("/") || path.length() == prefix.length()
                    || path.charAt(prefix.length()) == '/')) {
                return Optional.of(owner.getValue());
            }
        }
        return Optional.empty();
    }

    /** The configured base URL of a service, if it is deployed. */
    public Optional<URI> url(String service) {
        return Optional.ofNullable(urls.get(service));
    }
}
