-- Failures are what people search an audit trail for, and they are a few percent of it: a partial
-- index over them, newest first, answers status filters of 400 and up (4xx, 5xx, 403…) without
-- walking every success. The included columns let the listing's key scan filter on status and
-- action and count matches from the index alone.
CREATE INDEX audit_events_project_errors ON audit_events (project_id, time DESC)
    INCLUDE (status, action, event_id) WHERE status >= 400;
