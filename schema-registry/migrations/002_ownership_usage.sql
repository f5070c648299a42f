-- Registry tokens, stored only as sha256 hashes: a leaked database reveals no token.
CREATE TABLE tokens (
  id bigserial PRIMARY KEY,
  hash text NOT NULL UNIQUE,
  team text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'governance', 'team', 'gateway')),
  label text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text
);

-- Which team owns each subgraph name; claimed by its first publish.
CREATE TABLE owners (
  subgraph text PRIMARY KEY,
  team text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  claimed_by text
);

-- Subgraphs published before ownership existed belong to the team their descriptor names.
INSERT INTO owners (subgraph, team, claimed_by)
SELECT s.name, COALESCE(v.data_product->>'team', 'unowned'), 'migration'
FROM subgraphs s JOIN subgraph_versions v ON v.subgraph = s.name AND v.version = s.current_version;

-- A label the publisher gave the version (a git SHA, a release number).
ALTER TABLE subgraph_versions ADD COLUMN label text;

-- Field usage reported by gateways, summed per UTC day, coordinate, client and operation.
CREATE TABLE usage_daily (
  day date NOT NULL,
  coordinate text NOT NULL,
  type_name text NOT NULL,
  client text NOT NULL,
  operation_hash text NOT NULL,
  operation_name text,
  requests bigint NOT NULL,
  PRIMARY KEY (day, coordinate, client, operation_hash)
);
CREATE INDEX usage_daily_by_type ON usage_daily (type_name, day);
