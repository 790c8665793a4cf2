package dev.lore.common.auth;

import java.util.List;

/** Every permission a key, a Keycloak role or an internal token can carry. Stable strings: clients store them. */
public final class Permissions {
    private Permissions() {}

    public static final String CHAT = "chat";
    public static final String EMBEDDINGS = "embeddings";
    public static final String RERANK = "rerank";
    public static final String MODELS_READ = "models:read";
    public static final String RAG_QUERY = "rag:query";
    public static final String VECTOR_MATCH = "vector:match";
    public static final String DOCUMENTS_READ = "documents:read";
    public static final String DOCUMENTS_WRITE = "documents:write";
    public static final String KNOWLEDGE_ADMIN = "knowledge:admin";
    public static final String MEMORIES_READ = "memories:read";
    public static final String MEMORIES_WRITE = "memories:write";
    public static final String AUDIT_READ = "audit:read";
    public static final String AUDIT_EXPORT = "audit:export";
    public static final String KEYS_ADMIN = "keys:admin";
    public static final String PROJECTS_ADMIN = "projects:admin";

    public static final List<String> ALL = List.of(CHAT, EMBEDDINGS, RERANK, MODELS_READ, RAG_QUERY, VECTOR_MATCH,
            DOCUMENTS_READ, DOCUMENTS_WRITE, KNOWLEDGE_ADMIN, MEMORIES_READ, MEMORIES_WRITE, AUDIT_READ, AUDIT_EXPORT,
            KEYS_ADMIN, PROJECTS_ADMIN);

    public static boolean isKnown(String permission) {
        return ALL.contains(permission);
    }
}
