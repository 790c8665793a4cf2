-- Chunks are inserted with plain JDBC (the pipeline's hot path), so their ids come from the
-- column's default. The sequence keeps its step of 50: during a rolling upgrade an instance of the
-- previous release (Hibernate's pooled ids: a block of 50 per nextval) and a new one (one nextval
-- per chunk) never hand out the same id. Ids then advance by 50 per chunk; a bigint lasts.
ALTER TABLE chunk ALTER COLUMN id SET DEFAULT nextval('chunk_seq');
