-- What kind of name a usage row's client is: an application's own name (the
-- apollographql-client-name header), an API key's id, or a signed-in user's
-- subject, which the catalog shows only to governance. Rows reported before
-- kinds existed are 'unknown' and treated like user subjects.
ALTER TABLE usage_daily ADD COLUMN client_kind text NOT NULL DEFAULT 'unknown' CHECK (client_kind IN ('app', 'api-key', 'user', 'unknown'));
ALTER TABLE usage_daily DROP CONSTRAINT usage_daily_pkey;
ALTER TABLE usage_daily ADD PRIMARY KEY (day, coordinate, client_kind, client, operation_hash);
