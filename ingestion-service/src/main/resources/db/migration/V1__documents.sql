-- Knowledge bases, documents, chunks and the transactional outbox. Every row carries project_id
-- and every query filters by it.

CREATE TABLE knowledge_base (
    id                       uuid PRIMARY KEY,
    project_id               text NOT NULL,
    name                     text NOT NULL,
    description              text,
    embedding_model          text NOT NULL,
    chunk_strategy           text NOT NULL,
    chunk_size               int NOT NULL,
    chunk_overlap            int NOT NULL,
    chunk_semantic_threshold double precision NOT NULL,
    is_default               boolean NOT NULL DEFAULT false,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL
);
CREATE UNIQUE INDEX knowledge_base_one_default ON knowledge_base (project_id) WHERE is_default;
CREATE UNIQUE INDEX knowledge_base_name ON knowledge_base (project_id, lower(name));

CREATE TABLE document (
    id                       uuid PRIMARY KEY,
    project_id               text NOT NULL,
    knowledge_base_id        uuid NOT NULL REFERENCES knowledge_base (id),
    name                     text NOT NULL,
    content_type             text NOT NULL,
    size_bytes               bigint NOT NULL,
    content_hash             text NOT NULL,
    markdown_size            bigint,
    page_count               int,
    status                   text NOT NULL,
    error                    text,
    active                   boolean NOT NULL DEFAULT true,
    -- version: the newest version (being built, or served once ready);
    -- indexed_version: the version readers get until a newer one is fully indexed.
    version                  int NOT NULL,
    indexed_version          int,
    chunks_total             int NOT NULL DEFAULT 0,
    chunks_indexed           int NOT NULL DEFAULT 0,
    chunk_strategy           text NOT NULL,
    chunk_size               int NOT NULL,
    chunk_overlap            int NOT NULL,
    chunk_semantic_threshold double precision NOT NULL,
    effective_chunk_size     int,
    metadata                 jsonb NOT NULL DEFAULT '{}'::jsonb,
    claimed_at               timestamptz,
    attempts                 int NOT NULL DEFAULT 0,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL
);
CREATE INDEX document_by_project ON document (project_id, created_at DESC, id);
CREATE INDEX document_by_kb ON document (knowledge_base_id, created_at DESC);
CREATE INDEX document_metadata ON document USING gin (metadata jsonb_path_ops);
CREATE INDEX document_work ON document (created_at) WHERE status IN ('queued', 'parsing', 'chunking');

CREATE SEQUENCE chunk_seq INCREMENT BY 50;
CREATE TABLE chunk (
    id           bigint PRIMARY KEY,
    document_id  uuid NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    version      int NOT NULL,
    ordinal      int NOT NULL,
    project_id   text NOT NULL,
    content      text NOT NULL,
    title        text,
    chunk_type   text NOT NULL,
    start_offset int NOT NULL,
    end_offset   int NOT NULL,
    page         int,
    token_count  int NOT NULL,
    indexed      boolean NOT NULL DEFAULT false,
    UNIQUE (document_id, version, ordinal)
);

CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    topic       text NOT NULL,
    message_key text NOT NULL,
    payload     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
