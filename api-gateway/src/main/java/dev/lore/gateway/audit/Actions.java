package dev.lore.gateway.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The audit action of a request, from its method and path: a stable list documented in
 * {@code docs/events.md}. Whole-path actions first ({@code vector.match}); then collections named by
 * their root ({@code documents.list}, {@code documents.get}, {@code documents.activate}…).
 */
public final class Actions {
    public static final String DENIED = "auth.denied";
    public static final String UNKNOWN = "unknown";

    private static final Map<String, String> EXACT = Map.of(
            "POST /v1/chat/completions", "gateway.chat",
            "GET /v1/models", "models.list",
            "POST /v1/embeddings", "embeddings.create",
            "POST /v1/rerank", "rerank",
            "POST /v1/vector/match", "vector.match",
            "POST /v1/rag/query", "rag.query",
            "POST /api/knowledge/service/chat", "knowledge.service_chat",
            "GET /v1/auth/me", "auth.me",
            "GET /v1/audit/verify", "audit.verify");

    private static final Map<String, String> ROOTS = roots();

    /** Path segments that name an operation rather than an id. */
    private static final Set<String> VERBS = Set.of("export", "search", "extract", "activate", "deactivate",
            "reindex", "download", "markdown", "chunks", "chunking");

    private Actions() {}

    private static Map<String, String> roots() {
        Map<String, String> roots = new LinkedHashMap<>();
        roots.put("/v1/knowledge-bases", "knowledge_bases");
        roots.put("/v1/documents", "documents");
        roots.put("/v1/knowledge-services", "knowledge_services");
        roots.put("/v1/memories", "memories");
        roots.put("/v1/audit/logs", "audit");
        roots.put("/v1/audit/exports", "audit.exports");
        roots.put("/v1/keys", "keys");
        roots.put("/v1/projects", "projects");
        return roots;
    }

    public static String of(String method, String path) {
        String exact = EXACT.get(method + " " + path);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> root : ROOTS.entrySet()) {
            String prefix = root.getKey();
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                String rest = path.substring(prefix.length());
                String[] parts = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/");
                return root.getValue() + "." + operation(root.getValue(), method, parts);
            }
        }
        return UNKNOWN;
    }

    /** The id a request is about, when its path names one. */
    public static String resourceId(String path) {
        for (String prefix : ROOTS.keySet()) {
            if (path.startsWith(prefix + "/")) {
                String first = path.substring(prefix.length() + 1).split("/")[0];
                return first.isEmpty() || VERBS.contains(first) ? null : first;
            }
        }
        return null;
    }

    private static String operation(String resource, String method, String[] parts) {
        if (parts.length == 0) {
            return switch (method) {
                case "GET" -> "list";
                case "POST" -> resource.equals("documents") ? "upload" : "create";
                case "DELETE" -> "delete_many";
                default -> method.toLowerCase();
            };
        }
        if (parts.length == 1) {
            if (VERBS.contains(parts[0])) {
                return parts[0];
            }
            return switch (method) {
                case "GET" -> "get";
                case "PATCH", "PUT" -> "update";
                case "DELETE" -> resource.equals("keys") ? "revoke" : "delete";
                default -> method.toLowerCase();
            };
        }
        String sub = parts[1];
        return (method.equals("PATCH") || method.equals("PUT")) && !sub.startsWith("update") ? "update_" + sub : sub;
    }
}
