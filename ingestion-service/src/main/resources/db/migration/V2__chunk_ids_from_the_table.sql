-- Chunks are inserted with plain JDBC (the pipeline's hot path), so their ids come from the
-- table's own default instead of Hibernate's pooled sequence (which reserved blocks of 50).
-- The sequence restarts past every id already handed out.
ALTER SEQUENCE chunk_seq INCREMENT BY 1;
SELECT setval('chunk_seq', greatest((SELECT last_value FROM chunk_seq), (SELECT coalesce(max(id), 0) FROM chunk)) + 50);
ALTER TABLE chunk ALTER COLUMN id SET DEFAULT nextval('chunk_seq');
