-- Knowledge services: named retrieval configurations over knowledge bases (VikingDB service_chat).
CREATE TABLE knowledge_service (
    id                 TEXT PRIMARY KEY,
    project_id         TEXT        NOT NULL,
    name               TEXT        NOT NULL,
    description        TEXT,
    knowledge_base_ids JSONB       NOT NULL,
    top_k              INT         NOT NULL,
    keyword_weight     DOUBLE PRECISION NOT NULL,
    rerank             TEXT,
    min_score          DOUBLE PRECISION NOT NULL,
    doc_filter         JSONB,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX knowledge_service_project ON knowledge_service (project_id, created_at DESC);
