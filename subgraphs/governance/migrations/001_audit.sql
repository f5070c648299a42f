-- The audit trail. Rows are only ever inserted.
CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  subject text NOT NULL,
  roles text[] NOT NULL,
  operation_name text,
  operation_hash text,
  path text,
  coordinate text NOT NULL,
  decision text NOT NULL,
  rule text NOT NULL,
  policy_version text NOT NULL,
  source text NOT NULL
);
CREATE INDEX audit_events_subject ON audit_events (subject);
CREATE INDEX audit_events_at ON audit_events (at);
