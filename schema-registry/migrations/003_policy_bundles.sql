-- Versioned access-policy bundles published by the governance team; rows are only ever inserted.
CREATE TABLE policy_bundles (
  id bigserial PRIMARY KEY,
  version text NOT NULL,
  files jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by text NOT NULL
);
