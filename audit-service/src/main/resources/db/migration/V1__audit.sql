-- The audit trail. Partitioned by event time, one partition per month, created on demand by the
-- consumer; retention drops whole partitions (no DELETE, no bloat).
CREATE TABLE audit_events (
    project_id    text        NOT NULL,  -- '-' when the caller was unknown
    seq           bigint      NOT NULL,  -- position in the project's hash chain, from 1
    event_id      uuid        NOT NULL,
    time          timestamptz NOT NULL,
    stored_at     timestamptz NOT NULL,
    request_id    text,
    actor_type    text        NOT NULL,
    actor_id      text,
    actor_user_id text,
    action        text        NOT NULL,
    denied_action text,
    resource_ids  text[]      NOT NULL,
    method        text        NOT NULL,
    path          text        NOT NULL,
    status        smallint    NOT NULL,
    error_code    text,
    latency_ms    double precision,
    client_ip     text,
    user_agent    text,
    service       text,
    metadata      jsonb,
    prev_hash     bytea       NOT NULL,
    hash          bytea       NOT NULL
) PARTITION BY RANGE (time);

-- Idempotency backstop (a partitioned unique index must hold the partition key) and GET by id.
CREATE UNIQUE INDEX audit_events_event_id ON audit_events (event_id, time);
-- Listing: newest first within a project; the other filters ride on it or on their own index.
CREATE INDEX audit_events_project_time ON audit_events (project_id, time DESC, event_id DESC);
CREATE INDEX audit_events_project_action ON audit_events (project_id, action COLLATE "C", time DESC);
CREATE INDEX audit_events_project_actor ON audit_events (project_id, actor_id, time DESC);
CREATE INDEX audit_events_project_user ON audit_events (project_id, actor_user_id, time DESC);
CREATE INDEX audit_events_request ON audit_events (request_id);
-- Walking a project's chain in stored order.
CREATE INDEX audit_events_project_seq ON audit_events (project_id, seq);

-- The last link of each project's chain; locked FOR UPDATE by the writer that extends it.
CREATE TABLE audit_chain_heads (
    project_id text   PRIMARY KEY,
    seq        bigint NOT NULL,
    hash       bytea  NOT NULL
);

CREATE TABLE audit_exports (
    id           uuid        PRIMARY KEY,
    project_id   text        NOT NULL,
    requested_by text,
    status       text        NOT NULL,  -- pending, running, completed, failed, expired
    format       text        NOT NULL,  -- json, jsonl, csv
    gzip         boolean     NOT NULL,
    filters      jsonb       NOT NULL,
    row_count    bigint,
    size_bytes   bigint,
    error        text,
    attempts     integer     NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz,
    heartbeat_at timestamptz,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX audit_exports_project ON audit_exports (project_id, created_at DESC);
CREATE INDEX audit_exports_claimable ON audit_exports (status, heartbeat_at) WHERE status IN ('pending', 'running');
